import { Environment, Rng, sample, type Distribution } from '../../engine';
import type { LabContext, LabModel } from '../../lab/labDefinition';
import { LiveParams, RememberedRequests, RunStatistics, WindowedSampler, labModel, type SampleValues, type SampleWindow } from '../../lab/kit';
import { Cache } from '../../models/cache';
import { ConnectionPool, type PoolSettings } from '../../models/connectionPool';
import { DatabaseCpu } from '../../models/databaseCpu';
import { failOver } from '../../models/failover';
import { HealthChecks } from '../../models/healthChecks';
import { poissonArrivals } from '../../models/poissonArrivals';
import { ReadWriteRouter } from '../../models/readWriteRouter';
import { ReplicaSet } from '../../models/replicaSet';
import type { ReplicationNode } from '../../models/replicationNode';
import { RowVersions } from '../../models/rowVersions';
import { ServerConnections } from '../../models/serverConnections';
import { serviceTime } from '../../models/serviceTime';
import { SloWindows } from '../../models/sloWindows';
import { WriteBehindQueue } from '../../models/writeBehindQueue';
import { replicationDelay } from '../replication/replicationDelay';
import { LatencyBreakdown } from './breakdown';
import type { ProductionParams } from './params';
import { flushBatch, type QueuedStackWrite } from './batchWriter';
import { arrivingRequest, type RequestKind, type StackRequest, type StackWrite } from './request';
import { requestProcess } from './requests';
import { productionAction } from './faults';
import { productionProjection, type ProductionDetail } from './project';
import { describeStackRequest } from './requestStory';
import { saturationSweep, SWEEP_DURATION_MS, SWEEP_WARMUP_MS, type Saturation } from './saturationSweep';
import { utilization, type StackPart } from './utilization';

/** Failed requests and faults kept for the view. */
const REMEMBERED = 60;
/** Zipf exponent of which row a request touches. */
export const POPULARITY_SKEW = 1;

/** Counters the end of the warm-up zeroes. */
const COUNTERS = {
  arrived: 0,
  completed: 0,
  timedOut: 0,
  failedOther: 0,
  opened: 0,
  closed: 0,
  leaked: 0,
  openRefusals: 0,
  reads: 0,
  staleReads: 0,
  ownReads: 0,
  ownStale: 0,
  writesCommitted: 0,
  failovers: 0,
  lostCommits: 0,
  cacheHits: 0,
  cacheMisses: 0,
  cacheOps: 0,
  batchLostWrites: 0,
};

/** One event of the fault timeline: a fault, a repair, what the stack did about it. */
export interface StackFault {
  t: number;
  kind: 'fault' | 'repair' | 'detect' | 'failover';
  what: string;
}

/** The pooling lab's pool settings the stack does not expose keep the pooling lab's defaults. */
function poolSettings(p: ProductionParams): PoolSettings {
  return {
    min: p['pool.poolMin'],
    max: p['pool.poolMax'],
    borrowTimeoutMs: p['pool.borrowTimeoutMs'],
    connectMs: p['pool.connectMs'],
    idleTimeoutMs: 600000,
    maxLifetimeMs: 1800000,
    leakDetectionMs: 0,
    maxIdle: 0,
  };
}

function serviceDistribution(p: ProductionParams): Distribution {
  return serviceTime(p['query.serviceDist'], p['query.serviceMs']);
}

function writeDistribution(p: ProductionParams): Distribution {
  return serviceTime(p['query.serviceDist'], p['query.writeServiceMs']);
}

/**
 * The production stack: Poisson clients → cache (cache-aside) → connection pool → read/write
 * router → a primary and its replicas, each with its database CPU, replication lag between them,
 * and an optional write-behind batch writer. Every part is the model the part's own lab runs
 * (src/models/); this class only wires them and measures where each request's time goes.
 *
 * With every part but the pool off, it draws and schedules exactly what the pooling lab does (the
 * same RNG forks, created first and in the same order, the same events in the same order), so the
 * two give the same metrics for the same seed; with every part but the router and its replicas
 * off (and the replication lab's statement times), it equals the replication lab the same way
 * (its forks come next, in the replication lab's names). composition.test.ts holds both to it.
 */
export class StackSystem {
  readonly env: Environment;
  readonly durationMs: number;
  /** The run's seed: the saturation sweep runs the stack again with it. */
  readonly seed: number;
  readonly params: LiveParams<ProductionParams>;
  readonly pooling: boolean;
  readonly server: ServerConnections;
  readonly pool: ConnectionPool | null;
  readonly set: ReplicaSet<StackWrite>;
  readonly router: ReadWriteRouter;
  readonly healthChecks: HealthChecks<ReplicationNode>;
  readonly versions = new RowVersions();
  readonly cpus = new Map<string, DatabaseCpu>();
  readonly cache: Cache<number, number> | null;
  readonly batch: WriteBehindQueue<QueuedStackWrite> | null;
  readonly stats: RunStatistics<typeof COUNTERS>;
  readonly latency;
  readonly borrowWait;
  readonly lag;
  readonly inUse;
  readonly waiting;
  readonly breakdown: LatencyBreakdown;
  readonly slo: SloWindows;
  readonly sampler: WindowedSampler;
  readonly inFlight = new Map<number, StackRequest>();
  readonly remembered = new RememberedRequests<StackRequest>();
  readonly recentFailures: StackRequest[] = [];
  readonly faults: StackFault[] = [];
  /** Faults injected: the cache down until, an index dropped, a leak, a traffic spike. */
  cacheDownUntil = -1;
  indexDropped = false;
  leakOverride: number | null = null;
  spikeFactor = 1;
  private currentService: Distribution;
  private currentWrite: Distribution;
  private nextId = 1;
  nextWriteId = 1;
  readonly serviceRng: Rng;
  readonly leakRng: Rng;
  private readonly arrivalsRng: Rng;
  private readonly kindRng: Rng;
  private readonly rowRng: Rng;

  constructor(ctx: LabContext<ProductionParams>) {
    const { env } = ctx;
    this.env = env;
    this.durationMs = ctx.durationMs;
    this.seed = ctx.rng.seed;
    // The pooling lab's forks first, in its order (the pool-only stack draws what it draws).
    this.arrivalsRng = ctx.rng.fork('arrivals');
    this.serviceRng = ctx.rng.fork('service');
    this.leakRng = ctx.rng.fork('leaks');
    this.kindRng = ctx.rng.fork('session-kind');
    this.rowRng = ctx.rng.fork('rows');
    const delayRng = ctx.rng.fork('replication-delay');
    const routerRng = ctx.rng.fork('router');
    const reshapePool = (p: ProductionParams) => this.pool?.update(poolSettings(p));
    this.params = new LiveParams(env, ctx.params, {
      'db.cores': (p) => {
        for (const cpu of this.cpus.values()) cpu.setCores(p['db.cores']);
      },
      'query.serviceMs': (p) => (this.currentService = serviceDistribution(p)),
      'query.writeServiceMs': (p) => (this.currentWrite = writeDistribution(p)),
      'query.serviceDist': (p) => {
        this.currentService = serviceDistribution(p);
        this.currentWrite = writeDistribution(p);
      },
      'pool.poolMin': reshapePool,
      'pool.poolMax': reshapePool,
      'pool.borrowTimeoutMs': reshapePool,
      'pool.connectMs': reshapePool,
      'cache.ttlMs': (p) => this.cache?.configure(cacheSettings(p)),
      'cache.capacity': (p) => this.cache?.configure(cacheSettings(p)),
      'batch.flushIntervalMs': () => this.batch?.reschedule(),
    });
    const p = this.params.values;
    this.currentService = serviceDistribution(p);
    this.currentWrite = writeDistribution(p);
    this.pooling = p['pool.pooling'];
    this.server = new ServerConnections(() => this.params.values['db.maxConnections']);
    this.stats = new RunStatistics(env, COUNTERS);
    this.latency = this.stats.histogram();
    this.borrowWait = this.stats.histogram();
    this.lag = this.stats.histogram();
    this.inUse = this.stats.timeWeighted(0);
    this.waiting = this.stats.timeWeighted(0);
    this.breakdown = new LatencyBreakdown();
    this.slo = new SloWindows(() => ({ p99Ms: this.params.values['slo.p99Ms'], errorRate: this.params.values['slo.errorRate'] }));
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w) => this.chartFigures(w));
    this.pool = this.pooling ? new ConnectionPool(env, poolSettings(p), this.server, { onOpened: () => this.stats.counts.opened++, onClosed: () => this.stats.counts.closed++, onOpenFailed: () => this.stats.counts.openRefusals++, onChange: () => this.gauges() }) : null;
    this.set = new ReplicaSet(env, p['replication.replicas'], {
      delay: () => sample(delayRng, replicationDelay(this.params.values['replication.replicationDelayDist'], this.params.values['replication.replicationDelayMs'])),
      applyRatePerS: () => 0,
      onApplied: (_node, change) => this.lag.record(env.now - change.shippedAt),
    });
    for (const n of this.set.nodes) this.cpus.set(n.id, new DatabaseCpu(env, p['db.cores']));
    this.router = new ReadWriteRouter(env, routerRng, this.set, {
      routing: () => this.params.values['replication.routerPolicy'],
      readYourWrites: () => this.params.values['replication.readYourWrites'],
      primaryWindowMs: () => this.params.values['replication.primaryWindowMs'],
    });
    this.healthChecks = new HealthChecks(
      env,
      this.set.nodes,
      { everyMs: () => this.params.values['replication.healthCheckMs'], failuresToMarkDown: () => this.params.values['replication.healthCheckFailures'] },
      {
        markedUp: (n) => this.fault('detect', `router marks ${n.id} up again`),
        markedDown: (n) => {
          this.fault('detect', `router marks ${n.id} down after ${n.failedChecks} failed health checks`);
          if (n === this.set.primary && this.params.values['replication.autoFailover']) this.failover('automatic');
        },
      },
    );
    this.cache = p['cache.strategy'] === 'none' ? null : new Cache<number, number>(cacheSettings(p));
    this.batch = p['batch.method'] === 'none' ? null : new WriteBehindQueue<QueuedStackWrite>(env, () => ({ flushIntervalMs: this.params.values['batch.flushIntervalMs'], flushBatch: this.params.values['batch.flushBatch'] }), (b) => flushBatch(this, b));
  }

  /** The query time distribution in force. */
  get service(): Distribution {
    return this.currentService;
  }

  /** The write statement time distribution in force. */
  get writeService(): Distribution {
    return this.currentWrite;
  }

  /** The CPU of a node. */
  cpu(node: ReplicationNode): DatabaseCpu {
    return this.cpus.get(node.id)!;
  }

  /** The leak rate in force: the parameter, or a connectionLeak fault's. */
  get leakRate(): number {
    return this.leakOverride ?? this.params.values['pool.leakRate'];
  }

  start(): void {
    this.pool?.start();
    this.gauges();
    this.env.process(
      poissonArrivals(this.env, this.arrivalsRng, () => this.params.values.arrivalRate * this.spikeFactor, () => this.admit()),
      'arrivals',
    );
    this.sampler.start();
    this.healthChecks.start();
    this.batch?.start();
  }

  /** A new request: a read, or a write (then its read-back); `kind` forces one. */
  admit(kind: RequestKind | null = null): void {
    const p = this.params.values;
    const isWrite = kind === null ? p.writeFraction > 0 && this.kindRng.chance(p.writeFraction) : kind === 'write';
    const key = this.rowRng.zipf(p.keys, POPULARITY_SKEW);
    this.begin(arrivingRequest(this.nextId++, isWrite ? 'write' : 'read', key, this.env.now));
  }

  /** A writer's read of its own row, `readAfterWriteMs` after its commit. */
  readBack(w: StackWrite): void {
    const delay = this.params.values['replication.readAfterWriteMs'];
    const go = () => this.begin(arrivingRequest(this.nextId++, 'readBack', w.key, this.env.now, w));
    if (delay > 0) this.env.timeout(delay).addCallback(go);
    else go();
  }

  private begin(r: StackRequest): void {
    this.stats.counts.arrived++;
    this.inFlight.set(r.id, r);
    this.env.process(requestProcess(this, r), r.kind);
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.arrived = this.inFlight.size;
    this.server.resetPeak();
    for (const cpu of this.cpus.values()) cpu.resetStatistics();
    for (const n of this.set.nodes) n.resetStatistics();
    this.breakdown.reset();
    this.slo.reset();
    this.batch?.resetStatistics();
    this.env.log('lab', 'warm-up over');
  }

  gauges(): void {
    const now = this.env.now;
    if (this.pool) {
      this.inUse.set(now, this.pool.inUse + this.pool.leakedCount);
      this.waiting.set(now, this.pool.waiting);
    } else {
      this.inUse.set(now, this.server.open);
    }
  }

  /** Whether reads and invalidations reach the cache now (a crash takes it away for a while). */
  cacheUp(): boolean {
    return this.cache !== null && this.env.now >= this.cacheDownUntil;
  }

  private chartFigures(w: SampleWindow): SampleValues {
    return {
      p50: w.percentile('latency', 50),
      p99: w.percentile('latency', 99),
      throughput: w.perSecond('completed'),
      errors: w.perSecond('failed'),
      inUse: this.pool ? this.pool.inUse + this.pool.leakedCount : this.server.open,
      waiting: this.pool ? this.pool.waiting : 0,
      primaryRunning: this.cpu(this.set.primary).running,
    };
  }

  finish(r: StackRequest): void {
    const { env, stats } = this;
    stats.counts.completed++;
    const latency = env.now - r.arrivedAt;
    this.latency.record(latency);
    this.sampler.window.count('completed');
    this.sampler.window.record('latency', latency);
    this.breakdown.record(r.kind, r.parts);
    this.slo.record(env.now, latency, false);
    r.at = 'done';
    r.endedAt = env.now;
    this.inFlight.delete(r.id);
    this.remembered.remember(r.id, r);
  }

  fail(r: StackRequest, message: string, timedOut = false): void {
    const { env, stats } = this;
    if (timedOut) stats.counts.timedOut++;
    else stats.counts.failedOther++;
    const latency = env.now - r.arrivedAt;
    this.latency.record(latency);
    this.sampler.window.count('failed');
    this.breakdown.record(r.kind, r.parts);
    this.slo.record(env.now, latency, true);
    r.at = 'failed';
    r.phaseStart = env.now;
    r.endedAt = env.now;
    r.failure = message;
    this.inFlight.delete(r.id);
    this.remembered.remember(r.id, r);
    this.recentFailures.push(r);
    if (this.recentFailures.length > REMEMBERED) this.recentFailures.shift();
    env.log(`request-${r.id}`, 'failed', { message });
  }

  fault(kind: StackFault['kind'], what: string): void {
    this.faults.push({ t: this.env.now, kind, what });
    if (this.faults.length > REMEMBERED) this.faults.shift();
    this.env.log('stack', kind, { what });
  }

  /** Promote the most advanced running replica; acknowledged commits it never received are lost. */
  failover(how: 'automatic' | 'manual'): void {
    const outcome = failOver(this.set, (w) => w.acknowledged);
    if (outcome === null) {
      this.fault('failover', `${how} failover impossible: no running replica to promote`);
      return;
    }
    this.stats.counts.failovers++;
    this.stats.counts.lostCommits += outcome.lostCommits.length;
    const { promotion } = outcome;
    this.fault('failover', `${how} failover: ${promotion.promoted.id} promoted; ${outcome.lostCommits.length} acknowledged commit(s) lost`);
  }

  /** Which part saturates first as load grows, for the settings in force (faults aside): see saturationSweep.ts. */
  saturation(): Saturation {
    return saturationSweep(this.params.values, this.seed, stackUtilizationAt);
  }

  /** A request in flight or recently finished. */
  request(id: number): StackRequest | undefined {
    return this.inFlight.get(id) ?? this.remembered.get(id);
  }
}

function cacheSettings(p: ProductionParams) {
  return { ttlMs: p['cache.ttlMs'], ttlMode: 'fixed' as const, capacity: p['cache.capacity'], eviction: 'lru' as const, staleGraceMs: 0 };
}

/** One point of the saturation sweep: a short model-only run of the stack, each part's utilization after its warm-up. */
export function stackUtilizationAt(params: ProductionParams, seed: number): Record<StackPart, number> {
  const env = new Environment();
  const s = new StackSystem({ env, rng: new Rng(seed), params: { ...params }, durationMs: SWEEP_DURATION_MS, warmupMs: SWEEP_WARMUP_MS, sql: null });
  s.start();
  env.timeout(SWEEP_WARMUP_MS).addCallback(() => s.resetStatistics());
  env.run({ until: SWEEP_DURATION_MS });
  return utilization(s);
}

/** The production stack's model: the wired parts, and the projection the screen shows. */
export function createProductionModel(ctx: LabContext<ProductionParams>): LabModel<ProductionParams, ProductionDetail> {
  const system = new StackSystem(ctx);
  return labModel(ctx.env, system, productionProjection, {
    action: (name, args) => productionAction(system, name, args),
    inspect: (id) => {
      const r = system.request(id);
      return r ? describeStackRequest(r) : null;
    },
  });
}
