import { COST_MODEL } from '../../db/costModel';
import cacheCosts from './cacheCosts.json' with { type: 'json' };

/**
 * The caching lab's data and statements. Key k is customer k of the demo dataset; what is cached
 * for it is the result of a query about that customer (their profile, or expensive
 * recommendations): the kind of result worth caching. A write renames the customer, stamping the
 * name with the write's number, so any row read back says which write it reflects.
 */

/** The same small demo dataset as the pooling and replication labs (one prebuilt image). */
export const CACHING_DATASET = { customers: 1000, seed: 1 } as const;

/** What a key's cached value is: the statement a miss runs on the primary. */
export interface CachedQuery {
  id: 'profile' | 'recommendations';
  label: string;
  sql: string;
  /** Loads that run for real in PGlite per simulated second at most (the rest are modelled with the same timing). */
  realPerSecond: number;
}

export const CACHED_QUERIES: Readonly<Record<CachedQuery['id'], CachedQuery>> = {
  profile: {
    id: 'profile',
    label: "The customer's profile (their row and a summary of their orders)",
    sql: 'select c.id, c.name, count(o.id)::int as orders, coalesce(sum(o.total), 0)::float8 as spent from customers c left join orders o on o.customer_id = c.id where c.id = $1 group by c.id, c.name',
    // About 20 ms of real PGlite time each (orders has no index on customer_id): a handful per
    // simulated second keeps a replay to a later time quick.
    realPerSecond: 5,
  },
  recommendations: {
    id: 'recommendations',
    label: 'Recommendations: what customers who bought the same products also bought (expensive)',
    sql:
      'select (select name from customers where id = $1) as customer, p.id, p.name, count(*)::int as bought from orders o join order_items i on i.order_id = o.id join order_items j on j.product_id = i.product_id join orders o2 on o2.id = j.order_id join order_items k on k.order_id = o2.id join products p on p.id = k.product_id where o.customer_id = $1 and o2.customer_id <> $1 group by p.id, p.name order by bought desc limit 5',
    // About 0.1 s of real PGlite time each: one per simulated second keeps the page fluid.
    realPerSecond: 1,
  },
};

/** One write: the customer's name, stamped with the write's number. */
export const WRITE_SQL = 'update customers set name = $2 where id = $1';

/**
 * A write-behind flush: one statement for the whole batch ($1 the ids, $2 the names). A batch
 * holding several writes of one key sends only the newest (an UPDATE … FROM changes a row once).
 */
export const FLUSH_SQL = 'update customers as c set name = v.name from unnest($1::int[], $2::text[]) as v(id, name) where c.id = v.id';

/** The name a write stores: `Customer 17 · write #52`. */
export function writtenName(key: number, writeId: number): string {
  return `Customer ${key} · write #${writeId}`;
}

/** The write a stored name came from (0 for the row as the dataset loaded it), or null if it is not one of ours. */
export function writeIdOfName(name: unknown): number | null {
  if (typeof name !== 'string') return null;
  const m = /· write #(\d+)$/.exec(name);
  if (m) return Number(m[1]);
  return /^Customer \d+$/.test(name) ? 0 : null;
}

/**
 * Simulated execution times, ms, from the cost model of the statements' real plans on the lab's
 * dataset (measureCacheCosts.ts; a test recomputes them). Stored so that model-only runs and the
 * browser before PGlite has booted use exactly the same figures.
 */
export const COSTS: Readonly<{ profile: number; recommendations: number; write: number }> = cacheCosts;

/** A flush of `rows` writes in one statement: the statement overhead once, each row's update after it. */
export function flushCostMs(rows: number): number {
  return COST_MODEL.statementOverheadMs + rows * (COSTS.write - COST_MODEL.statementOverheadMs);
}
