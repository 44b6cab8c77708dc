import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology, TopologyNode } from '../../lab/snapshot';
import { capParticles, figure, type LabProjection } from '../../lab/kit';
import type { ReplicationNode } from '../../models/replicationNode';
import type { StackFault, StackSystem } from './model';
import { PART_NAMES, REQUEST_KINDS, type LatencyParts, type RequestKind } from './request';
import type { Saturation } from './saturationSweep';
import { AMBER, RED, STACK_PARTS, utilization, type StackPart } from './utilization';

type Figures = { mean: number; p50: number; p95: number; p99: number; max: number };

/** The lab's metrics, as the CLI's `--json` prints them. */
export interface ProductionMetrics extends MetricTree {
  requests: { arrived: number; completed: number; timedOut: number; failed: number; inFlight: number };
  latencyMs: Figures;
  throughputPerS: number;
  errorRate: number;
  sloMet: boolean;
  sloViolationS: number;
  latencyBreakdownMs: LatencyParts & MetricTree;
  utilization: Record<StackPart, number>;
  bottleneck: MetricTree;
  pool: MetricTree;
  replication: MetricTree;
  cache: MetricTree;
  batch: MetricTree;
}

/**
 * `bottleneck`: the part that saturates first as load grows (the saturation sweep), one boolean
 * per part, the rate it saturates at and that rate over the run's own; `utilization`: that part's
 * utilization at the run's own load. The most utilized part is not always the cause (a pool runs
 * dry because slow queries hold its connections): the view shows every part's utilization at each
 * point of the sweep, and the breakdown where the time goes.
 */
function bottleneckMetrics(sat: Saturation, u: Record<StackPart, number>): MetricTree {
  return {
    pool: sat.part === 'pool',
    primaryCpu: sat.part === 'primaryCpu',
    replicaCpu: sat.part === 'replicaCpu',
    cache: sat.part === 'cache',
    saturatesAtPerS: sat.atPerS,
    saturatesAtLoad: sat.atMultiple,
    withinSweep: sat.withinSweep,
    utilization: u[sat.part],
  };
}

function percentiles(h: { summary(): Figures & { count: number } }): Figures {
  const { mean, p50, p95, p99, max } = h.summary();
  return { mean, p50, p95, p99, max };
}

export function productionMetrics(s: StackSystem): ProductionMetrics {
  const { env, stats } = s;
  const c = stats.counts;
  const failed = c.timedOut + c.failedOther;
  const ended = c.completed + failed;
  const latencyMs = percentiles(s.latency);
  const errorRate = ended === 0 ? 0 : failed / ended;
  const p = s.params.values;
  const u = utilization(s);
  const lag = s.lag.summary();
  return {
    requests: { arrived: c.arrived, completed: c.completed, timedOut: c.timedOut, failed, inFlight: s.inFlight.size },
    latencyMs,
    throughputPerS: stats.perSecond(c.completed),
    errorRate,
    sloMet: latencyMs.p99 <= p['slo.p99Ms'] && errorRate <= p['slo.errorRate'],
    sloViolationS: s.slo.violationS,
    latencyBreakdownMs: { ...s.breakdown.mean() },
    utilization: u,
    bottleneck: bottleneckMetrics(s.saturation(), u),
    pool: {
      utilization: u.pool,
      meanInUse: s.inUse.mean(env.now),
      meanWaiting: s.waiting.mean(env.now),
      maxWaiting: s.waiting.max,
      borrowWaitMs: percentiles(s.borrowWait),
      connectionsOpened: c.opened,
      connectionsClosed: c.closed,
      leaked: c.leaked,
      refusedConnections: c.openRefusals,
    },
    replication: {
      replicas: s.set.followers().length,
      staleReadFraction: c.reads === 0 ? 0 : c.staleReads / c.reads,
      ownReadStaleFraction: c.ownReads === 0 ? 0 : c.ownStale / c.ownReads,
      reads: c.reads,
      writesCommitted: c.writesCommitted,
      lagMs: { mean: lag.mean, p50: lag.p50, p95: lag.p95, p99: lag.p99, max: lag.max },
      failover: { count: c.failovers, lostCommits: c.lostCommits },
    },
    cache: { hitRatio: c.cacheHits + c.cacheMisses === 0 ? 0 : c.cacheHits / (c.cacheHits + c.cacheMisses), hits: c.cacheHits, misses: c.cacheMisses },
    batch: { flushed: s.batch?.flushed ?? 0, batches: s.batch?.batches ?? 0, maxPending: s.batch?.maxPending ?? 0, lostWrites: c.batchLostWrites },
  };
}

/** Amber from AMBER, red-flagged from RED: a part's status and its badge's words. */
function load(u: number): { status: TopologyNode['status']; word: string } {
  if (u >= RED) return { status: 'degraded', word: `${Math.round(u * 100)} % SATURATED` };
  if (u >= AMBER) return { status: 'degraded', word: `${Math.round(u * 100)} % busy` };
  return { status: 'up', word: `${Math.round(u * 100)} %` };
}

/** Spread `count` boxes down the stage. */
const spread = (index: number, count: number) => (count <= 1 ? 0.55 : 0.1 + (0.8 * index) / (count - 1));

function databaseNode(s: StackSystem, n: ReplicationNode, x: number, y: number, withLag: boolean): TopologyNode {
  const cpu = s.cpu(n);
  const l = load(cpu.utilization());
  const isPrimary = n.role === 'primary';
  return {
    id: n.id,
    label: isPrimary ? 'Primary' : n.role === 'retired' ? 'Old primary' : n.id,
    kind: 'database',
    x,
    y,
    status: !n.up || n.role === 'retired' ? 'down' : l.status,
    badges: [
      ...((isPrimary || n.role === 'retired') && n.id !== 'primary' ? [{ label: 'node', value: n.id }] : []),
      { label: 'CPU', value: l.word },
      ...(isPrimary || !withLag ? [] : [{ label: 'lag', value: `${Math.round(n.lagMsNow(s.env.now))} ms` }]),
    ],
  };
}

/**
 * The stack left to right, the way a request goes: application, pool, router, primary, replicas;
 * the cache and the batch writer on the row above (beside the path, as in the seed).
 */
export function productionTopology(s: StackSystem): Topology {
  const p = s.params.values;
  const u = utilization(s);
  const row = 0.55;
  const nodes: TopologyNode[] = [{ id: 'clients', label: 'Application', kind: 'app', x: 0.08, y: row, status: 'up', badges: [{ label: 'rate', value: `${Math.round(p.arrivalRate * s.spikeFactor)} req/s` }] }];
  const edges: Topology['edges'] = [];
  if (s.cache) {
    const l = load(u.cache);
    const down = !s.cacheUp();
    nodes.push({ id: 'cache', label: 'Cache', kind: 'cache', x: 0.28, y: 0.13, status: down ? 'down' : l.status, badges: [{ label: 'entries', value: String(s.cache.size) }, { label: 'load', value: down ? 'down' : l.word }] });
    edges.push({ from: 'clients', to: 'cache', label: 'get', cut: down });
  }
  const entry = s.pool ? 'pool' : 'clients';
  if (s.pool) {
    const pool = s.pool;
    const l = load(u.pool);
    nodes.push({
      id: 'pool',
      label: 'Pool',
      kind: 'pool',
      x: 0.28,
      y: row,
      status: l.status,
      badges: [{ label: 'in use', value: `${pool.inUse + pool.leakedCount}/${p['pool.poolMax']} (${l.word})` }, { label: 'waiting', value: String(pool.waiting) }, ...(pool.leakedCount > 0 ? [{ label: 'leaked', value: String(pool.leakedCount) }] : [])],
      queueLength: pool.waiting,
    });
    edges.push({ from: 'clients', to: 'pool' });
  }
  const followers = s.set.nodes.filter((n) => n.role === 'replica');
  const retired = s.set.nodes.filter((n) => n.role === 'retired');
  nodes.push({ id: 'router', label: 'Router', kind: 'router', x: 0.47, y: row, status: 'up', badges: [{ label: 'reads', value: followers.length === 0 ? 'primary' : p['replication.routerPolicy'] }] });
  edges.push({ from: entry, to: 'router' });
  nodes.push(databaseNode(s, s.set.primary, 0.63, row, false));
  edges.push({ from: 'router', to: s.set.primary.id });
  // Replicas down the right-hand column (at most 3: the parameter's range); an old primary a
  // failover retired above the new one.
  followers.forEach((n, i) => {
    nodes.push(databaseNode(s, n, 0.86, spread(i, followers.length), true));
    edges.push({ from: 'router', to: n.id, ...(i === 0 ? { label: 'reads' } : {}) });
  });
  retired.forEach((n) => nodes.push(databaseNode(s, n, 0.64, 0.13, false)));
  if (s.batch) {
    nodes.push({ id: 'batch', label: 'Batch writer', kind: 'queue', x: 0.45, y: 0.13, status: 'up', badges: [{ label: 'queued', value: String(s.batch.pending) }] });
    edges.push({ from: 'batch', to: s.set.primary.id, label: 'batches' });
  }
  return { nodes, edges };
}

export function productionParticles(s: StackSystem): Particle[] {
  const out: Particle[] = [];
  for (const r of s.inFlight.values()) {
    if (r.at === 'cache') out.push({ id: r.id, from: 'clients', to: 'cache', t0: r.phaseStart, t1: r.phaseStart + 1, state: 'ok' });
    else if (r.at === 'pool') out.push({ id: r.id, from: s.pool ? 'pool' : 'clients', to: s.pool ? 'pool' : 'router', t0: r.arrivedAt, t1: r.arrivedAt, state: 'waiting' });
    else out.push({ id: r.id, from: 'router', to: r.node || s.set.primary.id, t0: r.phaseStart, t1: r.phaseStart + 1, state: r.kind === 'write' ? 'slow' : 'ok' });
  }
  const horizon = s.env.now - Math.max(250, s.durationMs / 200);
  for (const r of s.recentFailures) if (r.phaseStart >= horizon) out.push({ id: r.id, from: 'router', to: 'router', t0: r.phaseStart, t1: r.phaseStart, state: 'failed' });
  return capParticles(out);
}

export function productionCharts(s: StackSystem): ChartData[] {
  const pts = (name: string) => s.sampler.points(name);
  const p = s.params.values;
  return [
    { id: 'latency', title: 'Latency and the SLO', unit: 'ms', series: [{ name: 'p50', points: pts('p50') }, { name: 'p99', points: pts('p99') }], references: [{ name: 'SLO p99', value: p['slo.p99Ms'] }] },
    { id: 'throughput', title: 'Throughput and errors', unit: 'req/s', series: [{ name: 'completed', points: pts('throughput') }, { name: 'failed', points: pts('errors') }] },
    {
      id: 'connections',
      title: 'Connections in use, borrowers waiting',
      unit: 'connections',
      series: [{ name: 'in use', points: pts('inUse') }, { name: 'waiting', points: pts('waiting') }],
      references: s.pool ? [{ name: 'poolMax', value: p['pool.poolMax'] }] : [{ name: 'max_connections', value: p['db.maxConnections'] }],
    },
  ];
}

export function productionHeadline(_s: StackSystem, m: ProductionMetrics): HeadlineFigure[] {
  return [
    figure('latencyMs.p99', 'p99 latency', m.latencyMs.p99, 'ms'),
    figure('throughputPerS', 'Throughput', m.throughputPerS, 'req/s'),
    figure('errorRate', 'Errors', m.errorRate * 100, '%'),
    figure('sloViolationS', 'Seconds out of SLO', m.sloViolationS, 's'),
    figure('bottleneck.saturatesAtPerS', 'Saturates at', m.bottleneck.saturatesAtPerS as number, 'req/s'),
  ];
}

/** What the lab's own view reads: the breakdown per request type, the fault timeline, which part saturates first. */
export interface ProductionDetail {
  kind: 'production';
  breakdown: { kind: RequestKind; count: number; parts: LatencyParts }[];
  faults: StackFault[];
  /** The saturation sweep: which part saturates first, at what load, every part's utilization at each point. */
  saturation: Saturation;
  /** Each part's utilization at the run's own load. */
  utilization: Record<StackPart, number>;
  /** The parts switched on (the replicas' CPU with replicas, the cache with one), and whether a pool serves connections. */
  parts: StackPart[];
  pooling: boolean;
  arrivalRate: number;
  sloP99Ms: number;
  sloMet: boolean;
  /** Nodes a fault button may stop: those running now, by name. */
  runningNodes: string[];
}

export function productionDetail(s: StackSystem): ProductionDetail {
  const u = utilization(s);
  const m = s.latency.summary();
  return {
    kind: 'production',
    breakdown: REQUEST_KINDS.map((kind) => ({ kind, count: s.breakdown.count(kind), parts: s.breakdown.mean(kind) })),
    faults: [...s.faults],
    saturation: s.saturation(),
    utilization: u,
    parts: STACK_PARTS.filter((k) => (k === 'replicaCpu' ? s.set.followers().length > 0 : k === 'cache' ? s.cache !== null : true)),
    pooling: s.pooling,
    arrivalRate: s.params.values.arrivalRate,
    sloP99Ms: s.params.values['slo.p99Ms'],
    sloMet: m.p99 <= s.params.values['slo.p99Ms'],
    runningNodes: s.set.nodes.filter((n) => n.up && n.role !== 'retired').map((n) => n.id),
  };
}

export { PART_NAMES };

/** What the screen and the CLI show of the stack. */
export const productionProjection: LabProjection<StackSystem, ProductionDetail, ProductionMetrics> = {
  metrics: productionMetrics,
  topology: productionTopology,
  particles: productionParticles,
  charts: productionCharts,
  headline: productionHeadline,
  detail: productionDetail,
};
