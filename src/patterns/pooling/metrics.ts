import type { MetricSpec } from '../../lab/labDefinition';

/** What the connection pooling lab measures: the keys of its results, with their meaning for tables and tooltips. */
export const poolingMetrics: readonly MetricSpec[] = [
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
];
