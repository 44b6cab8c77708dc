import { defineLab } from '../../lab/defineLab';
import { lazyModel } from '../../lab/lazyModel';
import { SHARDING_DATASET } from './dataset';
import { MAX_SQL_SHARDS, shardingParams, type ShardingParams } from './params';
import { shardingMetrics } from './metrics';
import { runsSql, shardingCluster } from './partition';

const SHARD = { kind: 'node', roles: ['shard'] } as const;

/** The fractions of the request mix, in the order the panel lists them. */
const FRACTIONS = ['pointReadFraction', 'writeFraction', 'scatterFraction', 'crossShardTxnFraction'] as const;

function crossCheck(p: ShardingParams): { key: string; message: string }[] {
  const issues: { key: string; message: string }[] = [];
  if (p.reshardAtS > 0 && p.reshardTo <= p.shards) issues.push({ key: 'reshardTo', message: `must be more than shards (${p.shards}): resharding grows the cluster, found ${p.reshardTo}` });
  const sum = FRACTIONS.reduce((s, k) => s + p[k], 0);
  if (sum > 1 + 1e-9) {
    const last = [...FRACTIONS].reverse().find((k) => p[k] > 0)!;
    issues.push({ key: last, message: `the request shares sum to ${Number(sum.toFixed(4))} (${FRACTIONS.map((k) => `${k} ${p[k]}`).join(' + ')}); they may not exceed 1` });
  }
  return issues;
}

/** A browser tab holds up to {@link MAX_SQL_SHARDS} PGlite shard nodes; model-only runs go to 64 shards. */
function realSqlCheck(p: ShardingParams): { key: string; message: string }[] {
  if (runsSql(p)) return [];
  if (p.customers > SHARDING_DATASET.customers) {
    return [{ key: 'customers', message: `at most ${SHARDING_DATASET.customers.toLocaleString('en-US')} customers with real SQL (the dataset's size), found ${p.customers}; model-only runs take more` }];
  }
  const growing = p.reshardAtS > 0 && p.reshardTo > p.shards;
  const key = growing && p.shards <= MAX_SQL_SHARDS ? 'reshardTo' : 'shards';
  return [
    {
      key,
      message: `at most ${MAX_SQL_SHARDS} shards run as real PGlite nodes (one browser tab holds that many), found ${growing ? p.reshardTo : p.shards}; model-only runs (npm run sim -- sharding --model-only) take up to 64`,
    },
  ];
}

/** The sharding lab. */
export const shardingLab = defineLab({
  id: 'sharding',
  title: 'Sharding',
  summary: 'Shard keys, hash/range/consistent hashing, hot shards, scatter-gather, online resharding and cross-shard transactions, on real PGlite shards.',
  lesson:
    'The shard key decides everything. With customer_id a customer’s reads, writes and transfers stay on one shard; with order_id a customer’s page asks every shard, and with created_at every new order lands on the last one. A Zipf mix makes one shard hot. Reports fan out to every shard and merge (sums and counts, never averages of averages). Growing the map moves ~n/(n+1) of the keys with modulo, ~1/(n+1) with jump or a ring. A transfer across two shards needs 2PC (locks held, in doubt if the coordinator dies) or a saga (compensation, intermediate states visible).',
  params: shardingParams,
  dataset: SHARDING_DATASET,
  cluster: shardingCluster,
  needsSql: runsSql,
  crossCheck,
  realSqlCheck,
  metrics: shardingMetrics,
  actions: [
    { name: 'addShard', description: 'Grow the map by one shard now, online (a spare node takes its keys): {}.', args: {} },
    { name: 'splitShard', description: 'Split a hot shard’s busiest range (ranges) or busiest keys (directory) onto a spare node: { "node": "shard-0" }.', args: { node: SHARD } },
    { name: 'stopShard', description: 'Stop a shard: { "node": "shard-1" }; requests for its keys fail.', args: { node: SHARD } },
    { name: 'startShard', description: 'Start a stopped shard again: { "node": "shard-1" }.', args: { node: SHARD } },
    { name: 'crashCoordinator', description: 'Crash the transaction coordinator now: {}.', args: {} },
    { name: 'recoverCoordinator', description: 'Bring the coordinator back; it resolves the in-doubt transactions: {}.', args: {} },
  ],
  sweep: {
    param: 'shards',
    values: [1, 2, 4, 8, 16, 32, 64],
    metrics: [
      { key: 'latencyMs.scatter.p99', label: 'report p99', unit: 'ms' },
      { key: 'latencyMs.pointRead.p99', label: 'point read p99', unit: 'ms' },
      { key: 'hottestShardShare', label: 'busiest shard’s share', unit: 'fraction' },
    ],
    // A scheduled reshard must still grow the cluster.
    pointParams: (p, value) => ({ ...p, shards: value, reshardTo: Math.min(64, Math.max(p.reshardTo, value + 1)), reshardAtS: value >= 64 ? 0 : p.reshardAtS }),
  },
  defaultDurationS: 60,
  defaultWarmupS: 2,
  slowRequestsAre: 'a resharding batch',
  create: lazyModel(() => import('./createModel').then((m) => m.createShardingModel)),
});
