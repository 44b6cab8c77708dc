import type { Value } from './sql/ast';
import type { Row, StatementOutcome } from './model/engine';

/**
 * One step of a schedule after the run. `status` is `ok`, `error` or `blocked` (issued, never
 * completed); `completedAtStep` is the index of the step during which the statement finished
 * when that was not its own step (it was blocked, or queued behind its session's blocked
 * statement), else null. `command` is PostgreSQL's command tag with its row count (`UPDATE 0`
 * tells that a READ COMMITTED re-check skipped the row; `ROLLBACK` answers COMMIT of a failed
 * transaction).
 */
export interface StepResult {
  session: string;
  sql: string;
  status: 'ok' | 'error' | 'blocked';
  rows: Row[] | null;
  sqlstate: string | null;
  message: string | null;
  completedAtStep: number | null;
  command: string | null;
}

/** A run's outcome: every step, then every table's committed rows after the last step. */
export interface ScheduleResult {
  steps: StepResult[];
  final: Record<string, Row[]>;
}

/** Order of values in sorted output: numbers (ascending), then text (by code unit), then null. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : 1;
}

/**
 * Rows in a defined order, so a run on the model and a run on PostgreSQL compare exactly:
 * by the given columns first (a table's primary key), then by every column left to right.
 */
export function sortRows(rows: readonly Row[], firstColumns: readonly string[] = []): Row[] {
  return [...rows].sort((x, y) => {
    const columns = [...firstColumns, ...Object.keys(x)];
    for (const c of columns) {
      const d = compareValues(x[c] ?? null, y[c] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  });
}

export function stepResult(session: string, sql: string, outcome: StatementOutcome | null, completedAtStep: number | null): StepResult {
  if (outcome === null) return { session, sql, status: 'blocked', rows: null, sqlstate: null, message: null, completedAtStep: null, command: null };
  return {
    session,
    sql,
    status: outcome.status,
    rows: outcome.rows === null ? null : sortRows(outcome.rows),
    sqlstate: outcome.sqlstate,
    message: outcome.message,
    completedAtStep,
    command: outcome.command,
  };
}
