/**
 * Trigger-based change capture and its replay, as SQL installed on a loaded primary.
 *
 * PGlite has no streaming or logical replication (DESIGN.md §4), so every INSERT, UPDATE and
 * DELETE on the dataset tables appends one row to `_changelog` with the next LSN: a changelog
 * row is a changed table row. A replica applies shipped changes through `_apply_changes`, which
 * replays them in LSN order with triggers off (session_replication_role = replica) and appends
 * them to its own `_changelog`. So on every node `max(lsn)` is the node's applied LSN, and a
 * promoted replica continues capture from there, holding exactly the history it applied (like a
 * PostgreSQL standby's WAL when it starts a new timeline).
 */

/** A dataset table with its columns, primary key first where it matters. */
export interface CapturedTable {
  name: string;
  columns: readonly string[];
  primaryKey: readonly string[];
}

/** One captured change, as shipped from a primary's changelog to a replica. */
export interface Change {
  lsn: number;
  tbl: string;
  /** I(nsert), U(pdate) or D(elete). */
  op: 'I' | 'U' | 'D';
  /** The row before the change (updates and deletes), as jsonb. */
  old_row: Record<string, unknown> | null;
  /** The row after the change (inserts and updates), as jsonb. */
  new_row: Record<string, unknown> | null;
}

export const CHANGELOG_TABLE = '_changelog';

/** The columns of every user table in `public` (the dataset), read from the catalog. */
export const DESCRIBE_TABLES_SQL = `
select c.relname as name,
       array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped order by a.attnum) as columns,
       array(select a.attname::text from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
             where i.indrelid = c.oid and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)) as primary_key
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = 'public' and c.relkind = 'r' and c.relname <> '${CHANGELOG_TABLE}'
order by c.relname`;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The statement that replays one change on `table` (inside `_apply_changes`, `o`/`n` are the old and new rows). */
function replayStatements(table: CapturedTable, index: number): string {
  const t = ident(table.name);
  const cols = table.columns.map(ident).join(', ');
  const key = table.primaryKey.map(ident);
  const keyOf = (row: string) => `(select ${key.map((k) => `r.${k}`).join(', ')} from jsonb_populate_record(null::${t}, ${row}) r)`;
  const where = `(${key.map((k) => `x.${k}`).join(', ')}) = ${keyOf('o')}`;
  return `
    ${index === 0 ? 'if' : 'elsif'} c_tbl = '${table.name}' then
      if c_op = 'I' then insert into ${t} select * from jsonb_populate_record(null::${t}, n);
      elsif c_op = 'U' then update ${t} x set (${cols}) = (select ${table.columns.map((c) => `r.${ident(c)}`).join(', ')} from jsonb_populate_record(null::${t}, n) r) where ${where};
      else delete from ${t} x where ${where};
      end if;
      get diagnostics affected = row_count;`;
}

/**
 * SQL that installs capture on a node whose dataset is loaded: the changelog, one row trigger
 * per table, and the replay function. Installed on the primary after the load, so every base
 * backup taken from it starts at LSN 0 with capture in place.
 */
export function captureInstallSql(tables: readonly CapturedTable[]): string {
  for (const table of tables) {
    if (table.primaryKey.length === 0) throw new Error(`table "${table.name}" has no primary key: its changes cannot be replayed on a replica`);
  }
  const triggers = tables
    .map((t) => `create trigger _capture after insert or update or delete on ${ident(t.name)} for each row execute function _capture();`)
    .join('\n');
  return `
create table ${CHANGELOG_TABLE} (lsn bigint primary key, tbl text not null, op char(1) not null, old_row jsonb, new_row jsonb);

-- The next LSN is max + 1 inside the writing transaction: a statement that fails or rolls back
-- takes no LSN, so LSNs have no gaps (one session: no two writers race for the same number).
create function _capture() returns trigger language plpgsql as $$
begin
  insert into ${CHANGELOG_TABLE} (lsn, tbl, op, old_row, new_row)
  values ((select coalesce(max(lsn), 0) + 1 from ${CHANGELOG_TABLE}), tg_table_name, left(tg_op, 1),
          case when tg_op <> 'INSERT' then to_jsonb(old) end,
          case when tg_op <> 'DELETE' then to_jsonb(new) end);
  return null;
end $$;
${triggers}

-- Replays shipped changes in LSN order with triggers (capture, foreign keys) off, as a standby
-- replays WAL, and records them in this node's changelog. Returns the node's applied LSN.
create function _apply_changes(changes jsonb) returns bigint language plpgsql as $$
declare
  applied bigint := (select coalesce(max(lsn), 0) from ${CHANGELOG_TABLE});
  c jsonb; c_tbl text; c_op text; o jsonb; n jsonb; affected int;
begin
  perform set_config('session_replication_role', 'replica', true);
  for c in select value from jsonb_array_elements(changes) loop
    if (c->>'lsn')::bigint <= applied then continue; end if;
    if (c->>'lsn')::bigint <> applied + 1 then
      raise exception 'change % arrived out of order: this node has applied up to %', c->>'lsn', applied;
    end if;
    c_tbl := c->>'tbl'; c_op := c->>'op'; o := c->'old_row'; n := c->'new_row';
    ${tables.map(replayStatements).join('')}
    else
      raise exception 'change % is on unknown table %', c->>'lsn', c_tbl;
    end if;
    if affected <> 1 then
      raise exception 'change % (% on %) matched % rows on this node instead of 1: the node has diverged from its primary', c->>'lsn', c_op, c_tbl, affected;
    end if;
    insert into ${CHANGELOG_TABLE} values ((c->>'lsn')::bigint, c_tbl, c_op, o, n);
    applied := applied + 1;
  end loop;
  return applied;
end $$;
`;
}

/** The changes after `afterLsn` ($1), in LSN order, at most $2 of them. */
export const CHANGES_SQL = `select lsn::int as lsn, tbl, op, old_row, new_row from ${CHANGELOG_TABLE} where lsn > $1 order by lsn limit $2`;

/** A node's applied (for a primary: last captured) LSN. */
export const APPLIED_LSN_SQL = `select coalesce(max(lsn), 0)::int as lsn from ${CHANGELOG_TABLE}`;

/** A SQL string literal (standard_conforming_strings is on in PostgreSQL ≥ 9.1). */
export function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * One transaction that replays `changes` on a replica, and drops the changes below `pruneBelowLsn`
 * from its changelog when given. Replicas are read-only to sessions (as a hot standby is), so the
 * apply opens a read-write transaction of its own; all of it is one string, so no other statement
 * can run in between on PGlite's single session.
 */
export function applyTransactionSql(changes: readonly Change[], pruneBelowLsn: number | null = null): string {
  const prune = pruneBelowLsn === null ? '' : ` ${pruneChangelogSql(pruneBelowLsn)};`;
  return `begin read write; select _apply_changes(${sqlLiteral(JSON.stringify(changes))}::jsonb);${prune} commit;`;
}

/**
 * Drops the changes below `belowLsn`: once every replica has applied them no node will ship them
 * again, as PostgreSQL recycles WAL below every standby's position. The caller keeps `belowLsn` at
 * most the node's applied LSN, so `max(lsn)` (the applied LSN, the next LSN's base) stays.
 */
export function pruneChangelogSql(belowLsn: number): string {
  if (!Number.isSafeInteger(belowLsn)) throw new Error(`prune horizon ${belowLsn} is not an LSN`);
  return `delete from ${CHANGELOG_TABLE} where lsn < ${belowLsn}`;
}

/**
 * Makes the pruned rows' space reusable. PGlite runs no autovacuum, so without it the table and its
 * index would keep growing though the rows are gone. Its own statement: VACUUM cannot run inside a
 * transaction; it runs in a read-only session too (replicas).
 */
export const VACUUM_CHANGELOG_SQL = `vacuum ${CHANGELOG_TABLE}`;

/** One md5 per table over all its rows in primary-key order: equal checksums, equal data. */
export function checksumSql(table: CapturedTable): string {
  const order = table.primaryKey.map(ident).join(', ');
  return `select md5(coalesce(string_agg(t::text, '|' order by ${order}), '')) as sum, count(*)::int as rows from ${ident(table.name)} t`;
}
