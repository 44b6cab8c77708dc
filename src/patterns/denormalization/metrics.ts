import type { MetricSpec } from '../../lab/labDefinition';

/** What the denormalization and materialized views lab measures: the keys of its results, with their meaning for tables and tooltips. */
export const denormalizationMetrics: readonly MetricSpec[] = [
  { key: 'readLatencyMs', label: 'Read latency', unit: 'ms', origin: 'simulated', description: 'Arrival to answer of a read: network, any wait for the view\'s lock, the cost of its real plan (mean, p50, p95, p99, max).' },
  { key: 'writeLatencyMs', label: 'Write latency', unit: 'ms', origin: 'simulated', description: 'Arrival to answer of a write: its statements, the copy\'s statement the application waits for, or the refresh it triggers.' },
  { key: 'staleness', label: 'Staleness', unit: 's', origin: 'simulated', description: 'Per read: how long ago the oldest committed change it does not reflect was committed, 0 when it reflects them all (meanS, p99S, maxS).' },
  { key: 'staleReadFraction', label: 'Stale reads', unit: 'fraction', origin: 'simulated', description: 'Reads with a staleness above 0.' },
  { key: 'refresh.count', label: 'Refreshes', unit: 'refreshes', origin: 'simulated', description: 'Refreshes of the materialized view that committed (each also ran for real on PGlite).' },
  { key: 'refresh.meanMs', label: 'Refresh time', unit: 'ms', origin: 'simulated', description: 'Lock granted to commit, priced from the plans of the statements each REFRESH form runs (refresh.maxMs: the longest).' },
  { key: 'refresh.readersBlocked', label: 'Readers blocked', unit: 'reads', origin: 'simulated', description: 'Reads that waited on the view\'s lock behind a plain REFRESH (AccessExclusiveLock), running or queued.' },
  { key: 'refresh.refused', label: 'Refreshes refused', unit: 'refreshes', origin: 'simulated', description: 'REFRESH … CONCURRENTLY refused by PostgreSQL for lack of a unique index.' },
  { key: 'drift.rows', label: 'Drifted lines', unit: 'lines', origin: 'real', description: 'Order lines of the copy that differ from the normalized join, counted on PGlite with EXCEPT both ways at the end of the run (model-only: the model\'s own count, which a test holds equal).' },
  { key: 'storage.baseBytes', label: 'Five tables on disk', unit: 'bytes', origin: 'real', description: 'pg_total_relation_size of customers, orders, order_items, products and categories, measured after the copy is built.' },
  { key: 'storage.copyBytes', label: 'Copy on disk', unit: 'bytes', origin: 'real', description: 'pg_total_relation_size of the copy or view with its indexes (0 for the normalized read).' },
  { key: 'requests', label: 'Requests', unit: 'requests', origin: 'simulated', description: 'Arrived (after the warm-up, plus those then in flight), completed, failed, in flight: arrived = completed + failed + in flight.' },
  { key: 'writes', label: 'Writes', unit: 'writes', origin: 'simulated', description: 'Writes committed, copy updates applied (by the application, the queue or triggers), copies the application forgot.' },
  { key: 'sql.statementsRun', label: 'Statements run for real', unit: 'statements', origin: 'real', description: 'Statements PGlite executed: the setup, every write and refresh, a sample of reads, the drift check.' },
];
