import { defineLab } from '../../lab/defineLab';
import { crossCheckPooling, poolingParams } from './params';
import { lazyModel } from '../../lab/lazyModel';
import { POOLING_DATASET } from './statements';

/** The connection pooling lab. */
export const poolingLab = defineLab({
  id: 'pooling',
  title: 'Connection pooling',
  summary: 'Pool vs no pool, sizing, borrow timeouts, idle and lifetime limits, leaks and exhaustion, against a real PostgreSQL primary.',
  params: poolingParams,
  crossCheck: crossCheckPooling,
  needsSql: (params) => params.query !== 'modelled',
  // Its statements are SELECTs whose results only fill the requests' stories.
  realStatementsOnlyRead: true,
  dataset: { customers: POOLING_DATASET.scale.customers, seed: POOLING_DATASET.seed },
  metrics: [
    { key: 'requests.arrived', label: 'Arrived', unit: 'requests', origin: 'simulated', description: 'Requests after the warm-up, plus those in flight when it ended.' },
    { key: 'requests.completed', label: 'Completed', unit: 'requests', origin: 'simulated', description: 'Requests that got a connection and finished their query.' },
    { key: 'requests.timedOut', label: 'Timed out', unit: 'requests', origin: 'simulated', description: 'Requests that gave up waiting for a connection (borrow timeout).' },
    { key: 'requests.failed', label: 'Failed', unit: 'requests', origin: 'simulated', description: 'All failed requests: timeouts, refused connections and borrows a full pool refused at once (psycopg2), so arrived = completed + failed + in flight.' },
    { key: 'requests.inFlight', label: 'In flight', unit: 'requests', origin: 'simulated', description: 'Requests still waiting or running at the end.' },
    { key: 'latencyMs', label: 'End-to-end latency', unit: 'ms', origin: 'simulated', description: 'Arrival to completion or failure.' },
    { key: 'borrowWaitMs', label: 'Borrow wait', unit: 'ms', origin: 'simulated', description: 'Arrival to holding a connection, over requests that got one (zero waits included); without a pool, the connect time.' },
    { key: 'waitedFraction', label: 'Had to wait', unit: 'fraction', origin: 'simulated', description: 'Borrow attempts that found no idle connection.' },
    { key: 'timedOutFraction', label: 'Timed out', unit: 'fraction', origin: 'simulated', description: 'Borrow attempts that timed out.' },
    { key: 'pool.utilization', label: 'Pool utilization', unit: 'fraction', origin: 'simulated', description: 'Mean connections checked out (leaked included) over poolMax; without a pool, open connections over max_connections.' },
    { key: 'pool.meanInUse', label: 'Mean in use', unit: 'connections', origin: 'simulated', description: 'Time-weighted connections checked out, leaked ones included (they are never given back).' },
    { key: 'pool.meanWaiting', label: 'Mean waiting', unit: 'requests', origin: 'simulated', description: 'Time-weighted borrowers waiting.' },
    { key: 'pool.maxWaiting', label: 'Most waiting', unit: 'requests', origin: 'simulated', description: 'Most borrowers waiting at once.' },
    { key: 'pool.connectionsOpened', label: 'Opened', unit: 'connections', origin: 'simulated', description: 'Physical connections opened.' },
    { key: 'pool.connectionsClosed', label: 'Closed', unit: 'connections', origin: 'simulated', description: 'Physical connections closed (idle timeout, lifetime, shrink, or per request without a pool).' },
    { key: 'pool.leaked', label: 'Leaked', unit: 'connections', origin: 'simulated', description: 'Connections never given back; each holds a pool slot for good.' },
    { key: 'pool.leakWarnings', label: 'Leak warnings', unit: 'warnings', origin: 'simulated', description: 'Leak detection reports (they reclaim nothing).' },
    { key: 'db.cpuUtilization', label: 'Database CPU', unit: 'fraction', origin: 'simulated', description: 'Busy cores over cores.' },
    { key: 'db.maxConnections', label: 'Most server connections', unit: 'connections', origin: 'simulated', description: 'Peak connections on the primary.' },
    { key: 'db.refusedConnections', label: 'Refused connections', unit: 'connections', origin: 'simulated', description: 'Connection attempts refused past max_connections.' },
    { key: 'throughputPerS', label: 'Throughput', unit: 'req/s', origin: 'simulated', description: 'Completions per simulated second.' },
    { key: 'sql.statementsRun', label: 'Statements run for real', unit: 'statements', origin: 'real', description: 'Statements PGlite really executed (a sample; the rest are modelled with the same timing).' },
    { key: 'theory', label: 'Queueing theory', unit: '', origin: 'theory', description: 'Erlang C (or M/M/c with deterministic patience, or Erlang B when a full pool fails at once) when the pool is fixed, exponential and uncontended.' },
  ],
  actions: [{ name: 'burst', description: 'N requests arrive at once: { "requests": N }.', args: { requests: { kind: 'integer', min: 1, max: 100000 } } }],
  sweep: {
    param: 'poolMax',
    values: [1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 30, 50, 75, 100],
    metrics: [
      { key: 'latencyMs.p99', label: 'p99 latency', unit: 'ms' },
      { key: 'throughputPerS', label: 'Throughput', unit: 'req/s' },
    ],
    pointParams: (params, value) => ({ ...params, poolMax: value, poolMin: Math.min(params.poolMin, value) }),
    unavailable: (params) => (!params.pooling ? 'This run has no pool ("Use a pool" is off), so there is no pool size to sweep.' : null),
  },
  defaultDurationS: 60,
  defaultWarmupS: 5,
  slowRequestsAre: 'connecting',
  lesson:
    'Each request needs a connection. Opening one costs a round trip and a new PostgreSQL process, so a pool keeps some open and lends them out. Too small and requests queue for a connection; too large and the database runs more queries than it has cores, so every query slows down. Try the presets: no pool, exhaustion, fail-fast timeouts, a leak, an oversized pool, a burst.',
  create: lazyModel(() => import('./model').then((m) => m.createPoolingModel)),
});
