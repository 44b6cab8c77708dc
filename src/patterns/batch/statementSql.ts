import { LOAD_COLUMNS, LOAD_TABLE, loadRow, type LoadRow } from './loadTable';
import type { OperationId } from './methods';

/**
 * The shapes of statement a load sends:
 * - `row`: one row with bind parameters ($1…$5);
 * - `values`: many rows as one `VALUES (…), (…)` list, values written into the text (as
 *   psycopg2's execute_values does: no limit of 65,535 bind parameters);
 * - `unnest`: many rows as one array per column, bound as five parameters whatever the count;
 * - `copy`: the rows as a COPY data stream;
 * - `create-staging` and `merge`: an UPDATE or an upsert through COPY goes via a temporary table.
 */
export type StatementForm = 'row' | 'values' | 'unnest' | 'copy' | 'create-staging' | 'merge';

/** A statement ready to send: its text and bind parameters, and for COPY the data file it reads. */
export interface RealStatement {
  sql: string;
  params: unknown[];
  /**
   * For COPY: the statement that writes the data file first. PGlite's COPY … FROM STDIN needs a
   * blob our node interface does not carry, so the client's data stream is written to a file on
   * the server (`COPY (VALUES …) TO '/tmp/…'`) and the load reads it with `COPY … FROM '/tmp/…'`:
   * the same COPY code path, the same all-or-nothing outcome.
   */
  prepare?: string;
}

const COLS = LOAD_COLUMNS.join(', ');
const STAGING = 'batch_staging';
const COPY_FILE = '/tmp/batch-load.csv';
const SET_FROM = (alias: string) => `name = ${alias}.name, email = ${alias}.email, city = ${alias}.city`;
const ON_CONFLICT = `on conflict (id) do update set ${SET_FROM('excluded')}`;

/** A value written into SQL text. */
function literal(value: string | number | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

function valuesList(rows: readonly LoadRow[], columns: number): string {
  return rows.map((r) => `(${r.slice(0, columns).map(literal).join(', ')})`).join(', ');
}

function singleRow(operation: OperationId, row: LoadRow): RealStatement {
  switch (operation) {
    case 'insert':
      return { sql: `insert into ${LOAD_TABLE} (${COLS}) values ($1, $2, $3, $4, $5)`, params: [...row] };
    case 'update':
      return { sql: `update ${LOAD_TABLE} set name = $2, email = $3, city = $4 where id = $1`, params: row.slice(0, 4) };
    case 'upsert':
      return { sql: `insert into ${LOAD_TABLE} (${COLS}) values ($1, $2, $3, $4, $5) ${ON_CONFLICT}`, params: [...row] };
  }
}

function multiRow(operation: OperationId, rows: readonly LoadRow[]): RealStatement {
  switch (operation) {
    case 'insert':
      return { sql: `insert into ${LOAD_TABLE} (${COLS}) values ${valuesList(rows, 5)}`, params: [] };
    case 'update':
      return { sql: `update ${LOAD_TABLE} c set ${SET_FROM('v')} from (values ${valuesList(rows, 4)}) as v(id, name, email, city) where c.id = v.id`, params: [] };
    case 'upsert':
      return { sql: `insert into ${LOAD_TABLE} (${COLS}) values ${valuesList(rows, 5)} ${ON_CONFLICT}`, params: [] };
  }
}

function unnestRows(operation: OperationId, rows: readonly LoadRow[]): RealStatement {
  const column = (c: number) => rows.map((r) => r[c]);
  const arrays = ['$1::int[]', '$2::text[]', '$3::text[]', '$4::text[]', '$5::timestamptz[]'];
  switch (operation) {
    case 'insert':
      return { sql: `insert into ${LOAD_TABLE} (${COLS}) select * from unnest(${arrays.join(', ')})`, params: [0, 1, 2, 3, 4].map(column) };
    case 'update':
      return {
        sql: `update ${LOAD_TABLE} c set ${SET_FROM('u')} from unnest(${arrays.slice(0, 4).join(', ')}) as u(id, name, email, city) where c.id = u.id`,
        params: [0, 1, 2, 3].map(column),
      };
    case 'upsert':
      return { sql: `insert into ${LOAD_TABLE} (${COLS}) select * from unnest(${arrays.join(', ')}) ${ON_CONFLICT}`, params: [0, 1, 2, 3, 4].map(column) };
  }
}

function copyRows(operation: OperationId, rows: readonly LoadRow[]): RealStatement {
  const target = operation === 'insert' ? LOAD_TABLE : STAGING;
  return {
    prepare: `copy (values ${valuesList(rows, 5)}) to '${COPY_FILE}' with (format csv)`,
    sql: `copy ${target} (${COLS}) from '${COPY_FILE}' with (format csv)`,
    params: [],
  };
}

/** What the application sends for one statement of `form` carrying `rows` rows from row `firstRow` (1-based). */
export function statementSql(form: StatementForm, operation: OperationId, firstRow: number, rows: number, firstId: number, badRowAt: number): RealStatement {
  const values = Array.from({ length: rows }, (_, k) => loadRow(firstRow + k, firstId, badRowAt));
  switch (form) {
    case 'row':
      return singleRow(operation, values[0]!);
    case 'values':
      return multiRow(operation, values);
    case 'unnest':
      return unnestRows(operation, values);
    case 'copy':
      return copyRows(operation, values);
    case 'create-staging':
      return { sql: `create temp table ${STAGING} (like ${LOAD_TABLE}) on commit drop`, params: [] };
    case 'merge':
      return operation === 'update'
        ? { sql: `update ${LOAD_TABLE} c set ${SET_FROM('s')} from ${STAGING} s where c.id = s.id`, params: [] }
        : { sql: `insert into ${LOAD_TABLE} (${COLS}) select ${COLS} from ${STAGING} ${ON_CONFLICT}`, params: [] };
  }
}
