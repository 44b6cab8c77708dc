import { defineLab } from '../../lab/defineLab';
import { queryParams } from './params';
import { queryMetrics } from './metrics';
import { lazyModel } from '../../lab/lazyModel';
import { QUERY_DATASET } from './strategies';

/** The query optimization lab: N+1 vs JOIN vs batch, indexes and real plans. */
export const queryLab = defineLab({
  id: 'query',
  title: 'Query optimization',
  summary: 'N+1 vs JOIN vs batch, missing indexes, EXPLAIN and real query plans, on a real PostgreSQL primary.',
  lesson:
    'Every statement costs a network round trip before its answer comes back. N+1 sends one query for the customers and then one per customer, so its latency grows with N × RTT (and, without an index on orders.customer_id, each of those N queries scans every order). A JOIN or a batch (= ANY($1)) fetches the same rows in one or two round trips. Below, the index view runs real EXPLAIN ANALYZE before and after you add an index.',
  params: queryParams,
  dataset: QUERY_DATASET,
  // The run's statements are the three strategies' SELECTs, compared with each other (the index
  // view's DDL goes through the console, which waits for the node, not through the run).
  realStatementsOnlyRead: true,
  metrics: queryMetrics,
  sweep: {
    param: 'customers',
    values: [1, 5, 10, 25, 50, 100, 200, 400, 700, 1000],
    metrics: [
      { key: 'latencyMs.p50', label: 'p50 latency', unit: 'ms' },
      { key: 'statements', label: 'Statements per request', unit: 'statements' },
    ],
  },
  defaultDurationS: 60,
  defaultWarmupS: 0,
  slowRequestsAre: 'slowed (more queries than cores)',
  // Wrapped: createQueryModel's second argument (strategy fetchers) is for tests only.
  create: lazyModel(() => import('./model').then((m) => (ctx: Parameters<typeof m.createQueryModel>[0]) => m.createQueryModel(ctx))),
});
