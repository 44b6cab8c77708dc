import { useEffect, useMemo, useRef } from 'react';
import type { LabViewApi } from '../../../lab/view';
import { PlanCompare, PlanViewer } from '../../../ui/plan';
import type { QueryDetail } from '../detail';
import type { QueryParams } from '../params';
import { ChecklistPanel } from './ChecklistPanel';
import { IndexesPanel } from './IndexesPanel';
import { useIndexViewMemory } from './indexViewMemory';
import { QueryPicker } from './QueryPicker';
import { seedQueries } from './seedQueries';
import { useIndexWorkbench, type Explained, type PlanChange, type Problem } from './useIndexWorkbench';

/**
 * The index view: a query's real plan (EXPLAIN ANALYZE on the lab's primary), the indexes of
 * the demo tables with add and drop, the plan before and after compared, the query's index
 * checklist, what each index costs every INSERT against what it saves a read, and the indexes
 * nothing has used.
 */
export function IndexLab({ api }: { api: LabViewApi<QueryParams, QueryDetail> }) {
  const [memory, update] = useIndexViewMemory();
  const { busy, problem, catalog, current, compare, runQuery, changeIndexes, clear } = useIndexWorkbench(api.runSql);

  const seed = seedQueries.find((q) => q.id === memory.queryId) ?? null;
  const sql = seed ? seed.sql : memory.freeSql;

  // The chosen seed query's plan as soon as the lab's run is loaded (the worker then knows which
  // primary to ask); free SQL runs when the learner asks.
  const { loaded } = api.usePlayback();
  const ranFirst = useRef(false);
  useEffect(() => {
    if (!loaded || ranFirst.current) return;
    ranFirst.current = true;
    const first = seed?.sql ?? null;
    if (first !== null) void Promise.resolve().then(() => runQuery(first));
    // Once, when first loaded: later choices run from their own handlers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded]);

  const choose = (queryId: string) => {
    update({ queryId });
    const next = seedQueries.find((q) => q.id === queryId);
    if (next) void runQuery(next.sql);
    else clear();
  };

  const tree = current?.tree ?? null;
  const tables = useMemo(() => [...new Set((tree?.nodes ?? []).map((n) => n.relationName).filter((x): x is string => !!x))], [tree]);

  return (
    <section className="query-index-lab" aria-labelledby="query-index-title" data-testid="index-lab">
      <h2 id="query-index-title">Indexes and plans</h2>
      <p className="panel-note">
        Real <code>EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)</code> on this lab&apos;s PostgreSQL primary. Add or drop an index and the plan is run again and compared with the one before.
      </p>
      <QueryPicker memory={memory} seed={seed} busy={busy !== null} onChoose={choose} onRun={(text) => void runQuery(text)} onFreeSqlChange={(freeSql) => update({ freeSql })} />
      {busy !== null && (
        <p className="query-busy" role="status">
          <span className="spinner" aria-hidden="true" /> {busy}… {catalog === null && '(the first statement starts PostgreSQL: 5–15 s)'}
        </p>
      )}
      {problem !== null && <ProblemAlert problem={problem} />}
      <div className="query-index-grid">
        <IndexesPanel seed={seed} catalog={catalog} tables={tables} busy={busy !== null} changeIndexes={(label, ddl) => void changeIndexes(label, ddl, sql)} />
        <ChecklistPanel current={current} catalog={catalog} tables={tables} compare={compare} />
      </div>
      <div className="query-plan" data-testid="query-plan">
        <PlanShown current={current} compare={compare} />
      </div>
    </section>
  );
}

/** What failed, with PostgreSQL's code, detail and hint when it was a statement. */
function ProblemAlert({ problem }: { problem: Problem }) {
  return (
    <div className="query-error" role="alert" data-testid="query-error">
      <strong>{problem.what} failed:</strong> {problem.message}
      {problem.info?.code && <span className="query-error-code"> (SQLSTATE {problem.info.code})</span>}
      {problem.info?.detail && <div>{problem.info.detail}</div>}
      {problem.info?.hint && <div>Hint: {problem.info.hint}</div>}
    </div>
  );
}

/** The plans before and after the last index change, or else the current query's plan. */
function PlanShown({ current, compare }: { current: Explained | null; compare: PlanChange | null }) {
  if (compare) return <PlanCompare before={compare.before.plan} after={compare.after.plan} title={`Before and after: ${compare.change}`} beforeTitle="Before" afterTitle="After" sql={compare.after.sql} />;
  if (current) return <PlanViewer plan={current.plan} title={current.analyzed ? 'Query plan (EXPLAIN ANALYZE)' : 'Query plan (planned only: a write is never run here)'} sql={current.sql} />;
  return null;
}
