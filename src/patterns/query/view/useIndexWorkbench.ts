import { useCallback, useRef, useState } from 'react';
import type { DbErrorInfo } from '../../../db/dbWorkerProtocol';
import { parsePlan, type PlanTree } from '../../../ui/plan';
import type { IndexInfo } from './indexChecklist';
import { explainQuery, insertPlanCost, listColumns, listIndexes, SqlError, startTime, tableRows, type RunSql } from './indexSql';

/** A query's plan as EXPLAIN returned it and as parsed for the checklist and the scan summary. */
export interface Explained {
  plan: unknown;
  tree: PlanTree;
  analyzed: boolean;
  sql: string;
  /**
   * EXPLAIN ANALYZE's execution times of the measured runs, ms (the plan shown is the median
   * one's); every measurement follows a warm-up run, so a cold cache does not count.
   */
  runsMs: number[];
}

/** Measured EXPLAIN ANALYZE runs per plan compared before and after an index change, after one warm-up run. */
export const COMPARE_RUNS = 3;

/** The plans before and after an index change, and the statement that made it. */
export interface PlanChange {
  before: Explained;
  after: Explained;
  change: string;
}

/** What the primary's catalog says of the demo tables. */
export interface Catalog {
  indexes: IndexInfo[];
  columns: Record<string, string[]>;
  rows: Record<string, number>;
  /** The planner's cost of inserting one row, by table. */
  insertCost: Record<string, number>;
  /** When the primary it was read from started (a rebuilt primary starts again, without the learner's indexes). */
  started: string;
}

/** Something that failed, with PostgreSQL's own error when it came from a statement. */
export interface Problem {
  what: string;
  info: DbErrorInfo | null;
  message: string;
}

function problemOf(what: string, error: unknown): Problem {
  if (error instanceof SqlError) return { what, info: error.info, message: error.info.message };
  return { what, info: null, message: error instanceof Error ? error.message : String(error) };
}

/** One thing at a time on the primary, named while it runs; errors are shown, never thrown away. */
function useOneAtATime() {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const busyRef = useRef(false);
  const act = useCallback(async (label: string, work: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(label);
    try {
      await work();
    } catch (error) {
      setProblem(problemOf(label, error));
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  }, []);
  return { busy, problem, setProblem, act };
}

/**
 * The index view's dealings with the primary: run a query's EXPLAIN, change the indexes and
 * compare the plans before and after, and keep the catalog (indexes, columns, rows, insert costs)
 * current. `run` sends one statement to the lab's primary.
 */
export function useIndexWorkbench(run: RunSql) {
  const { busy, problem, setProblem, act } = useOneAtATime();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [current, setCurrent] = useState<Explained | null>(null);
  const [compare, setCompare] = useState<PlanChange | null>(null);

  const loadCatalog = useCallback(
    async (known?: Catalog | null): Promise<Catalog> => {
      const columns = known?.columns ?? (await listColumns(run));
      const started = await startTime(run);
      const indexes = await listIndexes(run);
      const rows = known?.rows ?? (await tableRows(run));
      const insertCost = known?.insertCost ?? {};
      for (const table of Object.keys(columns)) if (insertCost[table] === undefined) insertCost[table] = await insertPlanCost(run, table);
      const next = { columns, indexes, rows, insertCost, started };
      setCatalog(next);
      return next;
    },
    [run],
  );

  /**
   * The plan of `text`, measured warm: a read runs once to warm the cache, then `runs` times; the
   * median run's plan is kept, with every run's execution time. A write is only planned, once.
   */
  const explain = useCallback(
    async (text: string, runs = 1): Promise<Explained> => {
      const first = await explainQuery(run, text);
      if (!first.analyzed) return { ...first, tree: parsePlan(first.plan), runsMs: [] };
      const measured = [];
      for (let i = 0; i < runs; i++) {
        const e = await explainQuery(run, text);
        measured.push({ ...e, tree: parsePlan(e.plan) });
      }
      const byTime = [...measured].sort((a, b) => (a.tree.executionTimeMs ?? 0) - (b.tree.executionTimeMs ?? 0));
      const median = byTime[Math.floor((byTime.length - 1) / 2)]!;
      return { ...median, runsMs: measured.map((m) => m.tree.executionTimeMs ?? NaN) };
    },
    [run],
  );

  const runQuery = useCallback(
    (text: string) =>
      act('Running EXPLAIN', async () => {
        setProblem(null);
        setCompare(null);
        setCurrent(null);
        const [e] = await Promise.all([explain(text), loadCatalog(catalog)]);
        setCurrent(e);
      }),
    [act, explain, loadCatalog, catalog, setProblem],
  );

  /**
   * Run the DDL `ddl()` makes, then `sql`'s plan again, and show both plans compared; `onDone`
   * gets the catalog as it is after the change.
   */
  const changeIndexes = (label: string, ddl: () => string, sql: string, onDone?: (catalog: Catalog) => void) =>
    act(label, async () => {
      setProblem(null);
      const statement = ddl();
      // Both sides measured alike (warm, median of several runs), so the ratio is the index's doing.
      const before = await explain(sql, COMPARE_RUNS);
      const outcome = await run(statement);
      if (!outcome.ok) throw new SqlError(outcome.error, statement);
      try {
        const after = await explain(sql, COMPARE_RUNS);
        setCompare({ before, after, change: statement });
        setCurrent(after);
      } catch (error) {
        setCurrent(null);
        setCompare(null);
        throw error;
      } finally {
        // After the new plan ran, so the usage counts include it.
        const after = await loadCatalog(catalog);
        onDone?.(after);
      }
    });

  /** Read the indexes again (the primary may have been rebuilt since); resolves to the catalog, or null if busy or failed. */
  const refreshCatalog = useCallback(async (): Promise<Catalog | null> => {
    let read: Catalog | null = null;
    await act('Reading the indexes', async () => {
      read = await loadCatalog(catalog);
    });
    return read;
  }, [act, loadCatalog, catalog]);

  /** Forget the plans and the problem shown (the learner chose to type their own SQL). */
  const clear = () => {
    setCompare(null);
    setCurrent(null);
    setProblem(null);
  };

  return { busy, problem, catalog, current, compare, runQuery, changeIndexes, refreshCatalog, clear };
}
