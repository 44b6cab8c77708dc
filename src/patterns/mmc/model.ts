import {
  BoundedTimeSeries,
  LatencyHistogram,
  Resource,
  RequestTimeout,
  TimeWeightedAverage,
  sample,
  type Distribution,
  type ProcessGenerator,
  type ResourceRequest,
  type Rng,
} from '../../engine';
import type { LabContext, LabModel } from '../../lab/labDefinition';
import type { ParamValue, ParamValues } from '../../lab/params';
import type { ChartData, LabSnapshot, MetricTree, Particle } from '../../lab/snapshot';
import { mmc } from '../../theory/queueing';
import { serviceTime } from '../../models/serviceTime';

/** Chart resolution: the run is sampled this many times whatever its length. */
const SAMPLES_PER_RUN = 240;
/** Particles drawn at most; beyond it the newest are kept. */
const MAX_PARTICLES = 400;

interface Customer {
  id: number;
  arrivedAt: number;
  /** When service started (NaN while waiting). */
  startedAt: number;
  endsAt: number;
}

function serviceDistribution(params: ParamValues): Distribution {
  return serviceTime(params.serviceDist as string, params.serviceMs as number);
}

/**
 * The M/M/c queue: Poisson arrivals, c servers, one FIFO queue, optional patience.
 * The shell's first lab and the reference the pooling lab is checked against.
 */
export function createMmcModel(ctx: LabContext): LabModel {
  const { env } = ctx;
  const params: ParamValues = { ...ctx.params };
  const arrivalsRng: Rng = ctx.rng.fork('arrivals');
  const serviceRng: Rng = ctx.rng.fork('service');
  const servers = new Resource(env, params.servers as number);
  let service = serviceDistribution(params);

  const inFlight = new Map<number, Customer>();
  let nextId = 1;
  let arrived = 0;
  let completed = 0;
  let abandoned = 0;
  let waitedOnArrival = 0;
  let statsSince = 0;
  const wait = new LatencyHistogram();
  const sojourn = new LatencyHistogram();
  const busy = new TimeWeightedAverage(env.now, 0);
  const queued = new TimeWeightedAverage(env.now, 0);
  const inSystem = new TimeWeightedAverage(env.now, 0);

  const sampleEvery = Math.max(ctx.durationMs / SAMPLES_PER_RUN, 1);
  const windowWait = new LatencyHistogram();
  let windowCompleted = 0;
  let windowAbandoned = 0;
  const series = {
    p50: new BoundedTimeSeries(SAMPLES_PER_RUN * 2),
    p95: new BoundedTimeSeries(SAMPLES_PER_RUN * 2),
    p99: new BoundedTimeSeries(SAMPLES_PER_RUN * 2),
    busy: new BoundedTimeSeries(SAMPLES_PER_RUN * 2),
    queue: new BoundedTimeSeries(SAMPLES_PER_RUN * 2),
    throughput: new BoundedTimeSeries(SAMPLES_PER_RUN * 2),
    abandons: new BoundedTimeSeries(SAMPLES_PER_RUN * 2),
  };

  function gauges(): void {
    busy.set(env.now, servers.inUse);
    queued.set(env.now, servers.waiting);
    inSystem.set(env.now, inFlight.size);
  }

  function* customer(c: Customer): ProcessGenerator<void> {
    const patience = params.patienceMs as number;
    const mustWait = servers.inUse >= servers.capacity || servers.waiting > 0;
    if (mustWait) waitedOnArrival++;
    const request: ResourceRequest = servers.request({ timeout: patience });
    gauges();
    try {
      yield request;
    } catch (error) {
      if (!(error instanceof RequestTimeout)) throw error;
      abandoned++;
      windowAbandoned++;
      inFlight.delete(c.id);
      gauges();
      env.log(`customer-${c.id}`, 'abandoned', { waitedMs: patience });
      return;
    }
    c.startedAt = env.now;
    const waited = env.now - c.arrivedAt;
    wait.record(waited);
    windowWait.record(waited);
    const duration = sample(serviceRng, service);
    c.endsAt = env.now + duration;
    gauges();
    yield env.timeout(duration);
    servers.release(request);
    completed++;
    windowCompleted++;
    sojourn.record(env.now - c.arrivedAt);
    inFlight.delete(c.id);
    gauges();
  }

  function* arrivals(): ProcessGenerator<void> {
    for (;;) {
      yield env.timeout(arrivalsRng.exponential(1000 / (params.arrivalRate as number)));
      const c: Customer = { id: nextId++, arrivedAt: env.now, startedAt: NaN, endsAt: NaN };
      inFlight.set(c.id, c);
      arrived++;
      env.process(customer(c), 'customer');
    }
  }

  function* sampler(): ProcessGenerator<void> {
    for (;;) {
      yield env.timeout(sampleEvery);
      const t = env.now;
      series.p50.push(t, windowWait.percentile(50));
      series.p95.push(t, windowWait.percentile(95));
      series.p99.push(t, windowWait.percentile(99));
      series.busy.push(t, servers.inUse);
      series.queue.push(t, servers.waiting);
      series.throughput.push(t, (windowCompleted * 1000) / sampleEvery);
      series.abandons.push(t, (windowAbandoned * 1000) / sampleEvery);
      windowWait.reset();
      windowCompleted = 0;
      windowAbandoned = 0;
    }
  }

  function theory() {
    if (params.serviceDist !== 'exponential' || (params.patienceMs as number) > 0) return null;
    const lambda = (params.arrivalRate as number) / 1000;
    const meanService = params.serviceMs as number;
    if (lambda * meanService >= servers.capacity) return null; // unstable: no steady state
    return mmc(servers.capacity, lambda, meanService);
  }

  function metrics(): MetricTree {
    const elapsed = Math.max(env.now - statsSince, 1e-9);
    const attempts = arrived;
    const w = wait.summary();
    const s = sojourn.summary();
    const tree: MetricTree = {
      customers: { arrived, completed, abandoned, inFlight: inFlight.size },
      waitedFraction: attempts === 0 ? 0 : waitedOnArrival / attempts,
      abandonedFraction: attempts === 0 ? 0 : abandoned / attempts,
      waitMs: { mean: w.mean, p50: w.p50, p95: w.p95, p99: w.p99, max: w.max },
      latencyMs: { mean: s.mean, p50: s.p50, p95: s.p95, p99: s.p99, max: s.max },
      utilization: busy.mean(env.now) / servers.capacity,
      meanInQueue: queued.mean(env.now),
      maxInQueue: queued.max,
      meanInSystem: inSystem.mean(env.now),
      throughputPerS: (completed * 1000) / elapsed,
    };
    const th = theory();
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

  function particles(): Particle[] {
    const out: Particle[] = [];
    for (const c of inFlight.values()) {
      if (Number.isNaN(c.startedAt)) out.push({ id: c.id, from: 'queue', to: 'queue', t0: c.arrivedAt, t1: c.arrivedAt, state: 'waiting' });
      else out.push({ id: c.id, from: 'queue', to: 'servers', t0: c.startedAt, t1: c.endsAt, state: 'ok' });
    }
    return out.length > MAX_PARTICLES ? out.slice(out.length - MAX_PARTICLES) : out;
  }

  function charts(): ChartData[] {
    const pts = (s: BoundedTimeSeries) => s.pairs();
    const th = theory();
    return [
      {
        id: 'wait',
        title: 'Wait in queue',
        unit: 'ms',
        series: [
          { name: 'p50', points: pts(series.p50) },
          { name: 'p95', points: pts(series.p95) },
          { name: 'p99', points: pts(series.p99) },
        ],
        references: th ? [{ name: 'theory mean', value: th.meanWait }] : [],
      },
      {
        id: 'occupancy',
        title: 'Servers busy and queue length',
        unit: 'requests',
        series: [
          { name: 'busy', points: pts(series.busy) },
          { name: 'waiting', points: pts(series.queue) },
        ],
        references: [{ name: 'servers', value: servers.capacity }],
      },
      {
        id: 'throughput',
        title: 'Throughput and give-ups',
        unit: 'req/s',
        series: [
          { name: 'completed', points: pts(series.throughput) },
          { name: 'gave up', points: pts(series.abandons) },
        ],
      },
    ];
  }

  return {
    start() {
      env.process(arrivals(), 'arrivals');
      env.process(sampler(), 'sampler');
    },
    setParam(key: string, value: ParamValue) {
      params[key] = value;
      if (key === 'servers') {
        servers.setCapacity(value as number);
        gauges();
      }
      if (key === 'serviceMs' || key === 'serviceDist') service = serviceDistribution(params);
      env.log('lab', 'set', { [key]: value });
    },
    resetStatistics() {
      statsSince = env.now;
      arrived = inFlight.size; // those still in the system count as arrivals of the measured period
      completed = 0;
      abandoned = 0;
      waitedOnArrival = 0;
      wait.reset();
      sojourn.reset();
      busy.reset(env.now);
      queued.reset(env.now);
      inSystem.reset(env.now);
      env.log('lab', 'warm-up over', {});
    },
    metrics,
    snapshot(logSince: number): LabSnapshot {
      const m = metrics();
      const w = m.waitMs as MetricTree;
      const th = theory();
      return {
        t: env.now,
        topology: {
          nodes: [
            { id: 'clients', label: 'Clients', kind: 'clients', x: 0.08, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${params.arrivalRate} req/s` }] },
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
        },
        particles: particles(),
        charts: charts(),
        metrics: m,
        headline: [
          { key: 'utilization', label: 'Utilization', value: (m.utilization as number) * 100, unit: '%', origin: 'simulated' },
          { key: 'waitedFraction', label: 'Had to wait', value: (m.waitedFraction as number) * 100, unit: '%', origin: 'simulated' },
          ...(th ? [{ key: 'theory.waitProbability', label: 'Erlang C says', value: th.waitProbability * 100, unit: '%', origin: 'theory' as const }] : []),
          { key: 'waitMs.mean', label: 'Mean wait', value: w.mean as number, unit: 'ms', origin: 'simulated' },
          ...(th ? [{ key: 'theory.meanWaitMs', label: 'Theory mean wait', value: th.meanWait, unit: 'ms', origin: 'theory' as const }] : []),
          { key: 'waitMs.p99', label: 'p99 wait', value: w.p99 as number, unit: 'ms', origin: 'simulated' },
          { key: 'throughputPerS', label: 'Throughput', value: m.throughputPerS as number, unit: 'req/s', origin: 'simulated' },
        ],
        log: env.trace ? env.trace.since(logSince) : [],
      };
    },
  };
}
