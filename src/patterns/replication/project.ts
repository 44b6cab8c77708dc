import type { LatencyHistogram } from '../../engine';
import { capParticles, figure, type LabProjection, type SampleValues, type SampleWindow } from '../../lab/kit';
import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology, TopologyEdge, TopologyNode } from '../../lab/snapshot';
import { standbyStageOf } from '../../models/primaryCommit';
import type { ReplicationNode } from '../../models/replicationNode';
import { metricAt } from '../../scenario/expectations';
import type { ReplicationDetail, StaleReadSummary } from './detail';
import type { ReplicationModel } from './model';
import type { ReadRequest } from './requests';
import { WRITE_MS } from './statements';

// What the screen and the CLI show of the replication model: plain functions of its state.

/** One chart sample: each replica's lag now, and what the window since the last sample saw. */
export function replicationSample(model: ReplicationModel, w: SampleWindow, t: number): SampleValues {
  const values: SampleValues = {};
  for (const n of model.set.nodes) if (n.role === 'replica') values[`lag:${n.id}`] = n.lagMsNow(t);
  const own = w.total('own');
  values.stale = w.perSecond('stale');
  values.failed = w.perSecond('failed');
  values.ownStale = own === 0 ? 0 : (w.total('ownStale') / own) * 100;
  values.readP99 = w.percentile('read', 99);
  values.writeP99 = w.percentile('write', 99);
  values.throughput = w.perSecond('completed');
  return values;
}

function percentiles(h: LatencyHistogram): MetricTree {
  const s = h.summary();
  return { p50: s.p50, p95: s.p95, max: s.max };
}

export function replicationMetrics(model: ReplicationModel): MetricTree {
  const { stats, set } = model;
  const c = stats.counts;
  const lag: MetricTree = percentiles(model.overallLag);
  const load: MetricTree = {};
  let shipped = 0;
  let applied = 0;
  let inFlightChanges = 0;
  let discarded = 0;
  for (const n of set.nodes) {
    if (n.id !== 'primary') lag[n.id] = percentiles(n.lag);
    load[n.id] = { reads: n.reads, writes: n.writes, staleReads: n.staleReads, failedReads: n.failedReads, readsPerS: stats.perSecond(n.reads) };
    shipped += n.shipped;
    applied += n.appliedCount;
    inFlightChanges += n.role === 'replica' ? n.backlogSize : 0;
    discarded += n.discarded;
  }
  const rl = model.readLatency.summary();
  const wl = model.writeLatency.summary();
  return {
    requests: { arrived: c.arrived, completed: c.completed, failed: c.failed, inFlight: model.inFlight.size },
    reads: { total: c.reads, stale: c.staleReads, failed: c.failedReads },
    staleReadFraction: c.reads === 0 ? 0 : c.staleReads / c.reads,
    ownReads: { total: c.ownReads, stale: c.ownStale },
    ownReadStaleFraction: c.ownReads === 0 ? 0 : c.ownStale / c.ownReads,
    writes: { committed: c.writesCommitted, failed: c.writesFailed },
    lagMs: lag,
    readLatencyMs: { mean: rl.mean, p50: rl.p50, p95: rl.p95, p99: rl.p99 },
    writeLatencyMs: { mean: wl.mean, p50: wl.p50, p95: wl.p95, p99: wl.p99 },
    load,
    failover: { count: c.failovers, lostCommits: c.lostCommits },
    changes: { shipped, applied, inFlight: inFlightChanges, discarded },
    sql: { statementsRun: model.sql.backend?.statementsRun ?? 0 },
  };
}

/** Replicas spread evenly down the right-hand column. */
const replicaY = (index: number, count: number) => (count <= 1 ? 0.5 : 0.08 + (0.84 * index) / (count - 1));

/** The synchronous standby, when the commit level waits for one. */
function activeSyncStandby(model: ReplicationModel): ReplicationNode | null {
  const standby = model.set.syncStandby();
  return standbyStageOf(model.params.values.syncCommit) && standby ? standby : null;
}

function databaseNode(model: ReplicationModel, n: ReplicationNode, replicas: ReplicationNode[]): TopologyNode {
  const now = model.env.now;
  const { primary, lsn } = model.set;
  const isPrimary = n === primary;
  const badges = isPrimary
    ? [
        { label: 'LSN', value: String(lsn) },
        { label: 'commit', value: String(model.params.values.syncCommit) },
      ]
    : n.role === 'retired'
      ? [{ label: 'out', value: 'old timeline' }]
      : [
          { label: 'lag', value: `${Math.round(n.lagMsNow(now))} ms · ${n.backlogSize} ch` },
          { label: 'applied', value: `LSN ${n.applied}` },
          ...(n.staleReads > 0 ? [{ label: 'stale reads', value: String(n.staleReads) }] : []),
        ];
  const lagging = n.role === 'replica' && (n.lagMsNow(now) > 1000 || !n.linkUp || n.pausedUntil > now);
  return {
    id: n.id,
    label: isPrimary ? `${n.id === 'primary' ? 'Primary' : `${n.id} (primary)`}` : n.role === 'retired' ? `${n.id} (retired)` : `${n.id}${n === activeSyncStandby(model) ? ' (sync)' : ''}`,
    kind: 'database',
    x: isPrimary ? 0.58 : 0.88,
    y: isPrimary ? 0.5 : replicaY(Math.max(0, replicas.indexOf(n)), replicas.length),
    status: !n.up ? 'down' : n.role === 'retired' ? 'down' : lagging || !n.routerUp ? 'degraded' : 'up',
    badges,
  };
}

export function replicationTopology(model: ReplicationModel): Topology {
  const params = model.params.values;
  const { nodes, primary } = model.set;
  const out: TopologyNode[] = [
    { id: 'clients', label: 'Clients', kind: 'clients', x: 0.06, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${params.arrivalRate} req/s` }, { label: 'writers', value: `${Math.round(params.writeFraction * 100)}%` }] },
    { id: 'router', label: 'Router', kind: 'router', x: 0.3, y: 0.5, status: 'up', badges: [{ label: 'reads', value: String(params.routerPolicy) }, { label: 'RYW', value: String(params.readYourWrites) }] },
  ];
  const edges: TopologyEdge[] = [{ from: 'clients', to: 'router' }];
  const replicas = model.set.followers();
  for (const n of nodes) {
    out.push(databaseNode(model, n, replicas));
    if (n.role !== 'retired') edges.push({ from: 'router', to: n.id, label: n === primary ? 'writes' : undefined });
    if (n.role === 'replica') edges.push({ from: primary.id, to: n.id, label: n.linkUp ? 'WAL' : 'cut', cut: !n.linkUp });
  }
  // Retired primary sits where the primary was, the new primary takes its place.
  const retired = out.find((n) => n.id !== primary.id && model.set.find(n.id)?.role === 'retired');
  if (retired) {
    retired.x = 0.58;
    retired.y = 0.88;
    const p = out.find((n) => n.id === primary.id)!;
    p.x = 0.58;
    p.y = 0.42;
  }
  return { nodes: out, edges };
}

/** Changes on the wire are particles with negative ids: the change's LSN and the index of the node it travels to. */
const CHANGE_ID_NODES = 8;
export const changeParticleId = (lsn: number, nodeIndex: number) => -(lsn * CHANGE_ID_NODES + nodeIndex);
export const changeOfParticleId = (id: number) => ({ lsn: Math.floor(-id / CHANGE_ID_NODES), nodeIndex: -id % CHANGE_ID_NODES });

export function replicationParticles(model: ReplicationModel): Particle[] {
  const out: Particle[] = [];
  const now = model.env.now;
  const { nodes, primary } = model.set;
  for (const r of model.inFlight.values()) {
    if (r.kind === 'write') out.push({ id: r.id, from: 'router', to: r.node, t0: r.phaseStart, t1: r.phase === 'executing' ? r.phaseStart + WRITE_MS : r.phaseStart, state: r.phase === 'waiting' ? 'waiting' : 'ok' });
    else out.push({ id: r.id, from: 'router', to: r.node, t0: r.phaseStart, t1: r.phase === 'waiting' ? r.phaseStart : r.phaseEnd, state: r.phase === 'waiting' ? 'waiting' : 'ok' });
  }
  // The replication stream: changes on the wire between the primary and each replica.
  nodes.forEach((n, index) => {
    if (n.role !== 'replica') return;
    for (const t of n.inTransit()) if (t.arrivesAt > now) out.push({ id: changeParticleId(t.change.lsn, index), from: primary.id, to: n.id, t0: t.sentAt, t1: t.arrivesAt, state: 'ok' });
  });
  const horizon = now - Math.max(250, model.durationMs / 200);
  for (const r of model.recentFailures) if (r.endedAt >= horizon) out.push({ id: r.id, from: r.node, to: r.node, t0: r.endedAt, t1: r.endedAt, state: 'failed' });
  return capParticles(out);
}

export function replicationCharts(model: ReplicationModel): ChartData[] {
  const { sampler } = model;
  const replicas = model.set.nodes.filter((n) => n.id !== 'primary' && sampler.has(`lag:${n.id}`));
  return [
    sampler.chart({ id: 'lag', title: 'Replication lag per replica', unit: 'ms' }, Object.fromEntries(replicas.map((n) => [n.id, `lag:${n.id}`]))),
    sampler.chart({ id: 'stale', title: 'Stale reads and failures', unit: 'per s' }, { 'stale reads/s': 'stale', 'failed/s': 'failed' }),
    sampler.chart({ id: 'own-stale', title: 'Writers who did not see their own write', unit: '%' }, { 'own reads stale': 'ownStale' }),
    sampler.chart({ id: 'latency', title: 'p99 latency: reads and commits', unit: 'ms' }, { 'read p99': 'readP99', 'write p99': 'writeP99' }),
  ];
}

export function replicationHeadline(_model: ReplicationModel, m: MetricTree): HeadlineFigure[] {
  const get = (path: string) => metricAt(m, path) as number;
  return [
    figure('staleReadFraction', 'Stale reads', get('staleReadFraction') * 100, '%'),
    figure('ownReadStaleFraction', "Didn't see own write", get('ownReadStaleFraction') * 100, '%'),
    figure('lagMs.p95', 'p95 lag', get('lagMs.p95'), 'ms'),
    figure('writeLatencyMs.p99', 'p99 commit', get('writeLatencyMs.p99'), 'ms'),
    figure('readLatencyMs.p99', 'p99 read', get('readLatencyMs.p99'), 'ms'),
    figure('requests.failed', 'Failed', get('requests.failed'), 'requests'),
    figure('failover.lostCommits', 'Lost commits', get('failover.lostCommits'), 'commits'),
    figure('sql.statementsRun', 'Statements run for real', get('sql.statementsRun'), '', 'real'),
  ];
}

function staleSummary(r: ReadRequest): StaleReadSummary {
  return { id: r.id, t: r.endedAt, node: r.node, customerId: r.customerId, sawWriteId: r.sawWriteId, primaryWriteId: r.primaryWriteId, own: r.ownWriteMissed, ownWriteId: r.own?.writeId ?? null, executed: r.executed ?? 'modelled' };
}

/** What the lab's own view draws: every node's state, the faults, the lost commits and the latest stale reads. */
export function replicationViewDetail(model: ReplicationModel): ReplicationDetail {
  const now = model.env.now;
  const { nodes, primary, lsn, timeline } = model.set;
  const standby = activeSyncStandby(model);
  return {
    kind: 'replication',
    primary: primary.id,
    lsn,
    timeline,
    syncStandby: standby ? standby.id : null,
    nodes: nodes.map((n) => ({
      id: n.id,
      role: n === primary ? 'primary' : n.role,
      up: n.up,
      routerUp: n.routerUp,
      linkUp: n.linkUp,
      replayHeld: n.pausedUntil > now,
      received: n === primary ? lsn : n.received,
      applied: n === primary ? lsn : n.applied,
      lagMs: n.role === 'replica' ? n.lagMsNow(now) : 0,
      lagChanges: n.role === 'replica' ? n.backlogSize : 0,
      reads: n.reads,
      writes: n.writes,
      staleReads: n.staleReads,
      failedReads: n.failedReads,
      readsInFlight: n.readsInFlight,
    })),
    faults: model.faults.slice(),
    lostCommits: model.lostCommits.slice(-100),
    lostCommitsTotal: model.stats.counts.lostCommits,
    staleReads: model.recentStale.slice(-12).reverse().map(staleSummary),
    staleTotal: model.stats.counts.staleReads,
    readsTotal: model.stats.counts.reads,
  };
}

/** What the screen and the CLI show of the replication model. */
export const replicationProjection: LabProjection<ReplicationModel, ReplicationDetail> = {
  metrics: replicationMetrics,
  topology: replicationTopology,
  particles: replicationParticles,
  charts: replicationCharts,
  headline: replicationHeadline,
  detail: replicationViewDetail,
};
