import { useEffect, useRef, useState } from 'react';
import type { LabDbState } from '../../../lab/view';
import { createIndexSql } from './indexSql';
import type { AddedIndex, IndexViewMemory } from './indexViewMemory';
import { addedAfterChange, hasOrdersCustomerIndex, missingIndexes, ordersIndexDdl } from './ordersIndexLink';
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
   * true once per run, after the cluster was reset for it.
   */
  runSettled: boolean;
  memory: IndexViewMemory;
  update(next: Partial<IndexViewMemory>): void;
  changeIndexes(label: string, ddl: () => string, onDone?: (catalog: Catalog) => void): void;
  refreshCatalog(): Promise<Catalog | null>;
}

const PARAM = 'ordersIndex';
const PARAM_LABEL = '“Index on orders.customer_id”';

/**
 * Keeps the learner's schema and the lab's state one fact:
 * - an index created or dropped here on orders (customer_id …) switches the parameter, so the
 *   strategy table, the diagram and the model price the lookups as the primary now runs them;
 * - the parameter switched in the panel (or by a scenario) creates or drops that index here;
 * - when the primary is rebuilt (a reset boots a changed node again from its base backup), the
 *   index the parameter stands for is created again, and the learner's other indexes that are
 *   gone are named, with a button to create them again.
 */
export function useSchemaLink({ paramIndexed, catalog, busy, db, runSettled, memory, update, changeIndexes, refreshCatalog }: SchemaLinkInput) {
  const [notice, setNotice] = useState<SchemaNotice | null>(null);
  const [lost, setLost] = useState<AddedIndex[]>([]);
  // The value we asked the parameter to take, until the page reports it in force.
  const pendingParam = useRef<boolean | null>(null);
  // One attempt per parameter value and catalog, so a failing statement is not retried for ever.
  const attempted = useRef<{ on: boolean; catalog: Catalog } | null>(null);
  const rebuilt = useRef(false);

  /** After the learner changed the indexes here: remember theirs, and switch the parameter if the orders index came or went. */
  const afterLearnerChange = (after: Catalog) => {
    update({ added: addedAfterChange(memory.added, after.indexes) });
    setLost((l) => missingIndexes(l, after.indexes));
    const real = hasOrdersCustomerIndex(after.indexes);
    if (paramIndexed === undefined || real === paramIndexed) return;
    if (setBooleanParam(PARAM, real)) {
      pendingParam.current = real;
      setNotice({ kind: 'linked', text: `${real ? 'Turned on' : 'Turned off'} the parameter ${PARAM_LABEL}: the index you ${real ? 'created' : 'dropped'} is the one it stands for, so the three ways above, the diagram and the model now price each lookup ${real ? 'with' : 'without'} it.` });
    } else {
      setNotice({ kind: 'unlinked', text: `The primary ${real ? 'now has' : 'no longer has'} an index on orders (customer_id), but the parameter ${PARAM_LABEL} could not be switched from here (close the SQL console to show the parameters): switch it ${real ? 'on' : 'off'} so the model prices the lookups the same way.` });
    }
  };

  // The parameter changed (panel, scenario, a reset to other values): make the primary match it.
  useEffect(() => {
    if (paramIndexed === undefined || catalog === null || busy) return;
    if (pendingParam.current !== null) {
      if (pendingParam.current !== paramIndexed) return;
      pendingParam.current = null;
    }
    if (hasOrdersCustomerIndex(catalog.indexes) === paramIndexed) return;
    if (attempted.current?.catalog === catalog && attempted.current.on === paramIndexed) return;
    attempted.current = { on: paramIndexed, catalog };
    const again = rebuilt.current;
    rebuilt.current = false;
    const on = paramIndexed;
    changeIndexes(on ? 'Creating the index the parameter turns on' : 'Dropping the index the parameter turns off', () => ordersIndexDdl(on, catalog.indexes), (after) => {
      if (hasOrdersCustomerIndex(after.indexes) !== on) return;
      setNotice(
        again
          ? { kind: 'recreated', text: `The run restarted, and a node changed since it booted is rebuilt from its base backup for a new run, so the primary had lost the index on orders (customer_id). It was created again, because the parameter ${PARAM_LABEL} is on: that index is part of the lab's state (the address and a saved scenario keep it).` }
          : { kind: 'linked', text: `The parameter ${PARAM_LABEL} is ${on ? 'on: the index it stands for was created on the primary' : 'off: the index on orders (customer_id) was dropped from the primary'}, so the plans below and the model agree.` },
      );
    });
  }, [paramIndexed, catalog, busy, changeIndexes]);

  // A new run started on a reset cluster, or the primary came back after a restart: read its
  // indexes again (a node changed since it booted is booted again from its base backup).
  const previous = useRef({ db, runSettled });
  useEffect(() => {
    const was = previous.current;
    previous.current = { db, runSettled };
    const primaryBack = db === 'ready' && was.db !== 'ready' && was.db !== 'cold';
    const newRun = runSettled && !was.runSettled;
    if (!(primaryBack || newRun) || db !== 'ready' || catalog === null) return;
    void refreshCatalog().then((fresh) => {
      if (fresh === null) return;
      const gone = missingIndexes(memory.added, fresh.indexes);
      const rebuiltWithout = gone.length > 0 || memory.added.some((a) => !fresh.indexes.some((i) => i.name === a.name)) || (paramIndexed === true && !hasOrdersCustomerIndex(fresh.indexes));
      if (!rebuiltWithout) return;
      rebuilt.current = true;
      setLost(gone);
      if (gone.length > 0) {
        setNotice({ kind: 'lost', text: `The run restarted and rebuilt the primary from its base backup (a node changed since it booted is booted again for a new run): the ${gone.length === 1 ? 'index' : `${gone.length} indexes`} you added ${gone.length === 1 ? 'is' : 'are'} gone (${gone.map((g) => g.name).join(', ')}). Only the index on orders (customer_id) is part of the lab's state (its parameter); create the others again if you still want them.` });
      }
    });
    // Only a new run or the database's state start this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, runSettled]);

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
