import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology, TopologyNode } from '../../lab/snapshot';
import { capParticles, figure, type LabProjection } from '../../lab/kit';
import { metricAt } from '../../scenario/expectations';
import { denormCosts, plainRefreshMs, concurrentRefreshMs } from './costs';
import type { DenormDetail } from './detail';
import type { DenormWorld } from './model';
import { copyRelation } from './realSql';
import { READ_SQL } from './sql';

// A request's particle ids: one per round trip (request id × 8 + its round trip, mod 8), so each
// statement is a new particle and a click on any of them finds its request.
const PARTICLE_IDS_PER_REQUEST = 8;

/** The request a clicked particle belongs to. */
export function requestIdOfParticle(particleId: number): number {
  return Math.floor(particleId / PARTICLE_IDS_PER_REQUEST);
}

const seconds = (ms: number) => ms / 1000;

export function denormMetrics(w: DenormWorld): MetricTree {
  const c = w.stats.counts;
  const r = w.readLatency.summary();
  const wr = w.writeLatency.summary();
  const s = w.staleness.summary();
  const drift = w.driftCheck ? (w.driftCheck.real ?? w.driftCheck.model) : w.drift().rows;
  return {
    readLatencyMs: { mean: r.mean, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max },
    writeLatencyMs: { mean: wr.mean, p50: wr.p50, p95: wr.p95, p99: wr.p99, max: wr.max },
    staleness: { meanS: seconds(s.mean), p99S: seconds(s.p99), maxS: seconds(s.max) },
    staleReadFraction: c.reads === 0 ? 0 : c.staleReads / c.reads,
    refresh: { count: c.refreshes, meanMs: w.refreshMs.mean, maxMs: w.refreshMs.max, readersBlocked: c.readersBlocked, refused: c.refreshesRefused },
    drift: { rows: drift },
    storage: { baseBytes: w.storage.baseBytes, copyBytes: w.storage.copyBytes },
    requests: { arrived: c.arrived, completed: c.completed, failed: c.failed, inFlight: w.inFlight.size },
    writes: { committed: c.writes, copyUpdates: c.copyUpdates, copiesForgotten: c.copiesForgotten },
    sql: { statementsRun: w.sql.backend?.statementsRun ?? 0 },
  };
}

/** Mean staleness theory predicts, when it predicts one simply: a scheduled view under frequent writes. */
export function expectedStaleness(w: DenormWorld): { ms: number; why: string } | null {
  const p = w.params.values;
  if (w.refresher === null) return null;
  if (p.refresh === 'scheduled' || p.refresh === 'concurrently') {
    if (p.refresh === 'concurrently' && !w.uniqueIndex) return null;
    const refreshMs = p.refresh === 'scheduled' ? plainRefreshMs(denormCosts.refresh, w.uniqueIndex) : concurrentRefreshMs(denormCosts.refresh, 0);
    return { ms: (p.refreshIntervalS * 1000) / 2 + refreshMs, why: 'half the interval plus the refresh time (when writes are frequent)' };
  }
  if (p.refresh === 'on-write') return { ms: 0, why: 'about 0: every write refreshes the view before it returns' };
  return null;
}

export function denormParticles(w: DenormWorld): Particle[] {
  const out: Particle[] = [];
  for (const r of w.inFlight.values()) {
    const id = r.id * PARTICLE_IDS_PER_REQUEST + (r.legs % PARTICLE_IDS_PER_REQUEST);
    const state = r.kind === 'read' ? 'ok' : 'slow';
    if (r.phase === 'out') out.push({ id, from: 'app', to: 'primary', t0: r.phaseStart, t1: r.phaseEnd, state });
    else if (r.phase === 'back') out.push({ id, from: 'primary', to: 'app', t0: r.phaseStart, t1: r.phaseEnd, state });
    else if (r.phase === 'lock-wait' || r.phase === 'refresh') out.push({ id, from: 'primary', to: 'primary', t0: r.phaseStart, t1: r.phaseStart, state: 'waiting' });
    else if (r.phase === 'executing') out.push({ id, from: 'primary', to: 'primary', t0: r.phaseStart, t1: r.phaseStart, state });
  }
  return capParticles(out);
}

export function denormTopology(w: DenormWorld): Topology {
  const p = w.params.values;
  const refresher = w.refresher;
  const primaryBadges: { label: string; value: string }[] = [{ label: 'read model', value: w.readModel }];
  if (w.readModel !== 'normalized') primaryBadges.push({ label: 'drifted lines', value: String(w.drift().rows) });
  if (refresher !== null) {
    const refreshing = refresher.running.size > 0;
    primaryBadges.push({ label: 'view', value: refreshing ? 'refreshing' : `refreshed ${((w.env.now - refresher.view.contents.takenAt) / 1000).toFixed(1)} s ago` });
    const waiting = refresher.lock.waiters.length;
    primaryBadges.push({ label: 'view lock queue', value: waiting === 0 ? 'empty' : `${waiting} waiting` });
  }
  const nodes: TopologyNode[] = [
    { id: 'clients', label: 'Clients', kind: 'clients', x: 0.08, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${p.arrivalRate} req/s` }, { label: 'writes', value: `${Math.round(p.writeFraction * 100)}%` }] },
    { id: 'app', label: 'Application', kind: 'app', x: 0.4, y: 0.5, status: 'up', badges: [{ label: 'in flight', value: String(w.inFlight.size) }] },
    {
      id: 'primary',
      label: 'Primary (PostgreSQL)',
      kind: 'database',
      x: 0.82,
      y: 0.5,
      status: refresher !== null && refresher.lock.waiters.length > 0 ? 'degraded' : 'up',
      // The lock queue is a badge, not the node's queueLength: a database node's queue caption
      // would sit on its "click for the SQL console" hint. Readers waiting still line up under it.
      badges: primaryBadges,
    },
  ];
  const edges: Topology['edges'] = [
    { from: 'clients', to: 'app' },
    { from: 'app', to: 'primary', label: `${p.networkRttMs} ms` },
  ];
  if (w.readModel === 'denormalized-table' && (p.syncMode === 'async-queue' || w.queue.length > 0)) {
    nodes.push({ id: 'queue', label: 'Copy queue', kind: 'queue', x: 0.61, y: 0.85, status: 'up', badges: [{ label: 'delay', value: `${p.syncDelayMs} ms` }], queueLength: w.queue.length });
    edges.push({ from: 'app', to: 'queue' }, { from: 'queue', to: 'primary' });
  }
  return { nodes, edges };
}

export function denormCharts(w: DenormWorld): ChartData[] {
  const expected = expectedStaleness(w);
  return [
    w.sampler.chart({ id: 'latency', title: 'Read and write latency', unit: 'ms' }, { 'read p50': 'readP50', 'read p99': 'readP99', 'write p99': 'writeP99' }),
    w.sampler.chart(
      { id: 'staleness', title: 'Staleness of reads', unit: 's', ...(expected !== null ? { references: [{ name: `theory: ${expected.why}`, value: expected.ms / 1000 }] } : {}) },
      { p50: 'stalenessS', p99: 'stalenessP99S' },
    ),
    w.sampler.chart(
      { id: 'waiting', title: 'Readers blocked by a refresh, copies queued', unit: 'count' },
      { 'readers waiting for the view (most at once)': 'blockedReaders', 'copy updates queued': 'queued' },
    ),
  ];
}

export function denormHeadline(_w: DenormWorld, m: MetricTree): HeadlineFigure[] {
  const get = (path: string) => metricAt(m, path) as number;
  return [
    figure('readLatencyMs.p50', 'Read p50', get('readLatencyMs.p50'), 'ms'),
    figure('writeLatencyMs.p99', 'Write p99', get('writeLatencyMs.p99'), 'ms'),
    figure('staleness.meanS', 'Mean staleness', get('staleness.meanS'), 's'),
    figure('staleReadFraction', 'Stale reads', get('staleReadFraction') * 100, '%'),
    figure('drift.rows', 'Drifted lines', get('drift.rows'), 'lines', 'real'),
    figure('refresh.readersBlocked', 'Readers blocked', get('refresh.readersBlocked'), ''),
    figure('storage.copyBytes', 'Copy on disk', get('storage.copyBytes') / 1e6, 'MB', 'real'),
  ];
}

export function denormDetail(w: DenormWorld): DenormDetail {
  const p = w.params.values;
  const s = w.staleness.summary();
  const drift = w.drift();
  const expected = expectedStaleness(w);
  const oldest = w.book.oldestUnseenAmong(w.readSource(), p.customers);
  const queued = w.queue.oldest;
  const relation = copyRelation(w.readModel);
  return {
    kind: 'denormalization',
    readModel: w.readModel,
    syncMode: p.syncMode,
    refresh: p.refresh,
    refreshIntervalS: p.refreshIntervalS,
    uniqueIndex: w.uniqueIndex,
    now: w.env.now,
    staleness: {
      nowS: oldest === Infinity ? 0 : (w.env.now - oldest) / 1000,
      meanS: s.mean / 1000,
      p99S: s.p99 / 1000,
      maxS: s.max / 1000,
      staleReadFraction: w.stats.counts.reads === 0 ? 0 : w.stats.counts.staleReads / w.stats.counts.reads,
      expectedS: expected === null ? null : expected.ms / 1000,
      expectedWhy: expected?.why ?? null,
    },
    refreshes: w.refresher ? [...w.refresher.recent, ...w.refresher.running] : [],
    lock: w.refresher ? w.refresher.lock.pgLocks() : [],
    refreshError: w.refresher?.lastError ?? null,
    drift: { relation, rows: drift.rows, listed: drift.listed, byReason: drift.byReason, check: w.driftCheck },
    storage: w.storage,
    writes: { ...w.writesByKind, copyUpdates: w.stats.counts.copyUpdates, copiesForgotten: w.stats.counts.copiesForgotten, queued: w.queue.length, oldestQueuedMs: queued === null ? null : w.env.now - queued.enqueuedAt },
    plans: { join: READ_SQL.normalized.replace('$1', '1'), copy: relation === null ? null : `select * from ${relation} where customer_id = 1` },
    setupError: w.setupError,
  };
}

export const denormProjection: LabProjection<DenormWorld, DenormDetail> = {
  metrics: denormMetrics,
  topology: denormTopology,
  particles: denormParticles,
  charts: denormCharts,
  headline: denormHeadline,
  detail: denormDetail,
};
