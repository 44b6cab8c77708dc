import { defineLab } from '../../lab/defineLab';
import { queryParams } from './params';
import { lazyModel } from '../../lab/lazyModel';
import { QUERY_DATASET } from './strategies';

/** The query optimization lab: N+1 vs JOIN vs batch, indexes and real plans. */
export const queryLab = defineLab({
  id: 'query',
  title: 'Query optimization',
  summary: 'N+1 vs JOIN vs batch, missing indexes, EXPLAIN and real query plans, on a real PostgreSQL primary.',
  params: queryParams,
  dataset: { customers: QUERY_DATASET.customers, seed: QUERY_DATASET.seed },
  // The run's statements are the three strategies' SELECTs, compared with each other (the index
  // view's DDL goes through the console, which waits for the node, not through the run).
  realStatementsOnlyRead: true,
  metrics: [
    { key: 'statements', label: 'Statements per request', unit: 'statements', origin: 'simulated', description: 'Statements one request sends for the configured customers: N+1 sends N + 1, JOIN 1, batch 2.' },
    { key: 'roundTrips', label: 'Round trips per request', unit: 'round trips', origin: 'simulated', description: 'Network round trips one request waits for (one per statement: each answer is awaited before the next).' },
    { key: 'rowsTransferred', label: 'Rows transferred per request', unit: 'rows', origin: 'real', description: 'Rows the database returns for one request, counted on the real data (a LEFT JOIN adds a row of NULLs per customer without orders).' },
    { key: 'latencyMs', label: 'Request latency', unit: 'ms', origin: 'simulated', description: 'Arrival to last answer: round trips × RTT + each statement\'s cost, plus any wait for a busy database.' },
    { key: 'unloadedLatencyMs', label: 'Latency without load', unit: 'ms', origin: 'simulated', description: 'What one request takes alone: network (round trips × RTT), database (sum of statement costs) and their total.' },
    { key: 'requests', label: 'Requests', unit: 'requests', origin: 'simulated', description: 'Arrived (after the warm-up, plus those in flight), completed, in flight at the end.' },
    { key: 'statementsSent', label: 'Statements sent', unit: 'statements', origin: 'simulated', description: 'Statements all requests sent to the database since the warm-up.' },
    { key: 'throughputPerS', label: 'Throughput', unit: 'req/s', origin: 'simulated', description: 'Completed requests per simulated second.' },
    { key: 'db.cpuUtilization', label: 'Database CPU', unit: 'fraction', origin: 'simulated', description: 'Busy cores over cores.' },
    { key: 'sql.statementsRun', label: 'Statements run for real', unit: 'statements', origin: 'real', description: 'Statements PGlite really executed: the three strategies once each, to compare their results.' },
    { key: 'resultsMatch', label: 'Results match', unit: '', origin: 'real', description: 'The three strategies, run for real on PGlite, returned the same customers and orders (normalized and sorted). Absent in model-only runs, which cannot know.' },
  ],
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
  lesson:
    'Every statement costs a network round trip before its answer comes back. N+1 sends one query for the customers and then one per customer, so its latency grows with N × RTT (and, without an index on orders.customer_id, each of those N queries scans every order). A JOIN or a batch (= ANY($1)) fetches the same rows in one or two round trips. Below, the index view runs real EXPLAIN ANALYZE before and after you add an index.',
  // Wrapped: createQueryModel's second argument (strategy fetchers) is for tests only.
  create: lazyModel(() => import('./model').then((m) => (ctx: Parameters<typeof m.createQueryModel>[0]) => m.createQueryModel(ctx))),
});
