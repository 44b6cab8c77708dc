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
import { COMPARE_RUNS, useIndexWorkbench, type Explained, type PlanChange, type Problem } from './useIndexWorkbench';
import { useSchemaLink, type SchemaNotice } from './useSchemaLink';

/**
 * The index view: a query's real plan (EXPLAIN ANALYZE on the lab's primary), the indexes of
 * the demo tables with add and drop, the plan before and after compared, the query's index
 * checklist, what each index costs every INSERT against what it saves a read, and the indexes
 * nothing has used.
 */
export function IndexLab({ api }: { api: LabViewApi<QueryParams, QueryDetail> }) {
  const [memory, update] = useIndexViewMemory();
  const { busy, problem, catalog, current, compare, runQuery, changeIndexes, refreshCatalog, clear } = useIndexWorkbench(api.runSql);
  // Partial: the page knows no parameters until the lab's first run is loaded.
  const params: Partial<QueryParams> = api.useParams();
  const detail = api.useDetail();
  const db = api.useDb().state;

  const seed = seedQueries.find((q) => q.id === memory.queryId) ?? null;
  const sql = seed ? seed.sql : memory.freeSql;
  const link = useSchemaLink({
    paramIndexed: params.ordersIndex,
    catalog,
    busy: busy !== null,
    db,
    runSettled: detail !== null && (detail.comparison !== null || detail.comparisonError !== null),
    memory,
    update,
    run: api.runSql,
    changeIndexes: (label, ddl, onDone) => void changeIndexes(label, ddl, sql, onDone),
    refreshCatalog,
  });

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
      {link.notice !== null && <SchemaNoticeView notice={link.notice} lost={link.lost.length} busy={busy !== null} onRecreate={link.recreateLost} onDismiss={link.dismiss} />}
      <div className="query-index-grid">
        <IndexesPanel
          seed={seed}
          catalog={catalog}
          tables={tables}
          busy={busy !== null}
          paramIndexed={params.ordersIndex}
          changeIndexes={(label, ddl) => void changeIndexes(label, ddl, sql, link.afterLearnerChange)}
        />
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
    <div className="error-box query-error" role="alert" data-testid="query-error">
      <strong>{problem.what} failed:</strong> {problem.message}
      {problem.info?.code && <span className="query-error-code"> (SQLSTATE {problem.info.code})</span>}
      {problem.info?.detail && <div>{problem.info.detail}</div>}
      {problem.info?.hint && <div>Hint: {problem.info.hint}</div>}
    </div>
  );
}

/** What the index view says about the schema: a parameter it switched, an index it created again, indexes a rebuild removed. */
function SchemaNoticeView({ notice, lost, busy, onRecreate, onDismiss }: { notice: SchemaNotice; lost: number; busy: boolean; onRecreate(): void; onDismiss(): void }) {
  return (
    <div className={`query-schema-notice query-schema-notice--${notice.kind}`} role="status" data-testid="query-schema-notice" data-kind={notice.kind}>
      <p>{notice.text}</p>
      <div className="query-schema-actions">
        {notice.kind === 'lost' && lost > 0 && (
          <button type="button" className="button button--small" disabled={busy} onClick={onRecreate} data-testid="query-recreate-indexes">
            Create {lost === 1 ? 'it' : `the ${lost}`} again
          </button>
        )}
        <button type="button" className="button button--small" onClick={onDismiss}>
          OK
        </button>
      </div>
    </div>
  );
}

/** How a plan was measured, in a few words (times of the runs kept, warm). */
function measured(e: Explained): string {
  if (!e.analyzed) return 'planned only';
  const times = e.runsMs.map((ms) => `${ms.toFixed(ms < 10 ? 3 : 1)} ms`).join(', ');
  return e.runsMs.length > 1 ? `median of ${e.runsMs.length} warm runs: ${times}` : `after a warm-up run: ${times}`;
}

/** The planner's estimate for the whole plan. */
function costOf(e: Explained): string {
  return e.tree.root.totalCost.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** The plans before and after the last index change, or else the current query's plan. */
function PlanShown({ current, compare }: { current: Explained | null; compare: PlanChange | null }) {
  if (compare) {
    return (
      <>
        <p className="panel-note" data-testid="query-compare-method">
          Like with like: each side is the median of {COMPARE_RUNS} EXPLAIN ANALYZE runs, each after a warm-up run, so neither reads a cold cache (the first run of a query after a change reads its pages from disk and is
          many times slower). Before: {measured(compare.before)}, planner&apos;s cost {costOf(compare.before)}. After: {measured(compare.after)}, planner&apos;s cost {costOf(compare.after)}. Times this small vary from run to run; the
          planner&apos;s cost does not.
        </p>
        <PlanCompare
          before={compare.before.plan}
          after={compare.after.plan}
          title={`Before and after: ${compare.change}`}
          beforeTitle={`Before (cost ${costOf(compare.before)})`}
          afterTitle={`After (cost ${costOf(compare.after)})`}
          sql={compare.after.sql}
        />
      </>
    );
  }
  if (current) {
    return <PlanViewer plan={current.plan} title={current.analyzed ? `Query plan (EXPLAIN ANALYZE, ${measured(current)}; planner's cost ${costOf(current)})` : 'Query plan (planned only: a write is never run here)'} sql={current.sql} />;
  }
  return null;
}
