import { createPgliteNode } from '../../db/pgliteNode';
import { loadDemoDataset } from '../../db/demoDataset';
import { planCostMs } from '../../db/costModel';
import type { DbNode } from '../../db/dbNode';
import { ORDERS_CUSTOMER_INDEX, QUERY_DATASET, QUERY_SQL } from './strategies';
import type { QueryCosts, TemplateCosts } from './queryCosts';
import { writeCostsWhenRun } from '../../lab/kit/costsFile';

const round = (ms: number) => Math.round(ms * 1e6) / 1e6;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Every template's cost for every page size (or customer id) 1..N on the node as it is now. */
async function priceTemplates(node: DbNode): Promise<TemplateCosts> {
  const n = QUERY_DATASET.customers;
  const cost = async (sql: string, params: unknown[]) => round(planCostMs(await node.explain(sql, params)));
  const costs: TemplateCosts = { customers: [], ordersOfCustomer: [], join: [], ordersOfCustomers: [] };
  for (const k of range(n)) {
    costs.customers.push(await cost(QUERY_SQL.customers, [k]));
    // Customer k's own orders: with an index the planner's estimate follows the skewed data.
    costs.ordersOfCustomer.push(await cost(QUERY_SQL.ordersOfCustomer, [k]));
    costs.join.push(await cost(QUERY_SQL.join, [k]));
    costs.ordersOfCustomers.push(await cost(QUERY_SQL.ordersOfCustomers, [range(k)]));
  }
  return costs;
}

/**
 * Price every statement of the query lab from its real plan on a freshly loaded dataset, without
 * and with the index on orders.customer_id, and count each customer's orders (rows transferred).
 */
export async function measureQueryCosts(node: DbNode): Promise<QueryCosts> {
  const counts = await node.query('select c.id, count(o.id)::int as n from customers c left join orders o on o.customer_id = c.id group by c.id order by c.id');
  const ordersPerCustomer = counts.rows.map((r) => Number(r.n));
  const plain = await priceTemplates(node);
  await node.exec(ORDERS_CUSTOMER_INDEX);
  try {
    const indexed = await priceTemplates(node);
    return { dataset: { ...QUERY_DATASET }, ordersPerCustomer, plain, indexed };
  } finally {
    await node.exec('drop index orders_customer_id_idx');
  }
}

/** Boot a node with the lab's dataset (as the host does) and measure it. */
export async function measureOnFreshNode(): Promise<QueryCosts> {
  const node = await createPgliteNode();
  try {
    await loadDemoDataset(node, { customers: QUERY_DATASET.customers }, QUERY_DATASET.seed);
    return await measureQueryCosts(node);
  } finally {
    await node.close();
  }
}

await writeCostsWhenRun(import.meta.url, 'queryCosts.json', measureOnFreshNode);
