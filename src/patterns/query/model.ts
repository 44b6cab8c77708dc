import type { Environment, LatencyHistogram, ProcessGenerator, Rng } from '../../engine';
import type { LabContext, LabModel, SqlBackend } from '../../lab/labDefinition';
import { LiveParams, RememberedRequests, RunStatistics, WindowedSampler, labModel } from '../../lab/kit';
import { DatabaseCpu } from '../../models/databaseCpu';
import { poissonArrivals } from '../../models/poissonArrivals';
import { statementRoundTrip, type RoundTripPhase } from '../../models/statementRoundTrip';
import type { QueryDetail } from './detail';
import type { QueryParams } from './params';
import { requestIdOfParticle, queryProjection } from './project';
import { requestPlan, type QueryCosts, queryCosts as storedCosts, type RequestPlan } from './queryCosts';
import { requestStory } from './requestStory';
import { StrategyCheck } from './strategyCheck';
import { fetchers, type Fetcher, type StrategyId } from './strategies';

/** One request as plain numbers (its story is put into words only when inspected). */
export interface QueryRequest {
  id: number;
  strategy: StrategyId;
  arrivedAt: number;
  statements: number;
  /** Statement being sent (0-based) and where it is: going out, executing, coming back. */
  current: number;
  phase: RoundTripPhase | 'done';
  phaseStart: number;
  phaseEnd: number;
  /** Start times of its round trips so far (for its story). */
  legStarts: number[];
  networkMs: number;
  databaseMs: number;
  endedAt: number;
}

/** Test seams: other costs (a different dataset) or other fetchers (a wrong strategy must be caught). */
export interface QueryModelOptions {
  costs?: QueryCosts;
  fetchers?: Readonly<Record<string, Fetcher>>;
}

/**
 * The query lab's state and processes: requests for "the first N customers with their orders"
 * arrive as a Poisson stream; each sends its strategy's statements one after the other, paying a
 * network round trip for each and the cost of each statement's real plan on a database with
 * `dbCores` CPUs. What the screen and the CLI show of it is in project.ts.
 */
export class QueryWorkload {
  readonly params: LiveParams<QueryParams>;
  readonly cpu: DatabaseCpu;
  readonly stats: RunStatistics<{ arrived: number; completed: number; statementsSent: number }>;
  readonly latency: LatencyHistogram;
  readonly sampler: WindowedSampler;
  readonly inFlight = new Map<number, QueryRequest>();
  readonly finished = new RememberedRequests<QueryRequest>();
  /** Where the real SQL goes (null in model-only runs). */
  readonly sql: SqlBackend | null;
  /** The strategies run for real and compared (with SQL only). */
  readonly check: StrategyCheck;
  /** What one request of the current strategy sends and costs. */
  plan: RequestPlan;
  /** Busy core-milliseconds at the previous sample, for the CPU chart. */
  private busyAreaAtSample = 0;
  private nextId = 1;
  private readonly costs: QueryCosts;
  private readonly arrivalsRng: Rng;

  constructor(
    readonly env: Environment,
    ctx: LabContext<QueryParams>,
    options: QueryModelOptions,
  ) {
    this.costs = options.costs ?? storedCosts;
    this.sql = ctx.sql;
    this.check = new StrategyCheck(env, ctx.sql, options.fetchers ?? fetchers);
    this.arrivalsRng = ctx.rng.fork('arrivals');
    this.cpu = new DatabaseCpu(env, ctx.params.dbCores);
    this.params = new LiveParams(env, ctx.params, {
      dbCores: (p) => this.cpu.setCores(p.dbCores),
      strategy: () => (this.plan = this.currentPlan()),
      ordersIndex: () => (this.plan = this.currentPlan()),
      customers: (p) => {
        this.plan = this.currentPlan();
        env.process(this.check.run(p.customers), 'verify');
      },
    });
    this.plan = this.currentPlan();
    this.stats = new RunStatistics(env, { arrived: 0, completed: 0, statementsSent: 0 });
    this.latency = this.stats.histogram();
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w, t) => ({
      // No request finished in this window: no point, rather than a latency of 0.
      p50: w.recorded('latency') > 0 ? w.percentile('latency', 50) : null,
      p99: w.recorded('latency') > 0 ? w.percentile('latency', 99) : null,
      throughput: w.perSecond('completed'),
      statementsPerS: w.perSecond('statements'),
      cpu: this.cpuBusySinceLastSample(t),
    }));
  }

  private currentPlan(): RequestPlan {
    const p = this.params.values;
    return requestPlan(p.strategy, p.customers, p.ordersIndex, this.costs);
  }

  /** Percent of the cores busy since the previous sample, from the CPU's own utilization. */
  private cpuBusySinceLastSample(t: number): number {
    const { cpu } = this;
    // Busy core-milliseconds since the statistics began.
    const area = cpu.utilization() * (t - this.stats.since) * cpu.cores;
    const percent = ((area - this.busyAreaAtSample) / this.sampler.everyMs / cpu.cores) * 100;
    this.busyAreaAtSample = area;
    return percent;
  }

  start(): void {
    const { env } = this;
    env.process(this.check.run(this.params.values.customers), 'verify');
    env.process(poissonArrivals(env, this.arrivalsRng, () => this.params.values.arrivalRate, () => this.admit()), 'arrivals');
    this.sampler.start();
  }

  private admit(): void {
    const { env } = this;
    const r: QueryRequest = {
      id: this.nextId++,
      strategy: this.params.values.strategy,
      arrivedAt: env.now,
      statements: this.plan.statements,
      current: 0,
      phase: 'out',
      phaseStart: env.now,
      phaseEnd: env.now,
      legStarts: [],
      networkMs: 0,
      databaseMs: 0,
      endedAt: NaN,
    };
    this.stats.counts.arrived++;
    this.inFlight.set(r.id, r);
    env.process(this.send(r, this.plan), 'request');
  }

  /** A request's statements, one round trip after the other. */
  private *send(r: QueryRequest, p: RequestPlan): ProcessGenerator<void> {
    const { env, stats } = this;
    // The round trip in force when the request began holds for all its statements.
    const rttMs = this.params.values.networkRttMs;
    const onPhase = (phase: RoundTripPhase, ms: number) => {
      r.phase = phase;
      r.phaseStart = env.now;
      r.phaseEnd = env.now + ms;
    };
    for (let i = 0; i < p.statements; i++) {
      r.current = i;
      r.legStarts.push(env.now);
      stats.counts.statementsSent++;
      this.sampler.window.count('statements');
      const leg = yield* statementRoundTrip(env, this.cpu, rttMs, p.statementMs[i]!, onPhase);
      r.databaseMs += leg.databaseMs;
      r.networkMs += leg.networkMs;
    }
    r.phase = 'done';
    r.endedAt = env.now;
    const ms = env.now - r.arrivedAt;
    this.latency.record(ms);
    this.sampler.window.record('latency', ms);
    stats.counts.completed++;
    this.sampler.window.count('completed');
    this.inFlight.delete(r.id);
    this.finished.remember(r.id, r);
  }

  /** A request in flight or among the last finished, or undefined if forgotten. */
  requestById(id: number): QueryRequest | undefined {
    return this.inFlight.get(id) ?? this.finished.get(id);
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.arrived = this.inFlight.size; // those in flight count as arrivals of the measured period
    this.cpu.resetStatistics();
    this.busyAreaAtSample = 0;
    this.env.log('lab', 'warm-up over');
  }
}

/**
 * The query lab: N+1 against JOIN against batch, each statement a round trip and the cost of its
 * real plan. With SQL, the three strategies really run on the primary and their results are compared.
 */
export function createQueryModel(ctx: LabContext<QueryParams>, options: QueryModelOptions = {}): LabModel<QueryParams, QueryDetail> {
  const w = new QueryWorkload(ctx.env, ctx, options);
  return labModel(ctx.env, w, queryProjection, {
    inspect(particleId) {
      const r = w.requestById(requestIdOfParticle(particleId));
      return r ? requestStory(r, w.params.values.customers) : null;
    },
  });
}
