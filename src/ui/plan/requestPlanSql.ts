/**
 * The EXPLAIN statement that shows a request's plan. Lab statements use $1, $2… parameters:
 * the request's values are written into the text as SQL literals, because the console's path
 * sends one statement without parameters (so neither a bind nor EXPLAIN (GENERIC_PLAN), whose
 * $1 the extended protocol would still ask a value for, is possible). Statements that change
 * data are explained, never run.
 */
export type PlanStatement = { ok: true; sql: string; analyze: boolean; note: string | null } | { ok: false; error: string };

const PLACEHOLDER = /\$(\d+)/g;

export function planStatementFor(statement: string, params?: readonly unknown[]): PlanStatement {
  const body = statement.trim().replace(/;+\s*$/, '');
  if (body === '') return { ok: false, error: 'there is no statement to explain' };
  // Quoted text may hold anything; what stands outside it decides.
  const unquoted = body.replace(/'(?:[^']|'')*'/g, "''");
  if (unquoted.includes(';')) return { ok: false, error: 'this is a transaction of several statements, and EXPLAIN shows the plan of one' };
  const named = /(?<!:):([A-Za-z_]\w*)/.exec(unquoted);
  if (named !== null) return { ok: false, error: `the statement names its values (:${named[1]}…) rather than numbering them ($1…): it describes what the request does, it is not the text sent` };
  const used = [...body.matchAll(PLACEHOLDER)].map((m) => Number(m[1]));
  let sql = body;
  if (used.length > 0) {
    if (params === undefined) {
      return { ok: false, error: `the statement has parameters ($${Math.min(...used)}…) and the values this request used are not known` };
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
  if (!readOnly) {
    return { ok: true, sql: `EXPLAIN (FORMAT JSON) ${sql}`, analyze: false, note: 'Estimated plan only: this statement changes data, and EXPLAIN ANALYZE would really run it.' };
  }
  return { ok: true, sql: `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, analyze: true, note: used.length > 0 ? `Run again now with the values this request used: ${[...new Set(used)].sort((a, b) => a - b).map((n) => `$${n} = ${sqlLiteral(params![n - 1])}`).join(', ')}.` : null };
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

/** The values a request's statement ran with, as its lab reported them (RequestDetail.params). */
export function recordedParams(detail: { params?: unknown }): unknown[] | undefined {
  return Array.isArray(detail.params) ? detail.params : undefined;
}
