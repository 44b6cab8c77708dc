/** A value PGlite returned, as the console and the request details print it. */
export function formatSqlValue(value: unknown): { text: string; kind: 'null' | 'number' | 'text' } {
  if (value === null || value === undefined) return { text: 'NULL', kind: 'null' };
  if (typeof value === 'number' || typeof value === 'bigint') return { text: String(value), kind: 'number' };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false', kind: 'text' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? 'Invalid date' : value.toISOString(), kind: 'text' };
  if (typeof value === 'string') return { text: value, kind: /^-?\d+(\.\d+)?$/.test(value) ? 'number' : 'text' };
  if (value instanceof Uint8Array) return { text: `\\x${[...value].map((b) => b.toString(16).padStart(2, '0')).join('')}`, kind: 'text' };
  return { text: JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)), kind: 'text' };
}

/** The line of `sql` holding 1-based character `position` (PostgreSQL's error position), and the column under it. */
export function caretAt(sql: string, position: number): { line: string; column: number } | null {
  if (!Number.isInteger(position) || position < 1 || position > sql.length + 1) return null;
  const before = sql.slice(0, position - 1);
  const start = before.lastIndexOf('\n') + 1;
  const end = sql.indexOf('\n', start);
  return { line: sql.slice(start, end < 0 ? undefined : end), column: position - 1 - start };
}
