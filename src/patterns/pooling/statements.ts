import type { Rng } from '../../engine';
import statementCosts from './statementCosts.json' with { type: 'json' };

/** The pooling lab's dataset: small enough to boot quickly, big enough for real plans. */
export const POOLING_DATASET = { scale: { customers: 1000 }, seed: 1 } as const;

/** A real SQL statement the lab's requests can run on the primary. */
export interface Statement {
  id: string;
  label: string;
  sql: string;
  /** Parameters for one execution, drawn from the request's RNG stream. */
  params(rng: Rng): unknown[];
}

export const statements: readonly Statement[] = [
  {
    id: 'point-lookup',
    label: 'Customer by id',
    sql: 'select id, name, email, city from customers where id = $1',
    params: (rng) => [rng.int(1, POOLING_DATASET.scale.customers)],
  },
  {
    id: 'customer-orders',
    label: "A customer's orders",
    sql: 'select c.name, o.id, o.status, o.total, o.created_at from customers c join orders o on o.customer_id = c.id where c.id = $1 order by o.created_at desc',
    params: (rng) => [rng.int(1, POOLING_DATASET.scale.customers)],
  },
  {
    id: 'city-report',
    label: 'Revenue by city',
    sql: 'select c.city, count(*) as orders, sum(o.total) as revenue from customers c join orders o on o.customer_id = c.id group by c.city order by revenue desc',
    params: () => [],
  },
];

/**
 * Simulated mean time of each statement, ms, from the cost model of its real plan on the
 * lab's dataset. Stored so that model-only runs (and the browser before PGlite has booted)
 * use exactly the same figures; a test recomputes them from PGlite and requires equality.
 */
export const statementCostMs: Readonly<Record<string, number>> = statementCosts;

export function findStatement(id: string): Statement | undefined {
  return statements.find((s) => s.id === id);
}
