import type { IndexViewMemory } from './indexViewMemory';
import { FREE_SQL_ID, seedQueries, type SeedQuery } from './seedQueries';

interface QueryPickerProps {
  memory: IndexViewMemory;
  /** The chosen seed query, or null for the learner's own SQL. */
  seed: SeedQuery | null;
  busy: boolean;
  onChoose(queryId: string): void;
  onRun(sql: string): void;
  onFreeSqlChange(freeSql: string): void;
}

/** Which query the index view explains: a seed query with its hint, or SQL the learner types. */
export function QueryPicker({ memory, seed, busy, onChoose, onRun, onFreeSqlChange }: QueryPickerProps) {
  return (
    <>
      <div className="query-picker">
        <label htmlFor="query-choice">Query</label>
        <select id="query-choice" value={memory.queryId} onChange={(e) => onChoose(e.target.value)} disabled={busy} data-testid="query-choice">
          {seedQueries.map((q) => (
            <option key={q.id} value={q.id}>
              {q.label}
            </option>
          ))}
          <option value={FREE_SQL_ID}>Your own SQL…</option>
        </select>
        <button type="button" className="button button--primary" onClick={() => onRun(seed ? seed.sql : memory.freeSql)} disabled={busy} data-testid="query-explain">
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
            onChange={(e) => onFreeSqlChange(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                onRun(memory.freeSql);
              }
            }}
            data-testid="query-free"
          />
        </>
      )}
    </>
  );
}
