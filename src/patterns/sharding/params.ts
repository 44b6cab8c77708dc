import { arrivalRateParam, momentParam, networkRttParam, shareParam, zipfExponentParam } from '../../lab/commonParams';
import { choices, defineParams, type ParamValuesOf } from '../../lab/params';

/** Shard nodes a browser tab (and a run with real SQL) holds at most; model-only runs go to {@link MAX_SHARDS}. */
export const MAX_SQL_SHARDS = 8;
export const MAX_SHARDS = 64;

/** Parameters of the sharding lab (times in ms unless said). */
export const shardingParams = defineParams([
  { key: 'shards', label: 'Shards', kind: 'integer', default: 4, min: 1, max: MAX_SHARDS, step: 1, live: false, group: 'Shards', description: `Shard nodes at the start, each a PGlite node holding its part of the data (up to ${MAX_SQL_SHARDS} with real SQL, ${MAX_SHARDS} model-only).` },
  {
    key: 'strategy',
    label: 'Placement',
    kind: 'enum',
    default: 'hash-modulo',
    options: choices({
      modulo: 'key mod n',
      'hash-modulo': 'hash(key) mod n',
      range: 'Key ranges',
      'consistent-hash': 'Consistent-hash ring',
      jump: 'Jump consistent hash',
      directory: 'Directory (lookup table)',
    }),
    live: false,
    group: 'Shards',
    description: 'How the router maps a shard key to a shard: what stays even, and what moves when shards are added.',
  },
  { key: 'vnodes', label: 'Virtual nodes', kind: 'integer', default: 100, min: 1, max: 1000, step: 1, logScale: true, live: false, group: 'Shards', description: 'Points per shard on the consistent-hash ring: more points, a more even share (spread ∝ 1/√vnodes).' },
  {
    key: 'shardKey',
    label: 'Shard key',
    kind: 'enum',
    default: 'customer_id',
    // Short enough for the drop-down's width; the description says what each does.
    options: choices({ customer_id: 'customer_id', order_id: 'order_id', created_at: 'created_at (time)' }),
    live: false,
    group: 'Shards',
    description: 'The column that decides a row’s shard. customer_id keeps a customer’s orders and account on one shard; order_id spreads orders and scatters a customer’s; created_at puts rows by time (every new order on the last range).',
  },
  { key: 'keyDist', label: 'Which customers', kind: 'enum', default: 'uniform', options: choices({ uniform: 'Uniform', zipf: 'Zipf (a few are very busy)' }), live: true, group: 'Workload', description: 'Which customer a request is about. Under Zipf, customer 1 is the busiest, 2 next, and so on.' },
  zipfExponentParam({ default: 1.1, group: 'Workload', description: 'How skewed the Zipf mix is: 0 is uniform, above 1 a handful of customers take most requests.' }),
  arrivalRateParam({ default: 200, min: 0.1, max: 20000, step: 1, group: 'Workload', description: 'Requests per second at the router (Poisson); each is one of the four kinds below, in these shares.' }),
  shareParam({ key: 'pointReadFraction', label: 'Point reads', default: 0.6, group: 'Workload', description: 'Share of requests that read one customer’s orders and balance.' }),
  shareParam({ key: 'writeFraction', label: 'Writes', default: 0.25, group: 'Workload', description: 'Share of requests that insert a new order for a customer.' }),
  shareParam({ key: 'scatterFraction', label: 'Reports', default: 0.05, group: 'Workload', description: 'Share of requests that run the report over all customers (top 10 by revenue, revenue and average order per city, total balance) on every shard.' }),
  shareParam({ key: 'crossShardTxnFraction', label: 'Transfers', default: 0.1, group: 'Workload', description: 'Share of requests that move money between two customers’ accounts (often on two shards). The four shares may sum to less than 1 (fewer requests), never more.' }),
  networkRttParam({ label: 'Network RTT', default: 1, max: 1000, group: 'Workload', description: 'Round trip between the router (or the transaction coordinator) and a shard.' }),
  { key: 'txnProtocol', label: 'Cross-shard transfers', kind: 'enum', default: '2pc', options: choices({ none: 'None (2 commits)', '2pc': 'Two-phase commit', saga: 'Saga (compensate)' }), live: false, group: 'Transactions', description: 'How a transfer across two shards commits: atomically (2PC, holding locks), step by step with a refund on failure (saga), or as two independent commits with nothing to keep them together (none).' },
  momentParam({ key: 'coordinatorCrashAtS', label: 'Coordinator crash at', group: 'Transactions', description: 'The transaction coordinator crashes at this time (0 = never); the recoverCoordinator action brings it back.' }),
  momentParam({ key: 'reshardAtS', label: 'Reshard at', group: 'Resharding', description: 'Start growing to “Reshard to” shards at this time, online, under load (0 = never).' }),
  { key: 'reshardTo', label: 'Reshard to', kind: 'integer', default: 5, min: 1, max: MAX_SHARDS, step: 1, live: false, group: 'Resharding', description: 'Shards after resharding; more than “Shards”.' },
  { key: 'moveBatchRows', label: 'Move batch', kind: 'integer', default: 200, min: 1, max: 100000, step: 1, unit: 'rows', logScale: true, live: true, group: 'Resharding', description: 'Rows copied per batch while resharding.' },
  { key: 'moveRatePerS', label: 'Move rate', kind: 'number', default: 2000, min: 1, max: 1000000, step: 1, unit: 'rows/s', logScale: true, live: true, group: 'Resharding', description: 'Rows copied (and later deleted) per second while resharding: the throttle that keeps the move from crowding out requests.' },
  { key: 'customers', label: 'Customers', kind: 'integer', default: 1000, min: 10, max: 100000, step: 10, logScale: true, live: false, group: 'Data', description: 'Customers in the dataset (about 5 orders and 10 order lines each); up to 1,000 with real SQL.' },
]);

/** The sharding lab's parameter values, typed from the specs above. */
export type ShardingParams = ParamValuesOf<typeof shardingParams>;
export type ShardKey = ShardingParams['shardKey'];
export type TxnProtocol = ShardingParams['txnProtocol'];
