import type { DbNode } from './dbNode';

/** Size of the shared demo dataset. */
export interface DatasetScale {
  customers: number;
}

/** The tables every lab shares: customers, categories, products, orders, order_items, accounts. */
export const DEMO_SCHEMA = `
create table categories (id int primary key, name text not null);
create table customers (id int primary key, name text not null, email text not null, city text not null, created_at timestamptz not null);
create table products (id int primary key, category_id int not null references categories(id), name text not null, price numeric(10,2) not null);
create table orders (id int primary key, customer_id int not null references customers(id), status text not null, total numeric(12,2) not null, created_at timestamptz not null);
create table order_items (order_id int not null references orders(id), line int not null, product_id int not null references products(id), quantity int not null, price numeric(10,2) not null, primary key (order_id, line));
create table accounts (id int primary key, customer_id int not null references customers(id), balance numeric(12,2) not null check (balance >= 0));
`;

/** The largest dataset the labs use (100k customers, 500k orders): larger ones would not fit a browser tab's nodes. */
export const MAX_CUSTOMERS = 100_000;

const CITIES = ['Lisbon', 'Berlin', 'Nairobi', 'Osaka', 'Lima', 'Toronto', 'Pune', 'Oslo', 'Cairo', 'Austin', 'Seoul', 'Lyon'];

/**
 * The demo data, generated inside PostgreSQL from integer hashes of the row number and the
 * seed: the same (scale, seed) gives the same rows on every machine, with no random() call.
 * Orders are skewed (some customers order far more than others) so plans are interesting.
 */
export function demoDataSql(scale: DatasetScale, seed: number): string {
  const n = scale.customers;
  if (!Number.isInteger(n) || n < 1 || n > MAX_CUSTOMERS) throw new Error(`dataset scale: customers must be a whole number from 1 to ${MAX_CUSTOMERS.toLocaleString('en-US')}, got ${n}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`dataset seed must be a whole number ≥ 0, got ${seed}`);
  const s = seed % 1000003;
  // h(x) is a cheap deterministic integer hash in [0, 2^31).
  const h = (x: string) => `(((((${x})::bigint * 1103515245 + ${s} * 12345 + 12345) % 2147483648 + 2147483648) % 2147483648)::int)`;
  const cities = `(array[${CITIES.map((c) => `'${c}'`).join(',')}])`;
  return `
insert into categories select g, 'Category ' || g from generate_series(1, 12) g;
insert into customers
  select g, 'Customer ' || g, 'customer' || g || '@example.com', ${cities}[1 + ${h('g')} % ${CITIES.length}],
         timestamptz '2024-01-01' + (${h('g * 7')} % 700) * interval '1 day'
  from generate_series(1, ${n}) g;
insert into products
  select g, 1 + ${h('g * 3')} % 12, 'Product ' || g, 1 + (${h('g * 5')} % 20000) / 100.0
  from generate_series(1, ${Math.max(50, Math.round(n / 10))}) g;
insert into orders
  select g, (1 + ((${h('g * 11')} % ${n})::bigint * (${h('g * 13')} % ${n})) / ${n})::int,
         (array['paid','paid','paid','shipped','cancelled'])[1 + ${h('g * 17')} % 5],
         0, timestamptz '2024-06-01' + (${h('g * 19')} % 500) * interval '1 day'
  from generate_series(1, ${n * 5}) g;
insert into order_items
  select o.id, l, 1 + ${h('o.id * 23 + l')} % ${Math.max(50, Math.round(n / 10))}, 1 + ${h('o.id * 29 + l')} % 4, 0
  from orders o, generate_series(1, 1 + o.id % 3) l;
update order_items i set price = p.price from products p where p.id = i.product_id;
update orders o set total = t.sum from (select order_id, sum(price * quantity) as sum from order_items group by order_id) t where t.order_id = o.id;
insert into accounts select g, g, 100 + ${h('g * 31')} % 900 from generate_series(1, ${n}) g;
analyze;
`;
}

/** Create the schema and load the data into an empty node. */
export async function loadDemoDataset(node: DbNode, scale: DatasetScale, seed: number): Promise<void> {
  await node.exec(DEMO_SCHEMA);
  await node.exec(demoDataSql(scale, seed));
}
