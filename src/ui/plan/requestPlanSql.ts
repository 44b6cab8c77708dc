/**
 * The EXPLAIN statement that shows a request's plan. Lab statements use $1, $2… parameters:
 * with the request's values they are written into the text as SQL literals (EXPLAIN ANALYZE
 * needs values to run); without them PostgreSQL's GENERIC_PLAN explains the statement for any
 * value, without running it. Statements that change data are explained, never run.
 */
export type PlanStatement = { ok: true; sql: string; analyze: boolean; note: string | null } | { ok: false; error: string };

const PLACEHOLDER = /\$(\d+)/g;

export function planStatementFor(statement: string, params?: readonly unknown[]): PlanStatement {
  const body = statement.trim().replace(/;+\s*$/, '');
  if (body === '') return { ok: false, error: 'there is no statement to explain' };
  const used = [...body.matchAll(PLACEHOLDER)].map((m) => Number(m[1]));
  let sql = body;
  let generic = false;
  if (used.length > 0) {
    if (params === undefined) {
      generic = true;
    } else {
      const missing = used.find((n) => n < 1 || n > params.length);
      if (missing !== undefined) return { ok: false, error: `the statement uses $${missing} but the request has ${params.length} parameter value${params.length === 1 ? '' : 's'}` };
      for (const n of new Set(used)) {
        const literal = sqlLiteral(params[n - 1]);
        if (literal === null) return { ok: false, error: `parameter $${n} has a value that cannot be written as SQL (${typeof params[n - 1]})` };
      }
      sql = body.replace(PLACEHOLDER, (_m, n: string) => sqlLiteral(params[Number(n) - 1])!);
    }
  }
  const readOnly = /^\s*(select|values|table)\b/i.test(sql) || (/^\s*with\b/i.test(sql) && !/\b(insert|update|delete|merge)\b/i.test(sql));
  if (generic) {
    return {
      ok: true,
      sql: `EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${sql}`,
      analyze: false,
      note: 'Estimated plan for any parameter value: the request’s own values are not known here, so PostgreSQL planned the statement with $1… unknown and did not run it.',
    };
  }
  if (!readOnly) {
    return { ok: true, sql: `EXPLAIN (FORMAT JSON) ${sql}`, analyze: false, note: 'Estimated plan only: this statement changes data, and EXPLAIN ANALYZE would really run it.' };
  }
  return { ok: true, sql: `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, analyze: true, note: used.length > 0 ? `Run again now with the request’s values (${params!.map((p) => sqlLiteral(p)).join(', ')}).` : null };
}

/** A JavaScript value as an SQL literal, or null if it has no obvious one. */
export function sqlLiteral(value: unknown): string | null {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : `'${value.toISOString()}'`;
  return null;
}
