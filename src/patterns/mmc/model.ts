import { Resource, RequestTimeout, sample, type Distribution, type Environment, type ProcessGenerator, type ResourceRequest, type Rng } from '../../engine';
import type { LabContext, LabModel } from '../../lab/labDefinition';
import { LiveParams, RunStatistics, WindowedSampler, labModel } from '../../lab/kit';
import { poissonArrivals } from '../../models/poissonArrivals';
import { serviceTime } from '../../models/serviceTime';
import type { MmcParams } from './params';
import { mmcProjection } from './project';

export interface Customer {
  id: number;
  arrivedAt: number;
  /** When service started (NaN while waiting). */
  startedAt: number;
  endsAt: number;
}

function serviceDistribution(params: MmcParams): Distribution {
  return serviceTime(params.serviceDist, params.serviceMs);
}

/**
 * The M/M/c queue: Poisson arrivals, c servers, one FIFO queue, optional patience. Its state and
 * processes; what the screen and the CLI show of it is in project.ts.
 */
export class MmcQueue {
  readonly params: LiveParams<MmcParams>;
  readonly servers: Resource;
  readonly inFlight = new Map<number, Customer>();
  readonly stats: RunStatistics<{ arrived: number; completed: number; abandoned: number; waitedOnArrival: number }>;
  readonly wait;
  readonly sojourn;
  readonly busy;
  readonly queued;
  readonly inSystem;
  readonly sampler: WindowedSampler;
  private service: Distribution;
  private nextId = 1;
  private readonly arrivalsRng: Rng;
  private readonly serviceRng: Rng;

  constructor(
    readonly env: Environment,
    ctx: LabContext<MmcParams>,
  ) {
    this.arrivalsRng = ctx.rng.fork('arrivals');
    this.serviceRng = ctx.rng.fork('service');
    this.params = new LiveParams(env, ctx.params, {
      servers: (p) => {
        this.servers.setCapacity(p.servers);
        this.gauges();
      },
      serviceMs: (p) => (this.service = serviceDistribution(p)),
      serviceDist: (p) => (this.service = serviceDistribution(p)),
    });
    this.servers = new Resource(env, ctx.params.servers);
    this.service = serviceDistribution(ctx.params);
    this.stats = new RunStatistics(env, { arrived: 0, completed: 0, abandoned: 0, waitedOnArrival: 0 });
    this.wait = this.stats.histogram();
    this.sojourn = this.stats.histogram();
    this.busy = this.stats.timeWeighted(0);
    this.queued = this.stats.timeWeighted(0);
    this.inSystem = this.stats.timeWeighted(0);
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w) => ({
      p50: w.percentile('wait', 50),
      p95: w.percentile('wait', 95),
      p99: w.percentile('wait', 99),
      busy: this.servers.inUse,
      queue: this.servers.waiting,
      throughput: w.perSecond('completed'),
      abandons: w.perSecond('abandoned'),
    }));
  }

  start(): void {
    const { env } = this;
    env.process(
      poissonArrivals(env, this.arrivalsRng, () => this.params.values.arrivalRate, () => this.arrive()),
      'arrivals',
    );
    this.sampler.start();
  }

  private arrive(): void {
    const c: Customer = { id: this.nextId++, arrivedAt: this.env.now, startedAt: NaN, endsAt: NaN };
    this.inFlight.set(c.id, c);
    this.stats.counts.arrived++;
    this.env.process(this.customer(c), 'customer');
  }

  private gauges(): void {
    const now = this.env.now;
    this.busy.set(now, this.servers.inUse);
    this.queued.set(now, this.servers.waiting);
    this.inSystem.set(now, this.inFlight.size);
  }

  private *customer(c: Customer): ProcessGenerator<void> {
    const { env, servers, stats } = this;
    const patience = this.params.values.patienceMs;
    if (servers.inUse >= servers.capacity || servers.waiting > 0) stats.counts.waitedOnArrival++;
    const request: ResourceRequest = servers.request({ timeout: patience });
    this.gauges();
    try {
      yield request;
    } catch (error) {
      if (!(error instanceof RequestTimeout)) throw error;
      stats.counts.abandoned++;
      this.sampler.window.count('abandoned');
      this.inFlight.delete(c.id);
      this.gauges();
      env.log(`customer-${c.id}`, 'abandoned', { waitedMs: patience });
      return;
    }
    c.startedAt = env.now;
    const waited = env.now - c.arrivedAt;
    this.wait.record(waited);
    this.sampler.window.record('wait', waited);
    const duration = sample(this.serviceRng, this.service);
    c.endsAt = env.now + duration;
    this.gauges();
    yield env.timeout(duration);
    servers.release(request);
    stats.counts.completed++;
    this.sampler.window.count('completed');
    this.sojourn.record(env.now - c.arrivedAt);
    this.inFlight.delete(c.id);
    this.gauges();
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.arrived = this.inFlight.size; // those still in the system count as arrivals of the measured period
    this.env.log('lab', 'warm-up over', {});
  }
}

/** The M/M/c lab's model: the shell's first lab and the reference the pooling lab is checked against. */
export function createMmcModel(ctx: LabContext<MmcParams>): LabModel<MmcParams> {
  const queue = new MmcQueue(ctx.env, ctx);
  return labModel(ctx.env, queue, mmcProjection);
}
