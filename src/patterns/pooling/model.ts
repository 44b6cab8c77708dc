import { sample, type Distribution, type Environment, type ProcessGenerator, type Rng } from '../../engine';
import type { LabContext, LabModel, SqlBackend } from '../../lab/labDefinition';
import { wholeNumberArg } from '../../lab/actionArgs';
import { LiveParams, RememberedRequests, RunStatistics, WindowedSampler, labModel, type SampleValues, type SampleWindow } from '../../lab/kit';
import { BorrowError, ConnectionPool, TOO_MANY_CLIENTS, type Connection, type PoolListener, type PoolSettings } from '../../models/connectionPool';
import { DatabaseCpu } from '../../models/databaseCpu';
import { poissonArrivals } from '../../models/poissonArrivals';
import { RealStatementBudget } from '../../models/realStatementBudget';
import { ServerConnections } from '../../models/serverConnections';
import { serviceTime } from '../../models/serviceTime';
import type { PoolingParams } from './params';
import { poolingProjection } from './project';
import { arrivingRequest, type PoolingRequest } from './request';
import { describeRequest } from './requestStory';
import { findStatement, statementCostMs, type Statement } from './statements';

/** Real statements executed per simulated second at most; the rest are modelled (same metrics). */
const REAL_STATEMENTS_PER_SECOND = 20;
/** Failed requests kept to draw as failure flashes (the snapshot only shows the recent ones). */
const RECENT_FAILURES = 60;

/** psycopg2's error when every connection is taken and the pool is at maxconn. */
export const POOL_EXHAUSTED = 'psycopg2.pool.PoolError: connection pool exhausted';

/** Counters the end of the warm-up zeroes. */
const COUNTERS = {
  arrived: 0,
  completed: 0,
  timedOut: 0,
  /** Failures other than borrow timeouts: connections refused past max_connections, or a full pool failing at once. */
  failedOther: 0,
  borrowAttempts: 0,
  /** Borrow attempts that found no idle connection (or had to open one, without a pool). */
  waitedBorrows: 0,
  opened: 0,
  closed: 0,
  leaked: 0,
  leakWarnings: 0,
  openRefusals: 0,
};

/** What PGlite answered a statement run for real (no rows for a modelled one). */
interface StatementResult {
  rows: Record<string, unknown>[];
  error?: string;
}

function poolSettings(p: PoolingParams): PoolSettings {
  return {
    min: p.poolMin,
    max: p.poolMax,
    borrowTimeoutMs: p.borrowTimeoutMs,
    connectMs: p.connectMs,
    idleTimeoutMs: p.idleTimeoutMs,
    maxLifetimeMs: p.maxLifetimeMs,
    leakDetectionMs: p.leakDetectionMs,
    maxIdle: p.poolMaxIdle,
  };
}

/** Query times: the chosen shape around the mean, which a real statement takes from its plan's cost. */
function serviceDistribution(p: PoolingParams): Distribution {
  return serviceTime(p.serviceDist, p.query === 'modelled' ? p.serviceMs : statementCostMs[p.query]!);
}

/**
 * The connection pooling lab's world: Poisson clients borrow a connection from a HikariCP-like
 * pool (or open their own), run a query on a primary with `dbCores` CPUs and `max_connections`,
 * and give the connection back (or leak it). Its state and processes; what the screen and the
 * CLI show of it is in project.ts and requestStory.ts.
 */
export class PoolingSystem {
  readonly env: Environment;
  /** Where a sample of the statements really runs; null in model-only runs. */
  readonly sql: SqlBackend | null;
  /** Length of the run, ms (charts and particle horizons scale with it). */
  readonly durationMs: number;
  readonly params: LiveParams<PoolingParams>;
  /** Whether clients go through a pool (fixed for the run). */
  readonly pooling: boolean;
  /** The real statement every request runs, or undefined when query times are only modelled. */
  readonly statement: Statement | undefined;
  readonly cpu: DatabaseCpu;
  readonly server: ServerConnections;
  readonly pool: ConnectionPool | null;
  readonly inFlight = new Map<number, PoolingRequest>();
  readonly remembered = new RememberedRequests<PoolingRequest>();
  /** The latest failures, oldest first. */
  readonly recentFailures: PoolingRequest[] = [];
  readonly stats: RunStatistics<typeof COUNTERS>;
  /** Arrival to completion or failure. */
  readonly latency;
  /** Arrival to holding a connection. */
  readonly borrowWait;
  /** Connections checked out (leaked ones included), or open without a pool. */
  readonly inUse;
  readonly waiting;
  readonly sampler: WindowedSampler;
  private currentService: Distribution;
  private nextId = 1;
  private readonly realBudget = new RealStatementBudget(REAL_STATEMENTS_PER_SECOND);
  private readonly arrivalsRng: Rng;
  private readonly serviceRng: Rng;
  private readonly leakRng: Rng;
  private readonly paramsRng: Rng;

  constructor(ctx: LabContext<PoolingParams>) {
    const { env } = ctx;
    this.env = env;
    this.sql = ctx.sql;
    this.durationMs = ctx.durationMs;
    this.arrivalsRng = ctx.rng.fork('arrivals');
    this.serviceRng = ctx.rng.fork('service');
    this.leakRng = ctx.rng.fork('leaks');
    this.paramsRng = ctx.rng.fork('statement-params');
    const reshapePool = (p: PoolingParams) => this.pool?.update(poolSettings(p));
    this.params = new LiveParams(env, ctx.params, {
      dbCores: (p) => this.cpu.setCores(p.dbCores),
      serviceMs: (p) => (this.currentService = serviceDistribution(p)),
      serviceDist: (p) => (this.currentService = serviceDistribution(p)),
      poolMin: reshapePool,
      poolMax: reshapePool,
      borrowTimeoutMs: reshapePool,
      connectMs: reshapePool,
      idleTimeoutMs: reshapePool,
      maxLifetimeMs: reshapePool,
      leakDetectionMs: reshapePool,
    });
    const p = this.params.values;
    this.currentService = serviceDistribution(p);
    this.statement = findStatement(p.query);
    this.pooling = p.pooling;
    this.cpu = new DatabaseCpu(env, p.dbCores);
    this.server = new ServerConnections(() => this.params.values.dbMaxConnections);
    this.stats = new RunStatistics(env, COUNTERS);
    this.latency = this.stats.histogram();
    this.borrowWait = this.stats.histogram();
    this.inUse = this.stats.timeWeighted(0);
    this.waiting = this.stats.timeWeighted(0);
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w) => this.chartFigures(w));
    this.pool = this.pooling ? new ConnectionPool(env, poolSettings(p), this.server, this.poolListener()) : null;
  }

  /** The query time distribution in force. */
  get service(): Distribution {
    return this.currentService;
  }

  start(): void {
    this.pool?.start();
    this.gauges();
    this.env.process(
      poissonArrivals(this.env, this.arrivalsRng, () => this.params.values.arrivalRate, () => this.admit()),
      'arrivals',
    );
    this.sampler.start();
  }

  /** `count` requests arrive at once. */
  burst(count: number): void {
    this.env.log('clients', 'burst', { requests: count });
    for (let i = 0; i < count; i++) this.admit();
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.arrived = this.inFlight.size; // those in flight count as arrivals of the measured period
    this.server.resetPeak();
    this.cpu.resetStatistics();
    this.env.log('lab', 'warm-up over');
  }

  /** One sample of the charts' series: borrow waits and rates over the window, connection counts now. */
  private chartFigures(w: SampleWindow): SampleValues {
    const pool = this.pool;
    return {
      p50: w.percentile('wait', 50),
      p95: w.percentile('wait', 95),
      p99: w.percentile('wait', 99),
      inUse: pool ? pool.inUse : this.server.open,
      leaked: pool ? pool.leakedCount : 0,
      idle: pool ? pool.idleCount : 0,
      waiting: pool ? pool.waiting : 0,
      throughput: w.perSecond('completed'),
      timeouts: w.perSecond('timeouts'),
      errors: w.perSecond('errors'),
    };
  }

  private poolListener(): PoolListener {
    const { env, stats } = this;
    return {
      onOpened: (c) => {
        stats.counts.opened++;
        env.log(`conn-${c.id}`, 'opened');
      },
      onClosed: (c, why) => {
        stats.counts.closed++;
        env.log(`conn-${c.id}`, 'closed', { why });
      },
      onOpenFailed: (message) => {
        stats.counts.openRefusals++;
        env.log('pool', 'open failed', { message });
      },
      onLeakSuspected: (c, heldMs) => {
        stats.counts.leakWarnings++;
        env.log(`conn-${c.id}`, 'leak suspected', { heldMs: Math.round(heldMs), note: 'reported only: the connection is not reclaimed' });
      },
      onChange: () => this.gauges(),
    };
  }

  private gauges(): void {
    const now = this.env.now;
    if (this.pool) {
      // Leaked connections are checked out for good: the pool counts them as in use.
      this.inUse.set(now, this.pool.inUse + this.pool.leakedCount);
      this.waiting.set(now, this.pool.waiting);
    } else {
      this.inUse.set(now, this.server.open);
    }
  }

  private admit(): void {
    const r = arrivingRequest(this.nextId++, this.env.now);
    this.stats.counts.arrived++;
    this.inFlight.set(r.id, r);
    const pool = this.pool;
    this.env.process(pool ? this.pooledRequest(r, pool) : this.unpooledRequest(r), 'request');
  }

  /** Borrow, query, give back (or leak). */
  private *pooledRequest(r: PoolingRequest, pool: ConnectionPool): ProcessGenerator<void> {
    const { env, stats } = this;
    stats.counts.borrowAttempts++;
    const mustWait = pool.waiting > 0 || pool.idleCount === 0;
    if (mustWait) stats.counts.waitedBorrows++;
    r.aheadOnArrival = mustWait ? pool.waiting : -1;
    if (this.failsAtOnce(pool)) {
      this.fail(r, 'exhausted', POOL_EXHAUSTED);
      return;
    }
    let c: Connection;
    try {
      c = yield pool.borrow();
    } catch (error) {
      if (!(error instanceof BorrowError)) throw error;
      this.fail(r, 'timeout', error.message);
      return;
    }
    this.granted(r);
    r.connectionId = c.id;
    yield* this.query(r);
    if (this.leakRng.chance(this.params.values.leakRate)) {
      stats.counts.leaked++;
      pool.leak(c);
      r.leaked = true;
      env.log(`conn-${c.id}`, 'leaked', { request: r.id });
    } else {
      pool.giveBack(c);
    }
    this.finish(r);
  }

  /**
   * psycopg2's getconn: an idle connection, else a new one while below maxconn (the caller waits
   * for it to open), else an error at once. Leaked connections still count against the maximum.
   */
  private failsAtOnce(pool: ConnectionPool): boolean {
    return this.params.values.whenExhausted === 'fail' && pool.idleCount === 0 && pool.total >= this.params.values.poolMax;
  }

  /** Without a pool: open a connection of one's own (if the server accepts it), query, close it. */
  private *unpooledRequest(r: PoolingRequest): ProcessGenerator<void> {
    const { env, stats } = this;
    stats.counts.borrowAttempts++;
    if (!this.server.tryAccept()) {
      stats.counts.openRefusals++;
      this.fail(r, 'too-many-clients', TOO_MANY_CLIENTS);
      return;
    }
    stats.counts.opened++;
    this.gauges();
    const connect = this.params.values.connectMs;
    if (connect > 0) {
      stats.counts.waitedBorrows++;
      r.phase = 'connecting';
      r.phaseStart = env.now;
      r.phaseEnd = env.now + connect;
      yield env.timeout(connect);
    }
    this.granted(r);
    yield* this.query(r);
    this.server.release();
    stats.counts.closed++;
    this.gauges();
    this.finish(r);
  }

  /** The request holds a connection now. */
  private granted(r: PoolingRequest): void {
    const waited = this.env.now - r.arrivedAt;
    this.borrowWait.record(waited);
    this.sampler.window.record('wait', waited);
    r.grantedAt = this.env.now;
  }

  /** The query on the primary: its real statement (a sample runs in PGlite), then CPU and I/O time. */
  private *query(r: PoolingRequest): ProcessGenerator<void> {
    const { env } = this;
    const work = sample(this.serviceRng, this.currentService);
    r.phase = 'querying';
    r.phaseStart = env.now;
    r.phaseEnd = env.now + work;
    r.queryStart = env.now;
    if (this.statement !== undefined) yield* this.runStatement(this.statement, r);
    const io = work * this.params.values.dbIoFraction;
    yield this.cpu.run(work - io);
    if (io > 0) yield env.timeout(io);
    r.queryEnd = env.now;
  }

  private *runStatement(statement: Statement, r: PoolingRequest): ProcessGenerator<void> {
    const values = statement.params(this.paramsRng);
    r.params = values;
    const sql = this.sql;
    // A node still booting (the run plays before it is ready) leaves the statement modelled.
    const real = sql !== null && sql.ready !== false && this.realBudget.take(this.env.now);
    r.executed = real ? 'real' : 'modelled';
    // Same event whether or not PGlite runs it, so model-only runs give identical metrics.
    // A failure in PGlite (a restarted node) must not change the simulation: it is recorded, not thrown.
    const execute = real && sql !== null ? (): Promise<StatementResult> => sql.query(statement.sql, values).catch((e: Error) => ({ rows: [], error: e.message })) : null;
    const result: StatementResult = yield this.env.external(execute, { rows: [] });
    if (real) r.rows = result.rows.slice(0, 20);
    if (result.error) r.sqlError = result.error;
  }

  private finish(r: PoolingRequest): void {
    const { env, stats } = this;
    stats.counts.completed++;
    this.sampler.window.count('completed');
    this.latency.record(env.now - r.arrivedAt);
    r.phase = 'done';
    r.endedAt = env.now;
    this.inFlight.delete(r.id);
    this.remembered.remember(r.id, r);
  }

  private fail(r: PoolingRequest, reason: 'timeout' | 'too-many-clients' | 'exhausted', message: string): void {
    const { env, stats } = this;
    if (reason === 'timeout') {
      stats.counts.timedOut++;
      this.sampler.window.count('timeouts');
    } else {
      stats.counts.failedOther++;
      this.sampler.window.count('errors');
    }
    r.phase = 'failed';
    r.phaseStart = env.now;
    r.endedAt = env.now;
    r.failure = message;
    this.inFlight.delete(r.id);
    this.remembered.remember(r.id, r);
    this.recentFailures.push(r);
    if (this.recentFailures.length > RECENT_FAILURES) this.recentFailures.shift();
    this.latency.record(env.now - r.arrivedAt);
    env.log(`request-${r.id}`, reason === 'timeout' ? 'timed out' : 'failed', { message });
  }

  /** A request in flight or recently finished, or undefined once forgotten. */
  request(id: number): PoolingRequest | undefined {
    return this.inFlight.get(id) ?? this.remembered.get(id);
  }
}

/** The connection pooling lab's model: the world above, and the projection of it the screen shows. */
export function createPoolingModel(ctx: LabContext<PoolingParams>): LabModel<PoolingParams> {
  const system = new PoolingSystem(ctx);
  return labModel(ctx.env, system, poolingProjection, {
    action(name, args) {
      if (name !== 'burst') throw new Error(`unknown action "${name}"; this lab has: burst`);
      system.burst(wholeNumberArg('burst', args, 'requests', 100000));
    },
    inspect(id) {
      const r = system.request(id);
      return r ? describeRequest(r, system.pooling, system.statement) : null;
    },
  });
}
