/**
 * "The first N customers with their orders", answered three ways. Each strategy is the list of
 * statements an application sends, in order; the statements are real SQL run on the lab's
 * PGlite primary, and their costs come from the cost model of their real plans.
 */

/** The lab's dataset: the pooling lab's, so both labs boot from the same prebuilt data image. */
export const QUERY_DATASET = { customers: 1000, seed: 1 } as const;

export type StrategyId = 'n-plus-one' | 'join' | 'batch';

export const STRATEGY_IDS: readonly StrategyId[] = ['n-plus-one', 'join', 'batch'];

/** The SQL each strategy sends (templates; `$1` is bound per execution). */
export const QUERY_SQL = {
  /** N+1 and batch start here: the page of customers. */
  customers: 'select id, name, city from customers order by id limit $1',
  /** N+1: one of these per customer, as an ORM's lazy `customer.orders` does. */
  ordersOfCustomer: 'select id, customer_id, status, total, created_at from orders where customer_id = $1',
  /**
   * The JOIN: one statement. LEFT JOIN, so customers without orders are kept (an inner join
   * silently drops them — the classic mistake the result comparison catches).
   */
  join:
    'select c.id, c.name, c.city, o.id as order_id, o.customer_id, o.status, o.total, o.created_at ' +
    'from (select id, name, city from customers order by id limit $1) c ' +
    'left join orders o on o.customer_id = c.id order by c.id, o.id',
  /** Batch: all the page's orders in one statement, the ids bound as one array. */
  ordersOfCustomers: 'select id, customer_id, status, total, created_at from orders where customer_id = any($1)',
} as const;

/** The index the `ordersIndex` parameter assumes, as DDL (PostgreSQL does not index foreign keys itself). */
export const ORDERS_CUSTOMER_INDEX = 'create index orders_customer_id_idx on orders (customer_id)';

/** Statements and round trips one request of `strategy` sends for `customers` customers. */
export function statementCount(strategy: StrategyId, customers: number): number {
  switch (strategy) {
    case 'n-plus-one':
      return 1 + customers;
    case 'join':
      return 1;
    case 'batch':
      return 2;
  }
}

/** One customer with their orders, normalized so that strategies can be compared. */
export interface CustomerWithOrders {
  id: number;
  name: string;
  city: string;
  orders: { id: number; status: string; total: string; createdAt: string }[];
}

/** Runs one statement and returns its rows (the lab's SqlBackend, a DbNode, a test double). */
export type RunStatement = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** How one strategy fetches the page: its statements, really executed. */
export type Fetcher = (run: RunStatement, customers: number) => Promise<CustomerWithOrders[]>;

type Row = Record<string, unknown>;

function customerOf(row: Row): CustomerWithOrders {
  return { id: Number(row.id), name: String(row.name), city: String(row.city), orders: [] };
}

function orderOf(row: Row, idKey = 'id'): CustomerWithOrders['orders'][number] {
  const created = row.created_at;
  return {
    id: Number(row[idKey]),
    status: String(row.status),
    // numeric arrives as a string from PGlite; fix the scale so "12.5" and "12.50" agree.
    total: Number(row.total).toFixed(2),
    createdAt: created instanceof Date ? created.toISOString() : new Date(String(created)).toISOString(),
  };
}

/** Attach orders to their customers; orders of customers not on the page are an error in the strategy. */
function attach(customers: CustomerWithOrders[], orders: Row[]): CustomerWithOrders[] {
  const byId = new Map(customers.map((c) => [c.id, c]));
  for (const row of orders) {
    const owner = byId.get(Number(row.customer_id));
    if (owner === undefined) throw new Error(`order ${String(row.id)} belongs to customer ${String(row.customer_id)}, who is not on the page`);
    owner.orders.push(orderOf(row));
  }
  return customers;
}

export const fetchers: Readonly<Record<StrategyId, Fetcher>> = {
  async 'n-plus-one'(run, n) {
    const customers = (await run(QUERY_SQL.customers, [n])).map(customerOf);
    for (const c of customers) attach([c], await run(QUERY_SQL.ordersOfCustomer, [c.id]));
    return customers;
  },
  async join(run, n) {
    const out: CustomerWithOrders[] = [];
    for (const row of await run(QUERY_SQL.join, [n])) {
      let c = out[out.length - 1];
      if (c === undefined || c.id !== Number(row.id)) out.push((c = customerOf(row)));
      if (row.order_id !== null && row.order_id !== undefined) c.orders.push(orderOf(row, 'order_id'));
    }
    return out;
  },
  async batch(run, n) {
    const customers = (await run(QUERY_SQL.customers, [n])).map(customerOf);
    return attach(customers, await run(QUERY_SQL.ordersOfCustomers, [customers.map((c) => c.id)]));
  },
};

/** Customers by id, each one's orders by id: the order a strategy happened to return them in does not count. */
export function normalize(result: CustomerWithOrders[]): CustomerWithOrders[] {
  return [...result]
    .map((c) => ({ ...c, orders: [...c.orders].sort((a, b) => a.id - b.id) }))
    .sort((a, b) => a.id - b.id);
}

/** The outcome of running every strategy for real and comparing what they returned. */
export interface Comparison {
  /** True when every strategy returned the same customers with the same orders. */
  match: boolean;
  /** Customers and orders each strategy returned. */
  sizes: Record<string, { customers: number; orders: number }>;
  /** Where the first disagreement is, in words (null when they match). */
  difference: string | null;
}

/** Run each fetcher for real and compare their normalized results with the first one's. */
export async function compareStrategies(run: RunStatement, customers: number, which: Readonly<Record<string, Fetcher>> = fetchers): Promise<Comparison> {
  const results: [string, CustomerWithOrders[]][] = [];
  for (const [name, fetch] of Object.entries(which)) results.push([name, normalize(await fetch(run, customers))]);
  const sizes = Object.fromEntries(results.map(([name, r]) => [name, { customers: r.length, orders: r.reduce((s, c) => s + c.orders.length, 0) }]));
  const [referenceName, reference] = results[0]!;
  const referenceText = reference.map((c) => JSON.stringify(c));
  for (const [name, result] of results.slice(1)) {
    const text = result.map((c) => JSON.stringify(c));
    if (text.length !== referenceText.length) {
      return { match: false, sizes, difference: `${name} returned ${text.length} customers, ${referenceName} ${referenceText.length}` };
    }
    const at = text.findIndex((t, i) => t !== referenceText[i]);
    if (at >= 0) return { match: false, sizes, difference: `customer ${reference[at]!.id}: ${name} and ${referenceName} disagree` };
  }
  return { match: true, sizes, difference: null };
}
