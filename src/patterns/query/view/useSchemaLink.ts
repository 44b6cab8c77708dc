import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LabDbState } from '../../../lab/view';
import { createIndexSql, NOT_THE_CAPTURE_TABLE, type RunSql } from './indexSql';
import type { AddedIndex, IndexViewMemory } from './indexViewMemory';
import { addedAfterChange, hasOrdersCustomerIndex, missingIndexes, ordersIndexDdl, sameIndexNames } from './ordersIndexLink';
import { setBooleanParam } from './paramControl';
import type { Catalog } from './useIndexWorkbench';

/** What the index view says about the schema: the parameter it switched, an index it made again, indexes a rebuild removed. */
export interface SchemaNotice {
  kind: 'linked' | 'recreated' | 'lost' | 'unlinked';
  text: string;
}

interface SchemaLinkInput {
  /** The "Index on orders.customer_id" parameter in force (undefined before the lab's first run). */
  paramIndexed: boolean | undefined;
  catalog: Catalog | null;
  busy: boolean;
  db: LabDbState;
  /**
   * The run's own statements have run on the primary (its comparison of the strategies is done):
   * becomes true once per run, after the cluster was reset for it.
   */
  runSettled: boolean;
  memory: IndexViewMemory;
  update(next: Partial<IndexViewMemory>): void;
  run: RunSql;
  changeIndexes(label: string, ddl: () => string, onDone?: (catalog: Catalog) => void): void;
  refreshCatalog(): Promise<Catalog | null>;
}

const PARAM = 'ordersIndex';
const PARAM_LABEL = '“Index on orders.customer_id”';

/** How often the view checks that the primary is the one, with the indexes, it last read (ms). */
const PROBE_EVERY_MS = 3000;

/**
 * When the primary started and which indexes it has: a rebuilt node starts again (from its base
 * backup, without the learner's indexes); the SQL console may add or drop indexes too.
 */
export const PROBE_SQL = `select pg_postmaster_start_time()::text as started,
  coalesce((select string_agg(c.relname, ',' order by c.relname) from pg_index ix
    join pg_class c on c.oid = ix.indexrelid join pg_namespace n on n.oid = c.relnamespace
    join pg_class t on t.oid = ix.indrelid
    where n.nspname = 'public' and t.relname <> ${NOT_THE_CAPTURE_TABLE}), '') as indexes`;

/**
 * Keeps the learner's schema and the lab's state one fact:
 * - an index created or dropped on orders (customer_id …), here or in the SQL console, switches
 *   the parameter, so the strategy table, the diagram and the model price the lookups as the
 *   primary now runs them;
 * - the parameter switched in the panel (or set by a scenario or the address) creates or drops
 *   that index on the primary;
 * - when the primary was rebuilt (a new run boots a node changed since it booted again, from its
 *   base backup), the index the parameter stands for is created again, and the learner's other
 *   indexes that are gone are named, with a button to create them again.
 */
export function useSchemaLink(input: SchemaLinkInput) {
  const { paramIndexed, catalog, busy, db, runSettled, memory, update, run, changeIndexes, refreshCatalog } = input;
  const [notice, setNotice] = useState<SchemaNotice | null>(null);
  const [lost, setLost] = useState<AddedIndex[]>([]);
  // A request to make the primary match the parameter, and why (the notice says it).
  const wanted = useRef<'param' | 'rebuilt' | null>(null);
  const probing = useRef(false);
  // When the primary the view last read had started: a catalog read from a later start is a rebuilt primary.
  const seenStarted = useRef<string | null>(null);
  const latest = useRef(input);
  useLayoutEffect(() => {
    latest.current = input;
  });

  /**
   * Whether `read` comes from a primary rebuilt since the last catalog this view saw; if so, ask
   * for the parameter's index again and name the learner's indexes that are gone. Every catalog
   * read goes through here (whichever action read it), so a rebuild is never absorbed unnoticed
   * by a read that happened to come first (issue 18, items 1 and 2: the index did not come back).
   */
  const noteRebuild = useCallback((read: Catalog): boolean => {
    const before = seenStarted.current;
    seenStarted.current = read.started;
    if (before === null || before === read.started) return false;
    wanted.current = 'rebuilt';
    const gone = missingIndexes(latest.current.memory.added, read.indexes);
    setLost(gone);
    if (gone.length > 0) {
      setNotice({ kind: 'lost', text: `The run restarted and rebuilt the primary from its base backup (a node changed since it booted is booted again for a new run): the ${gone.length === 1 ? 'index' : `${gone.length} indexes`} you added ${gone.length === 1 ? 'is' : 'are'} gone (${gone.map((g) => g.name).join(', ')}). Only the index on orders (customer_id) is part of the lab's state (its parameter); create the others again if you still want them.` });
    }
    return true;
  }, []);

  /** After the indexes changed by the learner's hand: remember theirs, and switch the parameter if the orders index came or went. */
  const afterLearnerChange = useCallback(
    (after: Catalog) => {
      // Rebuilt while the learner's change ran: the index is gone by the rebuild, not by their hand.
      if (noteRebuild(after)) return;
      const { memory: m, paramIndexed: param } = latest.current;
      update({ added: addedAfterChange(m.added, after.indexes) });
      setLost((l) => missingIndexes(l, after.indexes));
      const real = hasOrdersCustomerIndex(after.indexes);
      if (param === undefined || real === param) return;
      if (setBooleanParam(PARAM, real)) {
        setNotice({ kind: 'linked', text: `${real ? 'Turned on' : 'Turned off'} the parameter ${PARAM_LABEL}: the index you ${real ? 'created' : 'dropped'} is the one it stands for, so the three ways above, the diagram and the model now price each lookup ${real ? 'with' : 'without'} it.` });
      } else {
        setNotice({ kind: 'unlinked', text: `The primary ${real ? 'now has' : 'no longer has'} an index on orders (customer_id), but the parameter ${PARAM_LABEL} could not be switched from here (close the SQL console to show the parameters): switch it ${real ? 'on' : 'off'} so the model prices the lookups the same way.` });
      }
    },
    [update, noteRebuild],
  );

  // Any catalog read (a query chosen, an index changed, a probe) may be the first from a rebuilt
  // primary. Declared before the effect below, so the request it makes is acted on in the same commit.
  useEffect(() => {
    if (catalog !== null) noteRebuild(catalog);
  }, [catalog, noteRebuild]);

  // The parameter changed (panel, scenario, address, or this view after the learner's change):
  // the primary must follow (nothing to do when it already does).
  useEffect(() => {
    if (paramIndexed === undefined) return;
    wanted.current ??= 'param';
  }, [paramIndexed]);

  // Make the primary match the parameter when asked and able (declared after the parameter's
  // effect, so a change of the parameter is acted on in the same commit).
  useEffect(() => {
    const why = wanted.current;
    if (why === null || paramIndexed === undefined || catalog === null || busy) return;
    wanted.current = null;
    const on = paramIndexed;
    if (hasOrdersCustomerIndex(catalog.indexes) === on) return;
    const rebuilt = why === 'rebuilt';
    changeIndexes(on ? 'Creating the index the parameter turns on' : 'Dropping the index the parameter turns off', () => ordersIndexDdl(on, catalog.indexes, latest.current.memory.added), (after) => {
      if (hasOrdersCustomerIndex(after.indexes) !== on) return;
      if (rebuilt) {
        setNotice((n) =>
          n?.kind === 'lost'
            ? n
            : { kind: 'recreated', text: `The run restarted, and a node changed since it booted is rebuilt from its base backup for a new run, so the primary had lost the index on orders (customer_id). It was created again, because the parameter ${PARAM_LABEL} is on: that index is part of the lab's state (the address and a saved scenario keep it).` },
        );
      } else {
        setNotice({ kind: 'linked', text: `The parameter ${PARAM_LABEL} is ${on ? 'on: the index it stands for was created on the primary' : 'off: the index on orders (customer_id) was dropped from the primary'}, so the plans below and the model agree.` });
      }
    });
  }, [paramIndexed, catalog, busy, changeIndexes]);

  /** The primary was rebuilt since the catalog was read: read it again ({@link noteRebuild} does the rest). */
  const afterRebuild = useCallback(async () => {
    await refreshCatalog();
  }, [refreshCatalog]);

  /** Check the primary against the catalog the view shows; act on a rebuild or on indexes changed elsewhere. */
  const probe = useCallback(async () => {
    const now = latest.current;
    if (probing.current || now.catalog === null || now.busy || now.db !== 'ready') return;
    probing.current = true;
    try {
      const outcome = await run(PROBE_SQL);
      if (!outcome.ok || outcome.rows.length === 0) return;
      const started = String(outcome.rows[0]!.started);
      const indexes = String(outcome.rows[0]!.indexes);
      const after = latest.current;
      if (after.busy || after.catalog === null) return;
      if (started !== after.catalog.started) {
        await afterRebuild();
      } else if (!sameIndexNames(indexes, after.catalog.indexes)) {
        const fresh = await refreshCatalog();
        if (fresh !== null) afterLearnerChange(fresh);
      }
    } finally {
      probing.current = false;
    }
  }, [run, afterRebuild, refreshCatalog, afterLearnerChange]);

  // Check now and then, and at once when a new run's statements ran or the primary came back.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void probe();
    }, PROBE_EVERY_MS);
    return () => clearInterval(timer);
  }, [probe]);
  const hasCatalog = catalog !== null;
  useEffect(() => {
    if (hasCatalog && db === 'ready' && !busy) void probe();
  }, [hasCatalog, db, runSettled, busy, probe]);

  /** Create again the learner's indexes a rebuild removed. */
  const recreateLost = () => {
    if (catalog === null || lost.length === 0) return;
    const ddl = () => lost.map((l) => createIndexSql(l.table, l.columns, catalog.columns)).join('; ');
    changeIndexes('Creating your indexes again', ddl, (after) => {
      update({ added: addedAfterChange(memory.added, after.indexes) });
      setLost(missingIndexes(lost, after.indexes));
      setNotice(null);
    });
  };

  return { notice, lost, afterLearnerChange, recreateLost, dismiss: () => setNotice(null) };
}
