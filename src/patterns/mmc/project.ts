import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology } from '../../lab/snapshot';
import { capParticles, figure, type LabProjection } from '../../lab/kit';
import { mmc, type MmcFigures } from '../../theory/queueing';
import type { MmcQueue } from './model';

/** Erlang C for the current settings, or null when it does not apply (or there is no steady state). */
export function mmcTheory(q: MmcQueue): MmcFigures | null {
  const p = q.params.values;
  if (p.serviceDist !== 'exponential' || p.patienceMs > 0) return null;
  const lambda = p.arrivalRate / 1000;
  if (lambda * p.serviceMs >= q.servers.capacity) return null; // unstable: no steady state
  return mmc(q.servers.capacity, lambda, p.serviceMs);
}

export function mmcMetrics(q: MmcQueue): MetricTree {
  const { env, stats } = q;
  const { arrived, completed, abandoned, waitedOnArrival } = stats.counts;
  const w = q.wait.summary();
  const s = q.sojourn.summary();
  const tree: MetricTree = {
    customers: { arrived, completed, abandoned, inFlight: q.inFlight.size },
    waitedFraction: arrived === 0 ? 0 : waitedOnArrival / arrived,
    abandonedFraction: arrived === 0 ? 0 : abandoned / arrived,
    waitMs: { mean: w.mean, p50: w.p50, p95: w.p95, p99: w.p99, max: w.max },
    latencyMs: { mean: s.mean, p50: s.p50, p95: s.p95, p99: s.p99, max: s.max },
    utilization: q.busy.mean(env.now) / q.servers.capacity,
    meanInQueue: q.queued.mean(env.now),
    maxInQueue: q.queued.max,
    meanInSystem: q.inSystem.mean(env.now),
    throughputPerS: stats.perSecond(completed),
  };
  const th = mmcTheory(q);
  if (th !== null) {
    tree.theory = {
      utilization: th.utilization,
      waitProbability: th.waitProbability,
      meanWaitMs: th.meanWait,
      meanInQueue: th.meanInQueue,
      meanInSystem: th.meanInSystem,
    };
  }
  return tree;
}

export function mmcTopology(q: MmcQueue): Topology {
  const { servers } = q;
  return {
    nodes: [
      { id: 'clients', label: 'Clients', kind: 'clients', x: 0.08, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${q.params.values.arrivalRate} req/s` }] },
      { id: 'queue', label: 'Queue', kind: 'queue', x: 0.4, y: 0.5, status: 'up', badges: [{ label: 'waiting', value: String(servers.waiting) }], queueLength: servers.waiting },
      {
        id: 'servers',
        label: `Servers (c = ${servers.capacity})`,
        kind: 'server',
        x: 0.78,
        y: 0.5,
        status: 'up',
        badges: [{ label: 'busy', value: `${servers.inUse}/${servers.capacity}` }],
        slots: Array.from({ length: Math.max(servers.capacity, servers.inUse) }, (_, i) => (i < servers.inUse ? 'busy' : 'idle')),
      },
    ],
    edges: [
      { from: 'clients', to: 'queue' },
      { from: 'queue', to: 'servers' },
    ],
  };
}

export function mmcParticles(q: MmcQueue): Particle[] {
  const out: Particle[] = [];
  for (const c of q.inFlight.values()) {
    if (Number.isNaN(c.startedAt)) out.push({ id: c.id, from: 'queue', to: 'queue', t0: c.arrivedAt, t1: c.arrivedAt, state: 'waiting' });
    else out.push({ id: c.id, from: 'queue', to: 'servers', t0: c.startedAt, t1: c.endsAt, state: 'ok' });
  }
  return capParticles(out, 400);
}

export function mmcCharts(q: MmcQueue): ChartData[] {
  const th = mmcTheory(q);
  return [
    q.sampler.chart({ id: 'wait', title: 'Wait in queue', unit: 'ms', references: th ? [{ name: 'theory mean', value: th.meanWait }] : [] }, { p50: 'p50', p95: 'p95', p99: 'p99' }),
    q.sampler.chart(
      { id: 'occupancy', title: 'Servers busy and queue length', unit: 'requests', references: [{ name: 'servers', value: q.servers.capacity }] },
      { busy: 'busy', waiting: 'queue' },
    ),
    q.sampler.chart({ id: 'throughput', title: 'Throughput and give-ups', unit: 'req/s' }, { completed: 'throughput', 'gave up': 'abandons' }),
  ];
}

export function mmcHeadline(q: MmcQueue, m: MetricTree): HeadlineFigure[] {
  const w = m.waitMs as MetricTree;
  const th = mmcTheory(q);
  return [
    figure('utilization', 'Utilization', (m.utilization as number) * 100, '%'),
    figure('waitedFraction', 'Had to wait', (m.waitedFraction as number) * 100, '%'),
    ...(th ? [figure('theory.waitProbability', 'Erlang C says', th.waitProbability * 100, '%', 'theory')] : []),
    figure('waitMs.mean', 'Mean wait', w.mean as number, 'ms'),
    ...(th ? [figure('theory.meanWaitMs', 'Theory mean wait', th.meanWait, 'ms', 'theory')] : []),
    figure('waitMs.p99', 'p99 wait', w.p99 as number, 'ms'),
    figure('throughputPerS', 'Throughput', m.throughputPerS as number, 'req/s'),
  ];
}

/** What the screen and the CLI show of the queue. */
export const mmcProjection: LabProjection<MmcQueue, undefined> = {
  metrics: mmcMetrics,
  topology: mmcTopology,
  particles: mmcParticles,
  charts: mmcCharts,
  headline: mmcHeadline,
};
