import type { ChartData, HeadlineFigure, Particle, SlotState, Topology, TopologyNode } from '../../lab/snapshot';
import { capParticles, figure, type LabProjection } from '../../lab/kit';
import type { Connection } from '../../models/connectionPool';
import { erlangB, mmc, mmcPatience } from '../../theory/queueing';
import type { PoolingSystem } from './model';

/** What queueing theory says for the current settings (the `theory` metrics). */
export type PoolingTheory =
  | { waitProbability: number; timeoutProbability: number }
  | { waitProbability: number; meanWaitMs: number; utilization: number }
  /** A full pool that fails at once (psycopg2) is M/M/c/c: Erlang B is the share that finds every connection busy, and is refused. */
  | { waitProbability: number; blockingProbability: number };

/** The lab's metrics, as the CLI's `--json` prints them. */
export type PoolingMetrics = {
  requests: { arrived: number; completed: number; timedOut: number; failed: number; inFlight: number };
  latencyMs: LatencyFigures;
  borrowWaitMs: LatencyFigures;
  waitedFraction: number;
  timedOutFraction: number;
  pool: {
    utilization: number;
    meanInUse: number;
    meanWaiting: number;
    maxWaiting: number;
    connectionsOpened: number;
    connectionsClosed: number;
    leaked: number;
    leakWarnings: number;
  };
  db: { cpuUtilization: number; maxConnections: number; refusedConnections: number };
  throughputPerS: number;
  sql: { statementsRun: number };
  theory?: PoolingTheory;
};

type LatencyFigures = { mean: number; p50: number; p95: number; p99: number; max: number };

/** Queueing theory for the current settings, when the lab is exactly M/M/c (or M/M/c+D, or M/M/c/c), else null. */
export function poolingTheory(s: PoolingSystem): PoolingTheory | null {
  const p = s.params.values;
  if (!s.pool || p.serviceDist !== 'exponential' || p.leakRate > 0) return null;
  const c = p.poolMax;
  if (p.poolMin !== c || p.dbCores < c || c > p.dbMaxConnections) return null;
  const lambda = p.arrivalRate / 1000;
  const service = s.service;
  const meanService = service.kind === 'exponential' ? service.mean : NaN;
  if (p.whenExhausted === 'fail') {
    const blocked = erlangB(c, lambda * meanService);
    return { waitProbability: blocked, blockingProbability: blocked };
  }
  const patience = p.borrowTimeoutMs;
  if (patience > 0) {
    const t = mmcPatience(c, lambda, meanService, patience);
    return { waitProbability: t.waitProbability, timeoutProbability: t.abandonProbability };
  }
  if (lambda * meanService >= c) return null;
  const t = mmc(c, lambda, meanService);
  return { waitProbability: t.waitProbability, meanWaitMs: t.meanWait, utilization: t.utilization };
}

export function poolingMetrics(s: PoolingSystem): PoolingMetrics {
  const { env, stats } = s;
  const { arrived, completed, timedOut, failedOther, borrowAttempts, waitedBorrows } = stats.counts;
  const l = s.latency.summary();
  const w = s.borrowWait.summary();
  const p = s.params.values;
  const slotsAvailable = s.pooling ? p.poolMax : p.dbMaxConnections;
  const metrics: PoolingMetrics = {
    requests: { arrived, completed, timedOut, failed: timedOut + failedOther, inFlight: s.inFlight.size },
    latencyMs: { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99, max: l.max },
    borrowWaitMs: { mean: w.mean, p50: w.p50, p95: w.p95, p99: w.p99, max: w.max },
    waitedFraction: borrowAttempts === 0 ? 0 : waitedBorrows / borrowAttempts,
    timedOutFraction: borrowAttempts === 0 ? 0 : timedOut / borrowAttempts,
    pool: {
      utilization: s.inUse.mean(env.now) / slotsAvailable,
      meanInUse: s.inUse.mean(env.now),
      meanWaiting: s.waiting.mean(env.now),
      maxWaiting: s.waiting.max,
      connectionsOpened: stats.counts.opened,
      connectionsClosed: stats.counts.closed,
      leaked: stats.counts.leaked,
      leakWarnings: stats.counts.leakWarnings,
    },
    db: { cpuUtilization: s.cpu.utilization(), maxConnections: s.server.peak, refusedConnections: stats.counts.openRefusals },
    throughputPerS: stats.perSecond(completed),
    sql: { statementsRun: s.sql?.statementsRun ?? 0 },
  };
  const theory = poolingTheory(s);
  if (theory) metrics.theory = theory;
  return metrics;
}

export function poolingParticles(s: PoolingSystem): Particle[] {
  const out: Particle[] = [];
  const entry = s.pooling ? 'pool' : 'primary';
  for (const r of s.inFlight.values()) {
    if (r.phase === 'borrowing') out.push({ id: r.id, from: 'pool', to: 'pool', t0: r.arrivedAt, t1: r.arrivedAt, state: 'waiting' });
    else if (r.phase === 'connecting') out.push({ id: r.id, from: 'clients', to: 'primary', t0: r.phaseStart, t1: r.phaseEnd, state: 'slow' });
    else out.push({ id: r.id, from: entry === 'pool' ? 'pool' : 'clients', to: 'primary', t0: r.phaseStart, t1: r.phaseEnd, state: 'ok' });
  }
  // Failures flash where they happened for a moment (longer in longer runs, which play faster).
  const horizon = s.env.now - Math.max(250, s.durationMs / 200);
  for (const r of s.recentFailures) {
    if (r.phaseStart >= horizon) out.push({ id: r.id, from: entry, to: entry, t0: r.phaseStart, t1: r.phaseStart, state: 'failed' });
  }
  return capParticles(out);
}

/** The pool's slots: busy first, then leaked, opening and idle; unopened ones drawn closed up to poolMax. */
function poolSlots(s: PoolingSystem): SlotState[] {
  if (!s.pool) return [];
  const order: Record<Connection['state'], number> = { busy: 0, leaked: 1, opening: 2, idle: 3, closed: 4 };
  const states = s.pool.connections.map((c) => c.state).sort((a, b) => order[a] - order[b]);
  const free = Math.max(0, s.params.values.poolMax - states.length);
  return [...states, ...Array<SlotState>(free).fill('closed')];
}

export function poolingTopology(s: PoolingSystem): Topology {
  const p = s.params.values;
  const clients: TopologyNode = { id: 'clients', label: 'Clients', kind: 'clients', x: 0.08, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${p.arrivalRate} req/s` }] };
  const primary: TopologyNode = {
    id: 'primary',
    label: 'Primary (PostgreSQL)',
    kind: 'database',
    x: 0.85,
    y: 0.5,
    status: 'up',
    badges: [
      { label: 'connections', value: `${s.server.open}/${p.dbMaxConnections}` },
      { label: 'running', value: `${s.cpu.running} on ${s.cpu.cores} cores` },
    ],
  };
  const pool = s.pool;
  if (!pool) return { nodes: [clients, primary], edges: [{ from: 'clients', to: 'primary', label: 'connect, query, close' }] };
  const poolNode: TopologyNode = {
    id: 'pool',
    label: 'Connection pool',
    kind: 'pool',
    x: 0.45,
    y: 0.5,
    status: pool.waiting > 0 ? 'degraded' : 'up',
    badges: [
      // Leaked connections are checked out for good, so they count as in use (and are named).
      { label: 'in use', value: `${pool.inUse + pool.leakedCount}/${p.poolMax}` },
      { label: 'idle', value: String(pool.idleCount) },
      { label: 'waiting', value: String(pool.waiting) },
      ...(pool.leakedCount > 0 ? [{ label: 'leaked', value: String(pool.leakedCount) }] : []),
    ],
    slots: poolSlots(s),
    queueLength: pool.waiting,
  };
  return {
    nodes: [clients, poolNode, primary],
    edges: [
      { from: 'clients', to: 'pool', label: 'borrow' },
      { from: 'pool', to: 'primary', label: 'query' },
    ],
  };
}

export function poolingCharts(s: PoolingSystem): ChartData[] {
  const p = s.params.values;
  const theory = poolingTheory(s);
  return [
    s.sampler.chart(
      { id: 'borrow-wait', title: 'Borrow wait', unit: 'ms', references: theory && 'meanWaitMs' in theory ? [{ name: 'Erlang C mean', value: theory.meanWaitMs }] : [] },
      { p50: 'p50', p95: 'p95', p99: 'p99' },
    ),
    s.sampler.chart(
      {
        id: 'connections',
        title: 'Connections: in use, idle, waiting borrowers',
        unit: 'connections',
        references: s.pooling ? [{ name: 'poolMax', value: p.poolMax }] : [{ name: 'max_connections', value: p.dbMaxConnections }],
      },
      { 'in use': 'inUse', ...(s.pooling && p.leakRate > 0 ? { leaked: 'leaked' } : {}), idle: 'idle', waiting: 'waiting' },
    ),
    s.sampler.chart({ id: 'throughput', title: 'Throughput, timeouts and errors', unit: 'req/s' }, { completed: 'throughput', 'timed out': 'timeouts', errors: 'errors' }),
  ];
}

export function poolingHeadline(s: PoolingSystem, m: PoolingMetrics): HeadlineFigure[] {
  const figures: HeadlineFigure[] = [
    figure('latencyMs.p99', 'p99 latency', m.latencyMs.p99, 'ms'),
    figure('borrowWaitMs.p99', 'p99 borrow wait', m.borrowWaitMs.p99, 'ms'),
    figure('throughputPerS', 'Throughput', m.throughputPerS, 'req/s'),
    figure('requests.failed', 'Failed', m.requests.failed, 'requests'),
    figure('pool.utilization', s.pooling ? 'Pool utilization' : 'Connection slots used', m.pool.utilization * 100, '%'),
  ];
  if (s.pooling && m.pool.leaked > 0) figures.push(figure('pool.leaked', 'Leaked', m.pool.leaked, 'connections'));
  if (m.theory) figures.push(figure('theory.waitProbability', 'Theory: P(wait)', m.theory.waitProbability * 100, '%', 'theory'));
  figures.push(figure('sql.statementsRun', 'Statements run for real', m.sql.statementsRun, '', 'real'));
  return figures;
}

/** What the screen and the CLI show of the pooling world. */
export const poolingProjection: LabProjection<PoolingSystem, undefined, PoolingMetrics> = {
  metrics: poolingMetrics,
  topology: poolingTopology,
  particles: poolingParticles,
  charts: poolingCharts,
  headline: poolingHeadline,
};
