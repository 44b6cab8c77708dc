import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { runSql } from '../../../app/simulationClient';
import { useAppStore } from '../../../store/store';
import type { DbErrorInfo } from '../../../db/dbWorkerProtocol';
import { PlanCompare, PlanViewer, parsePlan, type PlanTree } from '../../../ui/plan';
import { COST_MODEL } from '../../../db/costModel';
import { indexChecklist, unusedIndexes, type IndexInfo } from './indexChecklist';
import { createIndexSql, dropIndexSql, explainQuery, insertPlanCost, listColumns, listIndexes, SqlError, tableRows } from './indexSql';
import { FREE_SQL_ID, seedQueries } from './seedQueries';
import { insertCostMs, readsToBreakEven } from '../indexWriteCost';

/** What the learner chose and typed survives closing the lab and reloading the page (this tab only). */
const MEMORY_KEY = 'dbLab.query.indexView';
interface Memory {
  queryId: string;
  freeSql: string;
}
function recall(): Memory {
  try {
    const raw = sessionStorage.getItem(MEMORY_KEY);
    if (raw) {
      const m = JSON.parse(raw) as Partial<Memory>;
      return { queryId: typeof m.queryId === 'string' ? m.queryId : seedQueries[0]!.id, freeSql: typeof m.freeSql === 'string' ? m.freeSql : '' };
    }
  } catch {
    // Storage unavailable or corrupt: start from the defaults.
  }
  return { queryId: seedQueries[0]!.id, freeSql: 'select * from orders where status = \'cancelled\' order by total desc limit 20' };
}
function remember(m: Memory): void {
  try {
    sessionStorage.setItem(MEMORY_KEY, JSON.stringify(m));
  } catch {
    // Private mode or full storage: the text stays on screen, it is only not kept across reloads.
  }
}

interface Explained {
  plan: unknown;
  tree: PlanTree;
  analyzed: boolean;
  sql: string;
}

interface Catalog {
  indexes: IndexInfo[];
  columns: Record<string, string[]>;
  rows: Record<string, number>;
  insertCost: Record<string, number>;
}

interface Problem {
  what: string;
  info: DbErrorInfo | null;
  message: string;
}

function problemOf(what: string, error: unknown): Problem {
  if (error instanceof SqlError) return { what, info: error.info, message: error.info.message };
  return { what, info: null, message: error instanceof Error ? error.message : String(error) };
}

const planMs = (tree: PlanTree) => COST_MODEL.statementOverheadMs + tree.root.totalCost * COST_MODEL.msPerCostUnit;
const fmtMs = (x: number) => (x >= 10 ? `${x.toFixed(1)} ms` : x >= 0.1 ? `${x.toFixed(2)} ms` : `${(x * 1000).toFixed(1)} µs`);

/**
 * The index view: a query's real plan (EXPLAIN ANALYZE on the lab's primary), the indexes of
 * the demo tables with add and drop, the plan before and after compared, the query's index
 * checklist, what each index costs every INSERT against what it saves a read, and the indexes
 * nothing has used.
 */
export function IndexLab() {
  const [memory, setMemory] = useState<Memory>(recall);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [current, setCurrent] = useState<Explained | null>(null);
  const [compare, setCompare] = useState<{ before: Explained; after: Explained; change: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ table: string; first: string; second: string }>({ table: 'orders', first: 'customer_id', second: '' });
  const busyRef = useRef(false);

  const seed = seedQueries.find((q) => q.id === memory.queryId) ?? null;
  const sql = seed ? seed.sql : memory.freeSql;

  const update = (next: Partial<Memory>) => {
    setMemory((m) => {
      const merged = { ...m, ...next };
      remember(merged);
      return merged;
    });
  };

  /** One thing at a time on the primary; errors are shown, never thrown away. */
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

  const loadCatalog = useCallback(async (known?: Catalog | null): Promise<Catalog> => {
    const columns = known?.columns ?? (await listColumns(runSql));
    const indexes = await listIndexes(runSql);
    const rows = known?.rows ?? (await tableRows(runSql));
    const insertCost = known?.insertCost ?? {};
    for (const table of Object.keys(columns)) if (insertCost[table] === undefined) insertCost[table] = await insertPlanCost(runSql, table);
    const next = { columns, indexes, rows, insertCost };
    setCatalog(next);
    return next;
  }, []);

  const explain = useCallback(async (text: string): Promise<Explained> => {
    const e = await explainQuery(runSql, text);
    return { ...e, tree: parsePlan(e.plan) };
  }, []);

  const runQuery = useCallback(
    (text: string) =>
      act('Running EXPLAIN', async () => {
        setProblem(null);
        setCompare(null);
        setCurrent(null);
        const [e] = await Promise.all([explain(text), loadCatalog(catalog)]);
        setCurrent(e);
      }),
    [act, explain, loadCatalog, catalog],
  );

  // The chosen seed query's plan as soon as the lab's run is loaded (the worker then knows which
  // primary to ask); free SQL runs when the learner asks.
  const loaded = useAppStore((s) => s.playback.loaded);
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
    else {
      setCompare(null);
      setCurrent(null);
      setProblem(null);
    }
  };

  const changeIndexes = (label: string, ddl: () => string) =>
    act(label, async () => {
      setProblem(null);
      const statement = ddl();
      const before = current ?? (await explain(sql));
      const outcome = await runSql(statement);
      if (!outcome.ok) throw new SqlError(outcome.error, statement);
      try {
        const after = await explain(sql);
        setCompare({ before, after, change: statement });
        setCurrent(after);
      } catch (error) {
        setCurrent(null);
        setCompare(null);
        throw error;
      } finally {
        // After the new plan ran, so the usage counts include it.
        await loadCatalog(catalog);
      }
    });

  const tree = current?.tree ?? null;
  const checklist = useMemo(() => (tree && catalog ? indexChecklist(tree, current!.sql, catalog.indexes, catalog.columns) : []), [tree, catalog, current]);
  const tables = useMemo(() => [...new Set((tree?.nodes ?? []).map((n) => n.relationName).filter((x): x is string => !!x))], [tree]);
  const unused = catalog ? unusedIndexes(catalog.indexes) : [];
  const added = catalog ? catalog.indexes.filter((i) => !i.constraint) : [];
  const tableColumns = catalog?.columns[draft.table] ?? [];

  return (
    <section className="query-index-lab" aria-labelledby="query-index-title" data-testid="index-lab">
      <h2 id="query-index-title">Indexes and plans</h2>
      <p className="panel-note">
        Real <code>EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)</code> on this lab&apos;s PostgreSQL primary. Add or drop an index and the plan is run again and compared with the one before.
      </p>

      <div className="query-picker">
        <label htmlFor="query-choice">Query</label>
        <select id="query-choice" value={memory.queryId} onChange={(e) => choose(e.target.value)} disabled={busy !== null} data-testid="query-choice">
          {seedQueries.map((q) => (
            <option key={q.id} value={q.id}>
              {q.label}
            </option>
          ))}
          <option value={FREE_SQL_ID}>Your own SQL…</option>
        </select>
        <button type="button" className="button button--primary" onClick={() => void runQuery(sql)} disabled={busy !== null} data-testid="query-explain">
          {seed ? 'Run EXPLAIN again' : 'Show its plan'}
        </button>
      </div>
      {seed ? (
        <>
          <pre className="sql-text query-sql">
            <code>{seed.sql}</code>
          </pre>
          <p className="query-hint">{seed.hint}</p>
        </>
      ) : (
        <>
          <label className="query-free-label" htmlFor="query-free">
            Paste any query (one statement). Reads are run with ANALYZE; writes are only planned, never run.
          </label>
          <textarea
            id="query-free"
            className="query-free"
            value={memory.freeSql}
            spellCheck={false}
            rows={4}
            onChange={(e) => update({ freeSql: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void runQuery(memory.freeSql);
              }
            }}
            data-testid="query-free"
          />
        </>
      )}

      {busy !== null && (
        <p className="query-busy" role="status">
          <span className="spinner" aria-hidden="true" /> {busy}… {catalog === null && '(the first statement starts PostgreSQL: 5–15 s)'}
        </p>
      )}
      {problem !== null && (
        <div className="query-error" role="alert" data-testid="query-error">
          <strong>{problem.what} failed:</strong> {problem.message}
          {problem.info?.code && <span className="query-error-code"> (SQLSTATE {problem.info.code})</span>}
          {problem.info?.detail && <div>{problem.info.detail}</div>}
          {problem.info?.hint && <div>Hint: {problem.info.hint}</div>}
        </div>
      )}

      <div className="query-index-grid">
        <div className="query-indexes" data-testid="query-indexes">
          <h3>Indexes</h3>
          {seed && (
            <div className="query-suggestions">
              {seed.suggestions.map((s) => {
                const exists = catalog?.indexes.some((i) => i.table === s.table && i.columns.join(',') === s.columns.join(','));
                return (
                  <button
                    key={s.columns.join(',')}
                    type="button"
                    className="button"
                    disabled={busy !== null || catalog === null || exists}
                    onClick={() => void changeIndexes('Creating the index', () => createIndexSql(s.table, s.columns, catalog!.columns))}
                    data-testid={`suggest-${s.table}-${s.columns.join('-')}`}
                  >
                    {exists ? 'Exists: ' : 'Add index on '}
                    {s.table} ({s.columns.join(', ')})
                  </button>
                );
              })}
            </div>
          )}
          <form
            className="query-add-index"
            onSubmit={(e) => {
              e.preventDefault();
              void changeIndexes('Creating the index', () => createIndexSql(draft.table, draft.second ? [draft.first, draft.second] : [draft.first], catalog?.columns ?? {}));
            }}
          >
            <label>
              Table
              <select value={draft.table} onChange={(e) => setDraft({ table: e.target.value, first: catalog?.columns[e.target.value]?.[0] ?? '', second: '' })} data-testid="index-table">
                {Object.keys(catalog?.columns ?? { orders: [] }).map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              First column
              <select value={draft.first} onChange={(e) => setDraft({ ...draft, first: e.target.value })} data-testid="index-first">
                {tableColumns.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <label>
              Second column
              <select value={draft.second} onChange={(e) => setDraft({ ...draft, second: e.target.value })} data-testid="index-second">
                <option value="">(none)</option>
                {tableColumns
                  .filter((c) => c !== draft.first)
                  .map((c) => (
                    <option key={c}>{c}</option>
                  ))}
              </select>
            </label>
            <button type="submit" className="button button--primary" disabled={busy !== null || catalog === null} data-testid="index-create">
              Create index
            </button>
          </form>
          <table className="query-index-table">
            <thead>
              <tr>
                <th scope="col">Index</th>
                <th scope="col">Columns, in order</th>
                <th scope="col" title="pg_stat_user_indexes.idx_scan since the primary started">
                  Used
                </th>
                <th scope="col">
                  <span className="visually-hidden">Drop</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(catalog?.indexes ?? [])
                .filter((i) => tables.length === 0 || tables.includes(i.table) || !i.constraint)
                .map((i) => (
                  <tr key={i.name} data-index={i.name}>
                    <td>{i.name}</td>
                    <td>
                      {i.table} ({i.columns.join(', ')})
                    </td>
                    <td>{i.scans.toLocaleString('en-US')}×</td>
                    <td>
                      {i.constraint ? (
                        <span className="panel-count">key</span>
                      ) : (
                        <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void changeIndexes('Dropping the index', () => dropIndexSql(i.name))} aria-label={`Drop index ${i.name}`}>
                          Drop
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          {added.length > 1 && (
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => void changeIndexes('Dropping the indexes you added', () => added.map((i) => dropIndexSql(i.name)).join('; '))}
            >
              Drop all {added.length} indexes you added
            </button>
          )}
          {unused.length > 0 && (
            <p className="query-unused" data-testid="query-unused">
              Never used since the primary started (<code>pg_stat_user_indexes.idx_scan = 0</code>): {unused.map((i) => i.name).join(', ')}. Each still costs every INSERT.
            </p>
          )}
        </div>

        <div className="query-checklist" data-testid="query-checklist">
          <h3>Index checklist for this query</h3>
          {checklist.length === 0 ? (
            <p className="panel-note">{tree ? 'This plan filters, joins and sorts on no table column.' : 'Run the query to see which columns it filters, joins and sorts on.'}</p>
          ) : (
            <ul>
              {checklist.map((item) => (
                <li key={`${item.role}:${item.table}.${item.column}`} className={item.coveredBy ? 'is-covered' : 'is-missing'}>
                  <span className="query-check-mark" aria-hidden="true">
                    {item.coveredBy ? '✓' : '✗'}
                  </span>
                  <span className="query-check-role">{item.role}</span>{' '}
                  <code>
                    {item.table}.{item.column}
                  </code>{' '}
                  {item.coveredBy ? (
                    <>— index {item.coveredBy}</>
                  ) : item.notLeading ? (
                    <>
                      — {item.notLeading.index} has it, but after {item.notLeading.before.join(', ')}: an index is searched by its first column(s), so it cannot find rows by {item.column} alone
                    </>
                  ) : (
                    <>— no index</>
                  )}
                </li>
              ))}
            </ul>
          )}
          <ScanSummary tree={tree} />
          {catalog && tables.length > 0 && <WriteCost tables={tables} catalog={catalog} compare={compare} />}
        </div>
      </div>

      <div className="query-plan" data-testid="query-plan">
        {compare ? (
          <PlanCompare before={compare.before.plan} after={compare.after.plan} title={`Before and after: ${compare.change}`} beforeTitle="Before" afterTitle="After" sql={compare.after.sql} />
        ) : current ? (
          <PlanViewer plan={current.plan} title={current.analyzed ? 'Query plan (EXPLAIN ANALYZE)' : 'Query plan (planned only: a write is never run here)'} sql={current.sql} />
        ) : null}
      </div>
    </section>
  );
}

/** How each table is read, in words: the whole table or through an index. */
function ScanSummary({ tree }: { tree: PlanTree | null }) {
  if (!tree) return null;
  const scans = tree.nodes.filter((n) => n.relationName || n.indexName);
  if (scans.length === 0) return null;
  return (
    <ul className="query-scans" data-testid="query-scans">
      {scans
        .filter((n) => n.nodeType !== 'Bitmap Heap Scan' || !n.children.some((c) => c.indexName))
        .map((n) => {
          const full = n.nodeType === 'Seq Scan' || n.nodeType === 'Parallel Seq Scan';
          const table = n.relationName ?? tree.nodes[n.parentId ?? 0]?.relationName ?? '';
          return (
            <li key={n.id} className={full ? 'is-full-scan' : 'is-index-scan'}>
              <strong>{table || n.indexName}</strong>: {full ? 'reads the whole table' : `found through index ${n.indexName}`} <span className="panel-count">({n.nodeType})</span>
            </li>
          );
        })}
    </ul>
  );
}

/** Each index's price on every INSERT, against what the last index change saved this query. */
function WriteCost({ tables, catalog, compare }: { tables: string[]; catalog: Catalog; compare: { before: Explained; after: Explained } | null }) {
  const gain = compare ? planMs(compare.before.tree) - planMs(compare.after.tree) : null;
  return (
    <div className="query-write-cost" data-testid="query-write-cost">
      <h3>
        Write cost of the indexes <span className="origin origin--simulated">simulated</span>
      </h3>
      <table className="query-index-table">
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col">Indexes</th>
            <th scope="col">One INSERT</th>
            <th scope="col">of which indexes</th>
          </tr>
        </thead>
        <tbody>
          {tables.map((t) => {
            const count = catalog.indexes.filter((i) => i.table === t).length;
            const c = insertCostMs(catalog.insertCost[t] ?? 0, count, catalog.rows[t] ?? 0);
            return (
              <tr key={t}>
                <td>{t}</td>
                <td>{count}</td>
                <td>{fmtMs(c.totalMs)}</td>
                <td>
                  {count} × {fmtMs(c.perIndexMs)} = {fmtMs(c.indexesMs)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {gain !== null && compare && (
        <p className="panel-note" data-testid="query-read-gain">
          This change made one run of the query {gain >= 0 ? `${fmtMs(gain)} cheaper` : `${fmtMs(-gain)} dearer`} ({fmtMs(planMs(compare.before.tree))} → {fmtMs(planMs(compare.after.tree))}, from the planner&apos;s costs).{' '}
          {gain > 0 && <BreakEven gain={gain} perIndexMs={insertCostMs(0, 1, catalog.rows[tables[0]!] ?? 0).perIndexMs} />}
        </p>
      )}
      <p className="panel-note">
        PostgreSQL&apos;s INSERT plan does not price index maintenance, so the model adds a fixed term per index (a leaf page and a B-tree descent): see indexWriteCost.ts.
      </p>
    </div>
  );
}

/** One read's saving against one INSERT's extra cost, as the number of inserts one read pays for. */
function BreakEven({ gain, perIndexMs }: { gain: number; perIndexMs: number }) {
  const insertsPerRead = 1 / readsToBreakEven(gain, perIndexMs);
  return (
    <>
      The index adds about {fmtMs(perIndexMs)} to every INSERT, so one run of this query saves what{' '}
      {insertsPerRead >= 10 ? Math.round(insertsPerRead).toLocaleString('en-US') : insertsPerRead.toFixed(1)} inserts pay for it: worth it unless the table takes more inserts than that per run of the query.
    </>
  );
}
