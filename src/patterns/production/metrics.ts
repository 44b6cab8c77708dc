import type { MetricSpec } from '../../lab/labDefinition';

/** What the production stack lab measures: the keys of its results, with their meaning for tables and tooltips. */
export const productionMetrics: readonly MetricSpec[] = [
  { key: 'requests', label: 'Requests', unit: 'requests', origin: 'simulated', description: 'Arrived (after the warm-up, plus those in flight then), completed, timed out waiting for a connection, failed (all failures), in flight at the end. A writer’s read-back is a request of its own.' },
  { key: 'latencyMs', label: 'Latency', unit: 'ms', origin: 'simulated', description: 'Arrival to completion or failure, over every request.' },
  { key: 'throughputPerS', label: 'Throughput', unit: 'req/s', origin: 'simulated', description: 'Completions per simulated second.' },
  { key: 'errorRate', label: 'Error rate', unit: 'fraction', origin: 'simulated', description: 'Failed over ended requests.' },
  { key: 'sloMet', label: 'SLO met', unit: '', origin: 'simulated', description: 'Over the run: p99 latency ≤ slo.p99Ms and error rate ≤ slo.errorRate.' },
  { key: 'sloViolationS', label: 'Seconds out of SLO', unit: 's', origin: 'simulated', description: 'One-second windows whose p99 or error rate broke the objective.' },
  { key: 'latencyBreakdownMs', label: 'Latency breakdown', unit: 'ms', origin: 'simulated', description: 'Mean per request of poolWait, network, cache, dbQueue, dbExecution, replicationWait; they add up to latencyMs.mean.' },
  { key: 'utilization', label: 'Utilization', unit: 'fraction', origin: 'simulated', description: 'pool: connections checked out over poolMax (without a pool, open over max_connections); primaryCpu, replicaCpu (mean of replicas): busy cores over cores; cache: operations × 0.02 ms over time (one Redis core).' },
  { key: 'bottleneck', label: 'Bottleneck', unit: '', origin: 'simulated', description: 'The part that saturates first as load grows (pool, primaryCpu, replicaCpu or cache: true for it), from a sweep of the stack’s own model (same seed and settings, faults aside, 5 s each) at 1, 1.5, 2, 3, 4 and 6× arrivalRate until a part reaches 90 % utilization (if none by 6×, one more point where the busiest part’s line says it would); saturatesAtPerS: the arrival rate where it does (linear between the two points around it), saturatesAtLoad: that over arrivalRate, withinSweep: whether a point run saw it (else a line’s estimate), utilization: its utilization at the run’s own load.' },
  { key: 'pool', label: 'Pool', unit: '', origin: 'simulated', description: 'The pooling lab’s pool figures: utilization, meanInUse, meanWaiting, maxWaiting, borrowWaitMs, connections opened, closed, leaked, refused.' },
  { key: 'replication', label: 'Replication', unit: '', origin: 'simulated', description: 'The replication lab’s figures: stale reads, writers missing their own write, lag, failovers and lost commits.' },
  { key: 'cache', label: 'Cache', unit: '', origin: 'simulated', description: 'Hit ratio, hits and misses of reads that asked the cache.' },
  { key: 'batch', label: 'Batch writer', unit: '', origin: 'simulated', description: 'Writes flushed, batches, most pending at once, writes lost in a cache crash.' },
];
