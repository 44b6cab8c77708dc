import type { SqlOutcome } from '../../../lab/view';
import type { DbErrorInfo } from '../../../db/dbWorkerProtocol';
import type { IndexInfo } from './indexChecklist';
import { CHANGELOG_TABLE } from '../../../cluster/changeCapture';

/**
 * The cluster's own change-capture table is not the learner's schema: the tables offered for a new
 * index, the index list and the probe of the primary's indexes (useSchemaLink) all leave it out,
 * the same way, or the probe would find the list out of date for ever.
 */
export const NOT_THE_CAPTURE_TABLE = `'${CHANGELOG_TABLE}'`;

/** Runs one statement on the lab's primary (the app's runSql, or a PGlite node in tests). */
export type RunSql = (sql: string) => Promise<SqlOutcome>;

/** A statement that failed, with PostgreSQL's own message. */
export class SqlError extends Error {
  constructor(
    readonly info: DbErrorInfo,
    readonly sql: string,
  ) {
    super(info.message);
  }
}

async function rows(run: RunSql, sql: string): Promise<Record<string, unknown>[]> {
  const outcome = await run(sql);
  if (!outcome.ok) throw new SqlError(outcome.error, sql);
  return outcome.rows;
}

/** Every index on the public tables (the change capture's aside), its key columns in order, and how often it was used. */
export async function listIndexes(run: RunSql): Promise<IndexInfo[]> {
  // Statistics are flushed at the end of a transaction only now and then: force it, so idx_scan is current.
  await rows(run, 'select pg_stat_force_next_flush()');
  const found = await rows(
    run,
    `select i.relname as name, t.relname as "table",
       (select string_agg(a.attname, ',' order by k.n) from unnest(ix.indkey) with ordinality k(attnum, n)
          join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum) as columns,
       exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid) as "constraint",
       coalesce(s.idx_scan, 0)::int as scans, pg_relation_size(ix.indexrelid)::int as bytes
     from pg_index ix
     join pg_class i on i.oid = ix.indexrelid
     join pg_class t on t.oid = ix.indrelid
     join pg_namespace n on n.oid = t.relnamespace
     left join pg_stat_user_indexes s on s.indexrelid = ix.indexrelid
     where n.nspname = 'public' and t.relname <> ${NOT_THE_CAPTURE_TABLE}
     order by t.relname, i.relname`,
  );
  return found.map((r) => ({
    name: String(r.name),
    table: String(r.table),
    columns: String(r.columns ?? '').split(',').filter(Boolean),
    constraint: r.constraint === true,
    scans: Number(r.scans),
    bytes: Number(r.bytes),
  }));
}

/** When the node's PostgreSQL started: a node booted again (a rebuilt primary) answers a later time. */
export async function startTime(run: RunSql): Promise<string> {
  const found = await rows(run, 'select pg_postmaster_start_time()::text as started');
  return String(found[0]?.started ?? '');
}

/** The columns of each public table, in table order. */
export async function listColumns(run: RunSql): Promise<Record<string, string[]>> {
  const found = await rows(run, `select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and table_name <> ${NOT_THE_CAPTURE_TABLE} order by table_name, ordinal_position`);
  const out: Record<string, string[]> = {};
  for (const r of found) (out[String(r.t)] ??= []).push(String(r.c));
  return out;
}

/** Rows in each public table, as the planner believes (pg_class.reltuples after ANALYZE). */
export async function tableRows(run: RunSql): Promise<Record<string, number>> {
  const found = await rows(run, "select c.relname as t, greatest(c.reltuples, 0)::bigint as n from pg_class c join pg_namespace ns on ns.oid = c.relnamespace where ns.nspname = 'public' and c.relkind = 'r'");
  return Object.fromEntries(found.map((r) => [String(r.t), Number(r.n)]));
}

/** A name written as is in DDL (lower case, no quoting needed). */
export const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `create index` for (table, columns), named after them; names are checked against the catalog first. */
export function createIndexSql(table: string, columns: readonly string[], known: Readonly<Record<string, readonly string[]>>): string {
  if (!known[table]) throw new Error(`unknown table "${table}"; the tables are ${Object.keys(known).join(', ')}`);
  if (columns.length === 0) throw new Error('choose at least one column');
  for (const c of columns) if (!known[table]!.includes(c)) throw new Error(`table ${table} has no column "${c}"`);
  if (new Set(columns).size !== columns.length) throw new Error('a column appears twice in the index');
  if (![table, ...columns].every((x) => IDENTIFIER.test(x))) throw new Error('unexpected characters in a table or column name');
  return `create index ix_${table}_${columns.join('_')} on ${table} (${columns.join(', ')})`;
}

export function dropIndexSql(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`unexpected characters in the index name "${name}"`);
  return `drop index ${name}`;
}

/** Statements EXPLAIN ANALYZE may run: it executes them, so writes are only planned, never run. */
export function isReadOnly(sql: string): boolean {
  const text = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/--.*$/gm, '');
  return /^\s*\(?\s*(select|with|values|table)\b/i.test(text) && !/\b(insert|update|delete|merge|truncate|create|drop|alter|call|copy|lock)\b/i.test(text) && !/\binto\b/i.test(text);
}

/** The query as the learner typed it, without a trailing semicolon; an EXPLAIN they typed is refused with a reason. */
export function cleanQuery(sql: string): string {
  const text = sql.trim().replace(/;\s*$/, '').trim();
  if (text === '') throw new Error('type a query first');
  if (/^explain\b/i.test(text)) throw new Error('paste the query without EXPLAIN: the lab adds EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) itself');
  if (text.includes(';')) throw new Error('one statement at a time: remove everything after the first semicolon');
  return text;
}

/** The plan of a query: EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) for reads, EXPLAIN (FORMAT JSON) for writes (which must not run). */
export async function explainQuery(run: RunSql, sql: string): Promise<{ plan: unknown; analyzed: boolean; sql: string }> {
  const text = cleanQuery(sql);
  const analyzed = isReadOnly(text);
  const result = await rows(run, `explain (${analyzed ? 'analyze, buffers, ' : ''}format json) ${text}`);
  return { plan: result, analyzed, sql: text };
}

/** The planner's cost of inserting one row into `table` (what its INSERT plan says; indexes are not in it). */
export async function insertPlanCost(run: RunSql, table: string): Promise<number> {
  if (!IDENTIFIER.test(table)) throw new Error(`unexpected characters in the table name "${table}"`);
  // Planned only, never run: DEFAULT VALUES would break NOT NULL, but EXPLAIN checks no constraint.
  const result = await rows(run, `explain (format json) insert into ${table} default values`);
  const value = Object.values(result[0] ?? {})[0];
  const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as { Plan: { 'Total Cost': number } }[];
  return parsed[0]!.Plan['Total Cost'];
}
