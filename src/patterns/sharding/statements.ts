import { SHARDING_DATASET } from './dataset';

/**
 * The SQL the lab runs on its shards and on the reference node. Shard placement is computed in
 * JavaScript (hash, ring and jump placements have no SQL form), so a shard's rows are named by
 * explicit id lists, passed as int[] parameters.
 */

/** A Postgres int[] literal. */
export const intArray = (ids: readonly number[]) => `'{${ids.join(',')}}'::int[]`;

/**
 * What a shard keeps of the dataset: the customers (with their accounts) and the orders (with their
 * lines) it was given; a spare shard keeps none. When orders are placed apart from their customers
 * the foreign key from orders to customers is dropped: PostgreSQL cannot check a reference to a
 * row on another node (sharded schemas give up cross-shard foreign keys).
 */
export function shardPrepareSql(customerIds: readonly number[], orderIds: readonly number[] | null): string {
  const apart = orderIds === null ? [] : ['alter table orders drop constraint orders_customer_id_fkey;'];
  if (customerIds.length === 0 && (orderIds === null || orderIds.length === 0)) return [...apart, 'truncate order_items, orders, accounts, customers;'].join('\n');
  // Anti-joins against the kept ids (a hash join each), with foreign-key checks off while deleting
  // (children go first, so nothing dangles): a shard boots in a fraction of a second, even in a
  // browser tab booting several at once.
  const keep = (ids: readonly number[]) => `with keep as (select unnest(${intArray(ids)}) as id)`;
  const orderKept = orderIds === null ? `exists (select 1 from keep k where k.id = o.customer_id)` : `exists (select 1 from keep k where k.id = o.id)`;
  const orderKeep = keep(orderIds ?? customerIds);
  return [
    ...apart,
    'set session_replication_role = replica;',
    `${orderKeep} delete from order_items i using orders o where o.id = i.order_id and not ${orderKept};`,
    `${orderKeep} delete from orders o where not ${orderKept};`,
    `${keep(customerIds)} delete from accounts a where not exists (select 1 from keep k where k.id = a.customer_id);`,
    `${keep(customerIds)} delete from customers c where not exists (select 1 from keep k where k.id = c.id);`,
    'reset session_replication_role;',
  ].join('\n');
}

/** The reference node: every row of the customers the run uses (all of them at the dataset's size). */
export function referencePrepareSql(customers: number): string | undefined {
  if (customers >= SHARDING_DATASET.customers) return undefined;
  return [
    'set session_replication_role = replica;',
    `delete from order_items where order_id in (select id from orders where customer_id > ${customers});`,
    `delete from orders where customer_id > ${customers};`,
    `delete from accounts where customer_id > ${customers};`,
    `delete from customers where id > ${customers};`,
    'reset session_replication_role;',
  ].join('\n');
}

/** Point read, customer on one shard: the customer's orders and balance ($1 customer). */
export const CUSTOMER_PAGE_SQL = `select a.balance, o.id as order_id, o.total, o.created_at
from accounts a left join orders o on o.customer_id = a.customer_id
where a.customer_id = $1 order by o.id`;

/** Point read when orders live apart: the customer's orders on one shard ($1 customer). */
export const ORDERS_OF_CUSTOMER_SQL = 'select id as order_id, total, created_at from orders where customer_id = $1 order by id';

/** A new order with one line ($1 order id, $2 customer, $3 total, $4 created_at, $5 product, $6 quantity, $7 price). */
export const NEW_ORDER_SQL = `with o as (insert into orders (id, customer_id, status, total, created_at) values ($1, $2, 'paid', $3, $4))
insert into order_items (order_id, line, product_id, quantity, price) values ($1, 1, $5, $6, $7)`;

/** One local step of a transfer: add $2 (negative for a debit) to customer $1's balance. */
export const ADJUST_BALANCE_SQL = 'update accounts set balance = balance + $2 where customer_id = $1';

/** Both sides of a transfer when both accounts are on one shard: one local transaction ($1 from, $2 to, $3 amount). */
export const LOCAL_TRANSFER_SQL = `update accounts set balance = balance + case customer_id when $1 then -$3::numeric else $3::numeric end
where customer_id in ($1, $2)`;

/**
 * A two-phase commit branch: the statements of one prepared transaction, sent one by one on the
 * node's session (nothing else of the lab's runs on that node in between). Change capture is off
 * inside it (session_replication_role = replica disables the capture trigger): a captured change
 * would hold the changelog's next LSN, and every later write on the node would wait for the
 * transaction to end, where PostgreSQL itself only blocks the rows it updated. After COMMIT
 * PREPARED a no-op update records the row in the changelog (so a reset knows the node changed).
 */
export const PREPARED_BRANCH_SQL = {
  begin: 'begin',
  noCapture: 'set local session_replication_role = replica',
  prepare: (gid: string) => `prepare transaction '${gid}'`,
  commit: (gid: string) => `commit prepared '${gid}'`,
  rollback: (gid: string) => `rollback prepared '${gid}'`,
  record: 'update accounts set balance = balance where customer_id = $1',
} as const;

/** The in-doubt transactions a node holds, as PostgreSQL lists them. */
export const PREPARED_XACTS_SQL = 'select gid, prepared from pg_prepared_xacts order by gid';

/**
 * The report on a shard whose customers' orders are all local ($1: customers it holds but does
 * not own, excluded). Top 10 by revenue, per-city sums and counts, total balance.
 */
export const REPORT_COLOCATED_SQL = {
  top: `select customer_id, sum(total)::text as revenue from orders where customer_id <> all($1::int[])
group by customer_id order by sum(total) desc, customer_id limit 10`,
  cities: `select c.city, sum(o.total)::text as revenue, count(*)::int as orders from orders o join customers c on c.id = o.customer_id
where o.customer_id <> all($1::int[]) group by c.city`,
  balance: 'select coalesce(sum(balance), 0)::text as total from accounts where customer_id <> all($1::int[])',
} as const;

/**
 * The report on a shard whose orders are placed apart from their customers: every customer's
 * partial sums ($2: orders it holds but does not own, excluded) and the cities and balances of the
 * customers it owns ($1 excluded): the join and the ranking happen at the router.
 */
export const REPORT_APART_SQL = {
  perCustomer: 'select customer_id, sum(total)::text as revenue, count(*)::int as orders from orders where id <> all($1::int[]) group by customer_id',
  cities: 'select id, city from customers where id <> all($1::int[])',
  balance: 'select coalesce(sum(balance), 0)::text as total from accounts where customer_id <> all($1::int[])',
} as const;

/** The same report on one node holding every row: what the merge must equal. */
export const REPORT_REFERENCE_SQL = {
  top: 'select customer_id, sum(total)::text as revenue from orders group by customer_id order by sum(total) desc, customer_id limit 10',
  cities: `select c.city, sum(o.total)::text as revenue, count(*)::int as orders, avg(o.total)::text as average
from orders o join customers c on c.id = o.customer_id group by c.city`,
  balance: 'select coalesce(sum(balance), 0)::text as total from accounts',
} as const;

/** A batch of units read from the shard that gives them up, as JSON ($1 customers, $2 customers whose orders follow them, $3 orders). */
export const COPY_OUT_SQL = `select
  (select coalesce(json_agg(t), '[]') from customers t where id = any($1::int[]))::text as customers,
  (select coalesce(json_agg(t), '[]') from accounts t where customer_id = any($1::int[]))::text as accounts,
  (select coalesce(json_agg(t), '[]') from orders t where customer_id = any($2::int[]) or id = any($3::int[]))::text as orders,
  (select coalesce(json_agg(t), '[]') from order_items t where order_id in (select id from orders where customer_id = any($2::int[]) or id = any($3::int[])))::text as order_items`;

/** The same rows written on the shard that takes them, in one statement ($1…$4: the JSON of each table). */
export const COPY_IN_SQL = `with c as (insert into customers select * from json_populate_recordset(null::customers, $1::json)),
a as (insert into accounts select * from json_populate_recordset(null::accounts, $2::json)),
o as (insert into orders select * from json_populate_recordset(null::orders, $3::json))
insert into order_items select * from json_populate_recordset(null::order_items, $4::json)`;

/** Cleanup: a batch's rows deleted from the shard that gave them up (same parameters as {@link COPY_OUT_SQL}). */
export const DELETE_MOVED_SQL = `with i as (delete from order_items where order_id in (select id from orders where customer_id = any($2::int[]) or id = any($3::int[]))),
o as (delete from orders where customer_id = any($2::int[]) or id = any($3::int[])),
a as (delete from accounts where customer_id = any($1::int[]))
delete from customers where id = any($1::int[])`;

/** Per table: rows and an order-independent checksum (sum of row hashes), so shards' figures add up to the whole's. */
export const TABLE_CHECKSUM_SQL = (table: string) => `select count(*)::int as n, coalesce(sum(hashtext(t::text)::bigint), 0)::text as sum from ${table} t`;
