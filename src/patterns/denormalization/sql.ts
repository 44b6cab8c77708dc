/**
 * Every statement the denormalization lab runs on its primary: the join it denormalizes, the
 * application-managed copy (`user_orders_denormalized`, the seed's name), the triggers that can
 * keep it instead, the materialized view and its refreshes, the writes the copies must follow, and
 * the checks (drift, storage) counted on real PGlite.
 */

/** The application's copy of the join, kept by the application or by triggers. */
export const COPY_TABLE = 'user_orders_denormalized';
/** The materialized view of the same join. */
export const VIEW_NAME = 'customer_orders_mv';
/** The five tables the join reads. */
export const BASE_TABLES = ['customers', 'orders', 'order_items', 'products', 'categories'] as const;

/** The columns of the copy, in order: one row per order line, with its customer and product copied in. */
export const COPY_COLUMNS = [
  'customer_id',
  'customer_name',
  'customer_email',
  'order_id',
  'order_status',
  'ordered_at',
  'line',
  'product_id',
  'product_name',
  'category_name',
  'product_price',
  'quantity',
  'item_price',
] as const;

/** The select list of the join, shaped as the copy's columns. */
const JOIN_COLUMNS = `o.customer_id, c.name as customer_name, c.email as customer_email, o.id as order_id, o.status as order_status, o.created_at as ordered_at,
  i.line, i.product_id, p.name as product_name, cat.name as category_name, p.price as product_price, i.quantity, i.price as item_price`;

/** The 4-join: customers ⋈ orders ⋈ order_items ⋈ products ⋈ categories. */
export const JOIN_FROM = `from customers c
  join orders o on o.customer_id = c.id
  join order_items i on i.order_id = o.id
  join products p on p.id = i.product_id
  join categories cat on cat.id = p.category_id`;

/** "A customer with all their order details", normalized: the truth every copy must equal. */
export const JOIN_ALL = `select ${JOIN_COLUMNS}\n${JOIN_FROM}`;

/** The three ways to read one customer's order lines ($1: the customer's id). */
export const READ_SQL = {
  normalized: `${JOIN_ALL}\nwhere c.id = $1`,
  copy: `select * from ${COPY_TABLE} where customer_id = $1`,
  view: `select * from ${VIEW_NAME} where customer_id = $1`,
} as const;

/** What a run may have left behind on a node it kept: dropped first, so every run starts the same. */
export const CLEANUP_SQL: readonly string[] = [
  'drop trigger if exists uod_customer_renamed on customers',
  'drop trigger if exists uod_price_changed on products',
  'drop trigger if exists uod_item_added on order_items',
  'drop function if exists uod_customer_renamed()',
  'drop function if exists uod_price_changed()',
  'drop function if exists uod_item_added()',
  `drop table if exists ${COPY_TABLE}`,
  `drop materialized view if exists ${VIEW_NAME}`,
];

/** The copy as a table: built from the join, keyed by order line, indexed for the read by customer. */
export const CREATE_COPY_SQL: readonly string[] = [
  `create table ${COPY_TABLE} as ${JOIN_ALL}`,
  `alter table ${COPY_TABLE} add primary key (order_id, line)`,
  `create index ${COPY_TABLE}_customer_idx on ${COPY_TABLE} (customer_id)`,
  `analyze ${COPY_TABLE}`,
];

/** An AFTER … FOR EACH ROW trigger running `statement` in the write's transaction: its function, then the trigger. */
function rowTrigger(name: string, event: string, table: string, statement: string): string[] {
  return [
    `create function ${name}() returns trigger language plpgsql as $$
begin
  ${statement};
  return null;
end $$`,
    `create trigger ${name} after ${event} on ${table} for each row execute function ${name}()`,
  ];
}

/** The database keeps the copy: one trigger per write the copy must follow, each in the write's transaction. */
export const CREATE_TRIGGERS_SQL: readonly string[] = [
  ...rowTrigger('uod_customer_renamed', 'update of name', 'customers', `update ${COPY_TABLE} set customer_name = new.name where customer_id = new.id`),
  ...rowTrigger('uod_price_changed', 'update of price', 'products', `update ${COPY_TABLE} set product_price = new.price where product_id = new.id`),
  ...rowTrigger('uod_item_added', 'insert', 'order_items', `insert into ${COPY_TABLE} select ${JOIN_COLUMNS} ${JOIN_FROM} where i.order_id = new.order_id and i.line = new.line`),
];

/** The materialized view; the unique index is what REFRESH … CONCURRENTLY needs. */
export function createViewSql(uniqueIndex: boolean): string[] {
  return [
    `create materialized view ${VIEW_NAME} as ${JOIN_ALL}`,
    ...(uniqueIndex ? [`create unique index ${VIEW_NAME}_key on ${VIEW_NAME} (order_id, line)`] : []),
    `create index ${VIEW_NAME}_customer_idx on ${VIEW_NAME} (customer_id)`,
    `analyze ${VIEW_NAME}`,
  ];
}

export const REFRESH_SQL = {
  plain: `refresh materialized view ${VIEW_NAME}`,
  concurrently: `refresh materialized view concurrently ${VIEW_NAME}`,
} as const;

/** The writes a copy must follow, and the application's statements that follow them. */
export const WRITE_SQL = {
  renameCustomer: 'update customers set name = $2 where id = $1',
  copyRename: `update ${COPY_TABLE} set customer_name = $2 where customer_id = $1`,
  changePrice: 'update products set price = $2 where id = $1',
  copyPrice: `update ${COPY_TABLE} set product_price = $2 where product_id = $1`,
  /** $1 order id, $2 customer, $3 created_at. */
  insertOrder: "insert into orders (id, customer_id, status, total, created_at) values ($1, $2, 'paid', 0, $3)",
  /** $1 order id, $2 lines, $3 products, $4 quantities: each line at its product's price now. */
  insertItems: `insert into order_items (order_id, line, product_id, quantity, price)
  select $1, l.line, l.product_id, l.quantity, p.price from unnest($2::int[], $3::int[], $4::int[]) as l(line, product_id, quantity) join products p on p.id = l.product_id`,
  orderTotal: 'update orders set total = (select coalesce(sum(price * quantity), 0) from order_items where order_id = $1) where id = $1',
  /** The application copies a new order's lines into the copy. */
  copyOrder: `insert into ${COPY_TABLE} select ${JOIN_COLUMNS}\n${JOIN_FROM}\nwhere o.id = $1`,
  /** What the trigger runs for one new line ($1 order, $2 line). */
  copyLine: `insert into ${COPY_TABLE} select ${JOIN_COLUMNS}\n${JOIN_FROM}\nwhere i.order_id = $1 and i.line = $2`,
} as const;

/**
 * The order lines where `relation` and the normalized truth differ, EXCEPT both ways: a line whose
 * copy differs appears on both sides, one missing from the copy on one side; counted once by key.
 */
export function driftSql(relation: string, limit?: number): string {
  // The join is computed once; each side of the EXCEPT is a hashed set operation over it.
  return `with truth as materialized (${JOIN_ALL}),
copy_only as (select * from ${relation} except select * from truth),
truth_only as (select * from truth except select * from ${relation}),
keys as (select order_id, line from copy_only union select order_id, line from truth_only)
${limit === undefined ? 'select count(*)::int as n from keys' : `select k.order_id, k.line,
  (select to_jsonb(c) from copy_only c where (c.order_id, c.line) = (k.order_id, k.line)) as copy_row,
  (select to_jsonb(t) from truth_only t where (t.order_id, t.line) = (k.order_id, k.line)) as truth_row
from keys k order by k.order_id, k.line limit ${limit}`}`;
}

/** Bytes on disk, indexes included, of the five tables and of a copy (0 when it does not exist). */
export const STORAGE_SQL = `select
  (${BASE_TABLES.map((t) => `pg_total_relation_size('${t}')`).join(' + ')})::bigint as base_bytes,
  coalesce(pg_total_relation_size(to_regclass($1)), 0)::bigint as copy_bytes`;
