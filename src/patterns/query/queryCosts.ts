import stored from './queryCosts.json' with { type: 'json' };
import { statementCount, type StrategyId } from './strategies';

/** Simulated cost (ms, from the cost model of the real plan) of each statement template, by size. */
export interface TemplateCosts {
  /** [k − 1]: the first k customers. */
  customers: number[];
  /** [id − 1]: the orders of customer `id`. */
  ordersOfCustomer: number[];
  /** [k − 1]: the first k customers LEFT JOINed with their orders. */
  join: number[];
  /** [k − 1]: the orders of customers 1..k, ids bound as one array. */
  ordersOfCustomers: number[];
}

/** What src/patterns/query/measureQueryCosts.ts measured on the lab's dataset. */
export interface QueryCosts {
  dataset: { customers: number; seed: number };
  /** [id − 1]: how many orders customer `id` has (real rows). */
  ordersPerCustomer: number[];
  /** The dataset as loaded: orders.customer_id has no index. */
  plain: TemplateCosts;
  /** With `create index … on orders (customer_id)`. */
  indexed: TemplateCosts;
}

/**
 * Stored so that model-only runs, the browser before PGlite has booted and real runs all use
 * exactly the same figures; queryCosts.test.ts recomputes every one from PGlite and requires
 * equality (`npx tsx src/patterns/query/measureQueryCosts.ts` refreshes the file).
 */
export const queryCosts: QueryCosts = stored;

/** What one request of a strategy costs, for `customers` customers: the plan of everything it sends. */
export interface RequestPlan {
  statements: number;
  roundTrips: number;
  /** Rows the database sends back. */
  rowsTransferred: number;
  /** Each statement's simulated execution time, ms, in the order they are sent. */
  statementMs: number[];
}

export function requestPlan(strategy: StrategyId, customers: number, ordersIndexed: boolean, costs: QueryCosts = queryCosts): RequestPlan {
  const t = ordersIndexed ? costs.indexed : costs.plain;
  const k = customers - 1;
  let orders = 0;
  let emptyCustomers = 0;
  for (let i = 0; i < customers; i++) {
    const n = costs.ordersPerCustomer[i]!;
    orders += n;
    if (n === 0) emptyCustomers++;
  }
  let statementMs: number[];
  let rowsTransferred: number;
  switch (strategy) {
    case 'n-plus-one':
      statementMs = [t.customers[k]!, ...t.ordersOfCustomer.slice(0, customers)];
      rowsTransferred = customers + orders;
      break;
    case 'join':
      statementMs = [t.join[k]!];
      // A LEFT JOIN returns one row per order, and one row of NULLs for a customer without any.
      rowsTransferred = orders + emptyCustomers;
      break;
    case 'batch':
      statementMs = [t.customers[k]!, t.ordersOfCustomers[k]!];
      rowsTransferred = customers + orders;
      break;
  }
  const statements = statementCount(strategy, customers);
  if (statementMs.length !== statements) throw new Error(`query costs: ${strategy} for ${customers} customers priced ${statementMs.length} statements, expected ${statements}`);
  // Every statement is one round trip: the application waits for each answer before the next.
  return { statements, roundTrips: statements, rowsTransferred, statementMs };
}
