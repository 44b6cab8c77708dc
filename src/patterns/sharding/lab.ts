import { defineLab } from '../../lab/defineLab';
import { lazyModel } from '../../lab/lazyModel';
import { SHARDING_DATASET } from './dataset';
import { MAX_SQL_SHARDS, shardingParams, type ShardingParams } from './params';
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
  params: shardingParams,
  dataset: { customers: SHARDING_DATASET.customers, seed: SHARDING_DATASET.seed },
  cluster: shardingCluster,
  needsSql: runsSql,
  crossCheck,
  realSqlCheck,
  metrics: [
    { key: 'requests.arrived', label: 'Arrived', unit: 'requests', origin: 'simulated', description: 'Requests after the warm-up, plus those in flight when it ended.' },
    { key: 'requests.completed', label: 'Completed', unit: 'requests', origin: 'simulated', description: 'Requests answered (a declined transfer, for lack of funds, included).' },
    { key: 'requests.failed', label: 'Failed', unit: 'requests', origin: 'simulated', description: 'Requests that hit a stopped shard or a down coordinator, aborted or compensated transfers, partial ones.' },
    { key: 'requests.inFlight', label: 'In flight', unit: 'requests', origin: 'simulated', description: 'Requests running or waiting at the end (transfers in doubt included): arrived = completed + failed + in flight.' },
    { key: 'latencyMs', label: 'Latency', unit: 'ms', origin: 'simulated', description: 'Router to answer, overall and per kind (latencyMs.pointRead.p99, .write, .scatter, .crossShardTxn).' },
    { key: 'shards.count', label: 'Shards', unit: 'shards', origin: 'simulated', description: 'Shards in the map at the end.' },
    { key: 'shards.rows', label: 'Rows per shard', unit: 'rows', origin: 'simulated', description: 'Rows of customers, accounts, orders and order_items each shard holds (an array, shard 0 first).' },
    { key: 'shards.requests', label: 'Statements per shard', unit: 'statements', origin: 'simulated', description: 'Statements each shard served after the warm-up (an array).' },
    { key: 'rowsImbalance', label: 'Rows max/mean', unit: '×', origin: 'simulated', description: 'The fullest shard’s rows over the mean (1 = even).' },
    { key: 'loadImbalance', label: 'Load max/mean', unit: '×', origin: 'simulated', description: 'The busiest shard’s statements over the mean (1 = even).' },
    { key: 'hottestShardShare', label: 'Busiest shard’s share', unit: 'fraction', origin: 'simulated', description: 'Share of all statements served by the busiest shard.' },
    { key: 'hottestShardWriteShare', label: 'Busiest shard’s share of new orders', unit: 'fraction', origin: 'simulated', description: 'Share of new orders written on the shard that took the most.' },
    { key: 'pointReadFanout', label: 'Point read fan-out', unit: 'shards', origin: 'simulated', description: 'Shards a point read (a customer’s orders) had to ask: 1 when the shard key is customer_id.' },
    { key: 'scatter.queries', label: 'Reports', unit: 'reports', origin: 'simulated', description: 'Reports run across the shards (scatter-gather).' },
    { key: 'scatter.meanFanout', label: 'Report fan-out', unit: 'shards', origin: 'simulated', description: 'Shards a report went to, on average.' },
    { key: 'scatter.resultsMatch', label: 'Merged = one node', unit: '', origin: 'simulated', description: 'Every checked report’s merge equalled the report over all rows (one check per simulated second; with SQL, sql.reportMismatches checks the real shards against the reference node).' },
    { key: 'scatter.verified', label: 'Reports checked', unit: 'reports', origin: 'simulated', description: 'Reports whose merge was compared with the whole.' },
    { key: 'resharding.keysMoved', label: 'Customers moved', unit: 'customers', origin: 'simulated', description: 'Customers (with their account, and their orders under customer_id) whose shard changed.' },
    { key: 'resharding.movedFraction', label: 'Share moved', unit: 'fraction', origin: 'simulated', description: 'Customers moved over all customers: ~1/(n+1) for jump and the ring, ~n/(n+1) for modulo.' },
    { key: 'resharding.rowsMoved', label: 'Rows moved', unit: 'rows', origin: 'simulated', description: 'Rows copied to their new shard.' },
    { key: 'resharding.rowsLost', label: 'Writes lost by the move', unit: 'rows', origin: 'simulated', description: 'Writes a new owner missed at cutover (0: forwarding kept every copy current).' },
    { key: 'resharding.rowsDuplicated', label: 'Rows on two shards', unit: 'rows', origin: 'simulated', description: 'Rows still held by an old owner after cleanup (0).' },
    { key: 'resharding.checksumsMatch', label: 'Union = whole', unit: '', origin: 'simulated', description: 'Per table, the rows of all shards add up to the whole, with no write missed (with SQL, sql.checksumMismatches compares real checksums with the reference node).' },
    { key: 'resharding.durationS', label: 'Resharding time', unit: 's', origin: 'simulated', description: 'Plan to cleanup, all moves.' },
    { key: 'crossShard.started', label: 'Cross-shard transfers', unit: 'transfers', origin: 'simulated', description: 'Transfers whose two accounts were on two shards.' },
    { key: 'crossShard.committed', label: 'Committed', unit: 'transfers', origin: 'simulated', description: 'Both sides committed.' },
    { key: 'crossShard.aborted', label: 'Aborted', unit: 'transfers', origin: 'simulated', description: 'Nothing changed: 2PC rolled back, or the first step failed or was declined.' },
    { key: 'crossShard.inDoubt', label: 'In doubt', unit: 'prepared txns', origin: 'simulated', description: 'Prepared transactions on the shards whose coordinator is gone (pg_prepared_xacts), holding their row locks.' },
    { key: 'crossShard.partial', label: 'Half done', unit: 'transfers', origin: 'simulated', description: '`none` only: one side committed, the other never will (money created or lost).' },
    { key: 'crossShard.compensated', label: 'Compensated', unit: 'transfers', origin: 'simulated', description: 'Sagas whose credit failed and whose debit was refunded.' },
    { key: 'crossShard.anomalies', label: 'Intermediate states seen', unit: 'reads', origin: 'simulated', description: 'Reads that saw a transfer half done: a debited balance before its credit, or a report’s total with money in flight.' },
    { key: 'crossShard.lockWaits', label: 'Waited for a row lock', unit: 'transfers', origin: 'simulated', description: 'Transfers that found an account locked (by a 2PC transfer, an in-doubt one, or a cutover).' },
    { key: 'crossShard.recovered', label: 'Picked up at recovery', unit: 'transfers', origin: 'simulated', description: 'In-doubt 2PC transfers resolved and sagas resumed when the coordinator came back.' },
    { key: 'invariants.balanceSumDrift', label: 'Money drift', unit: 'units', origin: 'simulated', description: 'All balances now (plus money between a running transfer’s two steps) minus at the start: 0 means no money was created or lost.' },
    { key: 'sql', label: 'Real SQL', unit: '', origin: 'real', description: 'Statements run on PGlite, reports checked on the real shards against the reference node (and mismatches), checksums checked after resharding (and mismatches), errors.' },
  ],
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
  lesson:
    'The shard key decides everything. With customer_id a customer’s reads, writes and transfers stay on one shard; with order_id a customer’s page asks every shard, and with created_at every new order lands on the last one. A Zipf mix makes one shard hot. Reports fan out to every shard and merge (sums and counts, never averages of averages). Growing the map moves ~n/(n+1) of the keys with modulo, ~1/(n+1) with jump or a ring. A transfer across two shards needs 2PC (locks held, in doubt if the coordinator dies) or a saga (compensation, intermediate states visible).',
  create: lazyModel(() => import('./createModel').then((m) => m.createShardingModel)),
});
