import { primaryWithReplicas } from '../../cluster/nodeList';
import { defineLab } from '../../lab/defineLab';
import { PRODUCTION_ACTIONS } from './faults';
import { ownLabOfNode } from './ownLabs';
import { lazyModel } from '../../lab/lazyModel';
import { crossCheckProduction, productionParams } from './params';

const RATES = [25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000];

/** The production stack: the labs' parts composed, loaded, and broken on purpose. */
export const productionLab = defineLab({
  id: 'production',
  title: 'The production stack',
  summary: 'Pool, router, replicas, cache and batch writer composed from the other labs’ models: which part breaks first, and why.',
  params: productionParams,
  crossCheck: crossCheckProduction,
  // Model-only (no dataset): the node list names the nodes fault actions may stop and restart.
  cluster: (params) => primaryWithReplicas(params['replication.replicas']),
  metrics: [
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
  ],
  actions: PRODUCTION_ACTIONS,
  sweep: {
    param: 'arrivalRate',
    values: RATES,
    metrics: [
      { key: 'latencyMs.p99', label: 'p99 latency', unit: 'ms', better: 'none' },
      { key: 'utilization.pool', label: 'Pool', unit: 'fraction', better: 'none' },
      { key: 'utilization.primaryCpu', label: 'Primary CPU', unit: 'fraction', better: 'none' },
      { key: 'utilization.replicaCpu', label: 'Replica CPU', unit: 'fraction', better: 'none' },
      { key: 'errorRate', label: 'Error rate', unit: 'fraction', better: 'none' },
    ],
  },
  defaultDurationS: 60,
  defaultWarmupS: 5,
  slowRequestsAre: 'a write',
  lesson:
    'A request goes through every part you switch on: cache, pool, router, a primary or a replica. Load it and watch which badge turns amber first; the panel says which part breaks first as load grows, at what load and why (a sweep of this stack at growing load). Inject faults (a replica down, a failover, a cache crash, a spike, a dropped index, a leak) and read the latency breakdown: it says where each millisecond went. Then switch parts off: at low load a single database meets the SLO, and each part adds latency and failure modes.',
  nodeLab: ownLabOfNode,
  create: lazyModel(() => import('./model').then((m) => m.createProductionModel)),
});
