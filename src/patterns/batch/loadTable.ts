import type { OperationId } from './methods';

/**
 * The table a load writes into: `batch_customers`, shaped like the demo dataset's `customers`,
 * made afresh at the start of every run with `customers` rows (so runs do not see each other's
 * rows, and its size is a parameter). It is not under the cluster's change capture: the lab's
 * writes are its own business, and a 100,000-row load pays no capture trigger per row.
 */
export const LOAD_TABLE = 'batch_customers';

/** The columns a load sends, in order. */
export const LOAD_COLUMNS = ['id', 'name', 'email', 'city', 'created_at'] as const;

/** The columns an UPDATE changes (the key stays). */
export const UPDATED_COLUMNS = ['name', 'email', 'city'] as const;

const CITIES = ['Lisbon', 'Berlin', 'Nairobi', 'Osaka', 'Lima', 'Toronto', 'Pune', 'Oslo', 'Cairo', 'Austin', 'Seoul', 'Lyon'];
const CITY_ARRAY_SQL = `(array[${CITIES.map((c) => `'${c}'`).join(',')}])`;

/** When every loaded row was created (a constant: the checksum leaves timestamps out anyway). */
const LOADED_AT = '2025-01-01T00:00:00Z';

/** The values of one row of a load, in {@link LOAD_COLUMNS} order; the bad row's email is NULL. */
export type LoadRow = [id: number, name: string, email: string | null, city: string, createdAt: string];

/** The first row's id for each operation, given the table's size and the load's rows. */
export function firstIdOf(operation: OperationId, customers: number, rows: number): number {
  switch (operation) {
    case 'insert':
      return customers + 1; // new customers after the existing ones
    case 'update':
      return 1; // customers 1…rows, which exist (rows ≤ customers)
    case 'upsert':
      return Math.max(1, customers - Math.floor(rows / 2) + 1); // the first half exist, the rest are new
  }
}

/** Row `i` (1 = first) of a load whose first id is `firstId`: what the application sends. */
export function loadRow(i: number, firstId: number, badRowAt: number): LoadRow {
  return [firstId + i - 1, `Batch customer ${i}`, i === badRowAt ? null : `batch${i}@example.com`, CITIES[i % CITIES.length]!, LOADED_AT];
}

/** The statements that make the table afresh with `customers` rows (run one after the other). */
export function setupStatements(customers: number): string[] {
  if (!Number.isInteger(customers) || customers < 0) throw new Error(`customers must be a whole number ≥ 0, got ${customers}`);
  return [
    `drop table if exists ${LOAD_TABLE}`,
    `create table ${LOAD_TABLE} (id int primary key, name text not null, email text not null, city text not null, created_at timestamptz not null)`,
    `insert into ${LOAD_TABLE} select g, 'Customer ' || g, 'customer' || g || '@example.com', ${CITY_ARRAY_SQL}[1 + g % ${CITIES.length}], timestamptz '2024-01-01' + (g % 700) * interval '1 day' from generate_series(1, ${customers}) g`,
    `analyze ${LOAD_TABLE}`,
  ];
}

/** A row's text in the checksum: id, name, email, city (not the timestamp, whose text depends on the time zone). */
const ROW_TEXT = `id || '|' || name || '|' || email || '|' || city`;

/**
 * One statement that checks the table after a load: how many rows carry the load's values, the
 * md5 of those rows and of the rows that should be there (row i of each writer's kept range,
 * regenerated in SQL from the same formula as {@link loadRow}), and the table's size.
 * Parameters: $1 the ranges' first rows, $2 their last rows (int[]), $3 the first id.
 */
export const CHECK_SQL = `
with kept as (select g as i from unnest($1::int[], $2::int[]) as r(lo, hi), generate_series(r.lo, r.hi) g),
expected as (
  select $3::int + i - 1 as id, 'Batch customer ' || i as name, 'batch' || i || '@example.com' as email, ${CITY_ARRAY_SQL}[1 + i % ${CITIES.length}] as city from kept
),
loaded as (select id, name, email, city from ${LOAD_TABLE} where email like 'batch%@example.com')
select (select count(*)::int from loaded) as loaded,
       (select md5(coalesce(string_agg(${ROW_TEXT}, ',' order by id), '')) from loaded) as loaded_sum,
       (select md5(coalesce(string_agg(${ROW_TEXT}, ',' order by id), '')) from expected) as expected_sum,
       (select count(*)::int from ${LOAD_TABLE}) as total`;

/** The SQL a learner can run in the console to count the rows a load left (the lab counts the same way). */
export const COUNT_LOADED_SQL = `select count(*) as loaded_rows from ${LOAD_TABLE} where email like 'batch%@example.com'`;
