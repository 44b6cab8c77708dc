import { poissonArrivals } from '../../models/poissonArrivals';
import { wholeNumberArg } from '../../lab/actionArgs';
import {
  BoundedTimeSeries,
  LatencyHistogram,
  TimeWeightedAverage,
  sample,
  type Distribution,
  type ProcessGenerator,
  type Rng,
} from '../../engine';
import type { LabContext, LabModel, RequestDetail } from '../../lab/labDefinition';
import type { ParamValue, ParamValues } from '../../lab/params';
import type { ChartData, HeadlineFigure, LabSnapshot, MetricTree, Particle, SlotState, TopologyNode } from '../../lab/snapshot';
import { BorrowError, ConnectionPool, TOO_MANY_CLIENTS, type Connection, type PoolSettings } from '../../models/connectionPool';
import { DatabaseCpu } from '../../models/databaseCpu';
import { mmc, mmcPatience } from '../../theory/queueing';
import { findStatement, statementCostMs } from './statements';
import { metricAt } from '../../scenario/expectations';
import { serviceTime } from '../../models/serviceTime';

const SAMPLES_PER_RUN = 240;
const MAX_PARTICLES = 600;
/**
 * Finished requests remembered for the details panel (requests in flight are always known).
 * Kept by finishing order, so the request a learner just saw on screen is still there when
 * the click reaches the worker, however fast the queue turns over.
 */
const REMEMBERED_REQUESTS = 300;
/** Real statements executed per simulated second at most; the rest are modelled (same metrics). */
const REAL_STATEMENTS_PER_SECOND = 20;

/**
 * One request, as plain numbers: it is created for every arrival, so its story is only put
 * into words when a learner inspects it (allocation here is the lab's main cost).
 */
interface Request {
  id: number;
  arrivedAt: number;
  phase: 'borrowing' | 'connecting' | 'querying' | 'done' | 'failed';
  phaseStart: number;
  phaseEnd: number;
  /** Borrowers ahead on arrival, or -1 when an idle connection was free. */
  aheadOnArrival: number;
  grantedAt: number;
  connectionId: number;
  queryStart: number;
  queryEnd: number;
  endedAt: number;
  leaked: boolean;
  failure?: string;
  params?: unknown[];
  executed?: 'real' | 'modelled';
  rows?: Record<string, unknown>[];
  sqlError?: string;
}

function poolSettings(p: ParamValues): PoolSettings {
  return {
    min: p.poolMin as number,
    max: p.poolMax as number,
    borrowTimeoutMs: p.borrowTimeoutMs as number,
    connectMs: p.connectMs as number,
    idleTimeoutMs: p.idleTimeoutMs as number,
    maxLifetimeMs: p.maxLifetimeMs as number,
    leakDetectionMs: p.leakDetectionMs as number,
  };
}

function serviceDistribution(p: ParamValues): Distribution {
  const statement = p.query as string;
  return serviceTime(p.serviceDist as string, statement === 'modelled' ? (p.serviceMs as number) : statementCostMs[statement]!);
}

/**
 * The connection pooling lab: Poisson clients borrow a connection from a HikariCP-like pool
 * (or open their own), run a query on a primary with `dbCores` CPUs and `max_connections`,
 * and give the connection back (or leak it).
 */
export function createPoolingModel(ctx: LabContext): LabModel {
  const { env, sql } = ctx;
  const params: ParamValues = { ...ctx.params };
  const arrivalsRng: Rng = ctx.rng.fork('arrivals');
  const serviceRng: Rng = ctx.rng.fork('service');
  const leakRng: Rng = ctx.rng.fork('leaks');
  const paramsRng: Rng = ctx.rng.fork('statement-params');
  let service = serviceDistribution(params);
  const statement = findStatement(params.query as string);
  const pooling = params.pooling as boolean;

  // The database: CPUs with contention, and a hard limit on connections.
  const cpu = new DatabaseCpu(env, params.dbCores as number);
  let serverConnections = 0;
  let maxServerConnections = 0;
  const server = {
    tryAccept: () => {
      if (serverConnections >= (params.dbMaxConnections as number)) return false;
      serverConnections++;
      maxServerConnections = Math.max(maxServerConnections, serverConnections);
      return true;
    },
    release: () => {
      serverConnections--;
    },
  };

  // Statistics (reset at the end of the warm-up).
  let arrived = 0;
  let completed = 0;
  let timedOut = 0;
  let failedOther = 0;
  let borrowAttempts = 0;
  let waitedBorrows = 0;
  let opened = 0;
  let closed = 0;
  let leaked = 0;
  let leakWarnings = 0;
  let openRefusals = 0;
  let statsSince = 0;
  const latency = new LatencyHistogram();
  const borrowWait = new LatencyHistogram();
  const inUseAvg = new TimeWeightedAverage(env.now, 0);
  const waitingAvg = new TimeWeightedAverage(env.now, 0);

  const inFlight = new Map<number, Request>();
  const remembered = new Map<number, Request>();
  const recentFailures: Request[] = [];
  let nextId = 1;
  let realBudgetSecond = -1;
  let realThisSecond = 0;

  const sampleEvery = Math.max(ctx.durationMs / SAMPLES_PER_RUN, 1);
  const windowWait = new LatencyHistogram();
  let windowCompleted = 0;
  let windowTimeouts = 0;
  let windowErrors = 0;
  const series = Object.fromEntries(
    ['p50', 'p95', 'p99', 'inUse', 'leaked', 'idle', 'waiting', 'throughput', 'timeouts', 'errors'].map((k) => [k, new BoundedTimeSeries(SAMPLES_PER_RUN * 2)]),
  ) as Record<string, BoundedTimeSeries>;

  const pool = pooling
    ? new ConnectionPool(env, poolSettings(params), server, {
        onOpened: (c) => {
          opened++;
          env.log(`conn-${c.id}`, 'opened');
        },
        onClosed: (c, why) => {
          closed++;
          env.log(`conn-${c.id}`, 'closed', { why });
        },
        onOpenFailed: (message) => {
          openRefusals++;
          env.log('pool', 'open failed', { message });
        },
        onLeakSuspected: (c, heldMs) => {
          leakWarnings++;
          env.log(`conn-${c.id}`, 'leak suspected', { heldMs: Math.round(heldMs), note: 'reported only: the connection is not reclaimed' });
        },
        onChange: () => gauges(),
      })
    : null;

  function gauges(): void {
    if (pool) {
      // Leaked connections are checked out for good: the pool counts them as in use.
      inUseAvg.set(env.now, pool.inUse + pool.leakedCount);
      waitingAvg.set(env.now, pool.waiting);
    } else {
      inUseAvg.set(env.now, serverConnections);
    }
  }

  function remember(r: Request): void {
    remembered.set(r.id, r);
    if (remembered.size > REMEMBERED_REQUESTS) remembered.delete(remembered.keys().next().value!);
  }

  function fail(r: Request, reason: 'timeout' | 'too-many-clients', message: string): void {
    if (reason === 'timeout') {
      timedOut++;
      windowTimeouts++;
    } else {
      failedOther++;
      windowErrors++;
    }
    r.phase = 'failed';
    r.phaseStart = env.now;
    r.endedAt = env.now;
    r.failure = message;
    inFlight.delete(r.id);
    remember(r);
    recentFailures.push(r);
    if (recentFailures.length > 60) recentFailures.shift();
    latency.record(env.now - r.arrivedAt);
    env.log(`request-${r.id}`, reason === 'timeout' ? 'timed out' : 'failed', { message });
  }

  /** Decide, from simulated time only, whether this statement runs for real in PGlite. */
  function runForReal(): boolean {
    if (sql === null || statement === undefined) return false;
    const second = Math.floor(env.now / 1000);
    if (second !== realBudgetSecond) {
      realBudgetSecond = second;
      realThisSecond = 0;
    }
    if (realThisSecond >= REAL_STATEMENTS_PER_SECOND) return false;
    realThisSecond++;
    return true;
  }

  function* query(r: Request): ProcessGenerator<void> {
    const work = sample(serviceRng, service);
    r.phase = 'querying';
    r.phaseStart = env.now;
    r.phaseEnd = env.now + work;
    r.queryStart = env.now;
    if (statement !== undefined) {
      const values = statement.params(paramsRng);
      r.params = values;
      const real = runForReal();
      r.executed = real ? 'real' : 'modelled';
      // Same event whether or not PGlite runs it, so model-only runs give identical metrics.
      // A failure in PGlite (a restarted node) must not change the simulation: it is recorded, not thrown.
      const execute = real ? () => sql!.query(statement.sql, values).catch((e: Error) => ({ rows: [], error: e.message })) : null;
      const result = (yield env.external(execute, { rows: [] })) as { rows: Record<string, unknown>[]; error?: string };
      if (real) r.rows = result.rows.slice(0, 20);
      if (result.error) r.sqlError = result.error;
    }
    const io = work * (params.dbIoFraction as number);
    yield cpu.run(work - io);
    if (io > 0) yield env.timeout(io);
    r.queryEnd = env.now;
  }

  function finish(r: Request): void {
    completed++;
    windowCompleted++;
    latency.record(env.now - r.arrivedAt);
    r.phase = 'done';
    r.endedAt = env.now;
    inFlight.delete(r.id);
    remember(r);
  }

  function* pooledRequest(r: Request): ProcessGenerator<void> {
    const p = pool!;
    borrowAttempts++;
    const mustWait = p.waiting > 0 || p.idleCount === 0;
    if (mustWait) waitedBorrows++;
    r.aheadOnArrival = mustWait ? p.waiting : -1;
    let c: Connection;
    try {
      c = yield p.borrow();
    } catch (error) {
      if (!(error instanceof BorrowError)) throw error;
      fail(r, 'timeout', error.message);
      return;
    }
    const waited = env.now - r.arrivedAt;
    borrowWait.record(waited);
    windowWait.record(waited);
    r.grantedAt = env.now;
    r.connectionId = c.id;
    yield* query(r);
    if (leakRng.chance(params.leakRate as number)) {
      leaked++;
      p.leak(c);
      r.leaked = true;
      env.log(`conn-${c.id}`, 'leaked', { request: r.id });
    } else {
      p.giveBack(c);
    }
    finish(r);
  }

  function* unpooledRequest(r: Request): ProcessGenerator<void> {
    borrowAttempts++;
    if (!server.tryAccept()) {
      openRefusals++;
      fail(r, 'too-many-clients', TOO_MANY_CLIENTS);
      return;
    }
    opened++;
    gauges();
    const connect = params.connectMs as number;
    if (connect > 0) {
      waitedBorrows++;
      r.phase = 'connecting';
      r.phaseStart = env.now;
      r.phaseEnd = env.now + connect;
      yield env.timeout(connect);
    }
    r.grantedAt = env.now;
    const waited = env.now - r.arrivedAt;
    borrowWait.record(waited);
    windowWait.record(waited);
    yield* query(r);
    server.release();
    closed++;
    gauges();
    finish(r);
  }

  function admit(): void {
    const now = env.now;
    const r: Request = {
      id: nextId++,
      arrivedAt: now,
      phase: 'borrowing',
      phaseStart: now,
      phaseEnd: now,
      aheadOnArrival: -1,
      grantedAt: NaN,
      connectionId: 0,
      queryStart: NaN,
      queryEnd: NaN,
      endedAt: NaN,
      leaked: false,
    };
    arrived++;
    inFlight.set(r.id, r);
    env.process(pooling ? pooledRequest(r) : unpooledRequest(r), 'request');
  }

  function* sampler(): ProcessGenerator<void> {
    for (;;) {
      yield env.timeout(sampleEvery);
      const t = env.now;
      series.p50!.push(t, windowWait.percentile(50));
      series.p95!.push(t, windowWait.percentile(95));
      series.p99!.push(t, windowWait.percentile(99));
      series.inUse!.push(t, pool ? pool.inUse : serverConnections);
      series.leaked!.push(t, pool ? pool.leakedCount : 0);
      series.idle!.push(t, pool ? pool.idleCount : 0);
      series.waiting!.push(t, pool ? pool.waiting : 0);
      series.throughput!.push(t, (windowCompleted * 1000) / sampleEvery);
      series.timeouts!.push(t, (windowTimeouts * 1000) / sampleEvery);
      series.errors!.push(t, (windowErrors * 1000) / sampleEvery);
      windowWait.reset();
      windowCompleted = windowTimeouts = windowErrors = 0;
    }
  }

  /** Queueing theory for the current settings, when the lab is exactly M/M/c (or M/M/c+D). */
  function theory(): MetricTree | null {
    if (!pool || params.serviceDist !== 'exponential' || (params.leakRate as number) > 0) return null;
    const c = params.poolMax as number;
    if (params.poolMin !== c || (params.dbCores as number) < c || c > (params.dbMaxConnections as number)) return null;
    const lambda = (params.arrivalRate as number) / 1000;
    const meanService = service.kind === 'exponential' ? service.mean : NaN;
    const patience = params.borrowTimeoutMs as number;
    if (patience > 0) {
      const t = mmcPatience(c, lambda, meanService, patience);
      return { waitProbability: t.waitProbability, timeoutProbability: t.abandonProbability };
    }
    if (lambda * meanService >= c) return null;
    const t = mmc(c, lambda, meanService);
    return { waitProbability: t.waitProbability, meanWaitMs: t.meanWait, utilization: t.utilization };
  }

  function metrics(): MetricTree {
    const elapsed = Math.max(env.now - statsSince, 1e-9);
    const l = latency.summary();
    const w = borrowWait.summary();
    const poolMax = pooling ? (params.poolMax as number) : (params.dbMaxConnections as number);
    const tree: MetricTree = {
      requests: { arrived, completed, timedOut, failed: timedOut + failedOther, inFlight: inFlight.size },
      latencyMs: { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99, max: l.max },
      borrowWaitMs: { mean: w.mean, p50: w.p50, p95: w.p95, p99: w.p99, max: w.max },
      waitedFraction: borrowAttempts === 0 ? 0 : waitedBorrows / borrowAttempts,
      timedOutFraction: borrowAttempts === 0 ? 0 : timedOut / borrowAttempts,
      pool: {
        utilization: inUseAvg.mean(env.now) / poolMax,
        meanInUse: inUseAvg.mean(env.now),
        meanWaiting: waitingAvg.mean(env.now),
        maxWaiting: waitingAvg.max,
        connectionsOpened: opened,
        connectionsClosed: closed,
        leaked,
        leakWarnings,
      },
      db: { cpuUtilization: cpu.utilization(), maxConnections: maxServerConnections, refusedConnections: openRefusals },
      throughputPerS: (completed * 1000) / elapsed,
      sql: { statementsRun: sql?.statementsRun ?? 0 },
    };
    const th = theory();
    if (th) tree.theory = th;
    return tree;
  }

  function particles(): Particle[] {
    const out: Particle[] = [];
    const entry = pooling ? 'pool' : 'primary';
    for (const r of inFlight.values()) {
      if (r.phase === 'borrowing') out.push({ id: r.id, from: 'pool', to: 'pool', t0: r.arrivedAt, t1: r.arrivedAt, state: 'waiting' });
      else if (r.phase === 'connecting') out.push({ id: r.id, from: 'clients', to: 'primary', t0: r.phaseStart, t1: r.phaseEnd, state: 'slow' });
      else out.push({ id: r.id, from: entry === 'pool' ? 'pool' : 'clients', to: 'primary', t0: r.phaseStart, t1: r.phaseEnd, state: 'ok' });
    }
    const horizon = env.now - Math.max(250, ctx.durationMs / 200);
    for (const r of recentFailures) {
      if (r.phaseStart >= horizon) out.push({ id: r.id, from: entry, to: entry, t0: r.phaseStart, t1: r.phaseStart, state: 'failed' });
    }
    return out.length > MAX_PARTICLES ? out.slice(out.length - MAX_PARTICLES) : out;
  }

  function slots(): SlotState[] {
    if (!pool) return [];
    const order: Record<Connection['state'], number> = { busy: 0, leaked: 1, opening: 2, idle: 3, closed: 4 };
    const states = pool.connections.map((c) => c.state).sort((a, b) => order[a] - order[b]);
    const free = Math.max(0, (params.poolMax as number) - states.length);
    return [...states, ...Array<SlotState>(free).fill('closed')];
  }

  function topology(): LabSnapshot['topology'] {
    const clients: TopologyNode = { id: 'clients', label: 'Clients', kind: 'clients', x: 0.08, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${params.arrivalRate} req/s` }] };
    const primary: TopologyNode = {
      id: 'primary',
      label: 'Primary (PostgreSQL)',
      kind: 'database',
      x: 0.85,
      y: 0.5,
      status: 'up',
      badges: [
        { label: 'connections', value: `${serverConnections}/${params.dbMaxConnections}` },
        { label: 'running', value: `${cpu.running} on ${cpu.cores} cores` },
      ],
    };
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
        { label: 'in use', value: `${pool.inUse + pool.leakedCount}/${params.poolMax}` },
        { label: 'idle', value: String(pool.idleCount) },
        { label: 'waiting', value: String(pool.waiting) },
        ...(pool.leakedCount > 0 ? [{ label: 'leaked', value: String(pool.leakedCount) }] : []),
      ],
      slots: slots(),
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

  function charts(): ChartData[] {
    const pts = (s: BoundedTimeSeries) => s.pairs();
    const th = theory();
    return [
      {
        id: 'borrow-wait',
        title: 'Borrow wait',
        unit: 'ms',
        series: [
          { name: 'p50', points: pts(series.p50!) },
          { name: 'p95', points: pts(series.p95!) },
          { name: 'p99', points: pts(series.p99!) },
        ],
        references: th && typeof th.meanWaitMs === 'number' ? [{ name: 'Erlang C mean', value: th.meanWaitMs }] : [],
      },
      {
        id: 'connections',
        title: 'Connections: in use, idle, waiting borrowers',
        unit: 'connections',
        series: [
          { name: 'in use', points: pts(series.inUse!) },
          ...(pooling && (params.leakRate as number) > 0 ? [{ name: 'leaked', points: pts(series.leaked!) }] : []),
          { name: 'idle', points: pts(series.idle!) },
          { name: 'waiting', points: pts(series.waiting!) },
        ],
        references: pooling ? [{ name: 'poolMax', value: params.poolMax as number }] : [{ name: 'max_connections', value: params.dbMaxConnections as number }],
      },
      {
        id: 'throughput',
        title: 'Throughput, timeouts and errors',
        unit: 'req/s',
        series: [
          { name: 'completed', points: pts(series.throughput!) },
          { name: 'timed out', points: pts(series.timeouts!) },
          { name: 'errors', points: pts(series.errors!) },
        ],
      },
    ];
  }

  function headline(m: MetricTree): HeadlineFigure[] {
    const get = (path: string) => metricAt(m, path) as number;
    const figures: HeadlineFigure[] = [
      { key: 'latencyMs.p99', label: 'p99 latency', value: get('latencyMs.p99'), unit: 'ms', origin: 'simulated' },
      { key: 'borrowWaitMs.p99', label: 'p99 borrow wait', value: get('borrowWaitMs.p99'), unit: 'ms', origin: 'simulated' },
      { key: 'throughputPerS', label: 'Throughput', value: get('throughputPerS'), unit: 'req/s', origin: 'simulated' },
      { key: 'requests.failed', label: 'Failed', value: get('requests.failed'), unit: 'requests', origin: 'simulated' },
      { key: 'pool.utilization', label: pooling ? 'Pool utilization' : 'Connection slots used', value: get('pool.utilization') * 100, unit: '%', origin: 'simulated' },
    ];
    if (pooling && get('pool.leaked') > 0) figures.push({ key: 'pool.leaked', label: 'Leaked', value: get('pool.leaked'), unit: 'connections', origin: 'simulated' });
    const th = m.theory as MetricTree | undefined;
    if (th && typeof th.waitProbability === 'number') figures.push({ key: 'theory.waitProbability', label: 'Theory: P(wait)', value: th.waitProbability * 100, unit: '%', origin: 'theory' });
    figures.push({ key: 'sql.statementsRun', label: 'Statements run for real', value: get('sql.statementsRun'), unit: '', origin: 'real' });
    return figures;
  }

  /** The story of a request in words, built only when a learner asks for it. */
  function describe(r: Request): RequestDetail {
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    const timeline: { t: number; what: string }[] = [{ t: r.arrivedAt, what: 'arrives' }];
    if (pooling) timeline.push({ t: r.arrivedAt, what: r.aheadOnArrival < 0 ? 'borrows an idle connection' : `waits for a connection (${r.aheadOnArrival} ahead)` });
    else if (!Number.isNaN(r.grantedAt) && r.grantedAt > r.arrivedAt) timeline.push({ t: r.arrivedAt, what: 'opens its own connection' });
    if (!Number.isNaN(r.grantedAt)) {
      timeline.push({ t: r.grantedAt, what: pooling ? `got connection ${r.connectionId} after ${ms(r.grantedAt - r.arrivedAt)}` : `connected after ${ms(r.grantedAt - r.arrivedAt)}` });
    }
    if (!Number.isNaN(r.queryStart)) {
      timeline.push({ t: r.queryStart, what: `query starts on the primary${r.params ? ` with $1… = ${JSON.stringify(r.params)}` : ''}` });
    }
    if (r.sqlError) timeline.push({ t: r.queryStart, what: `PGlite could not run it: ${r.sqlError}` });
    if (!Number.isNaN(r.queryEnd)) timeline.push({ t: r.queryEnd, what: 'query done' });
    if (r.leaked) timeline.push({ t: r.queryEnd, what: `never gave connection ${r.connectionId} back (leaked)` });
    else if (!pooling && !Number.isNaN(r.queryEnd)) timeline.push({ t: r.queryEnd, what: 'closes its connection' });
    if (r.failure) timeline.push({ t: r.endedAt, what: `failed: ${r.failure}` });
    const outcome = r.phase === 'done' ? `completed in ${ms(r.endedAt - r.arrivedAt)}` : r.phase === 'failed' ? r.failure! : 'in flight';
    const detail: RequestDetail = { id: r.id, outcome, timeline };
    if (statement) {
      detail.sql = statement.sql;
      if (r.params) detail.params = r.params;
      detail.executed = r.executed;
      if (r.rows) detail.rows = r.rows;
    }
    return detail;
  }

  return {
    start() {
      pool?.start();
      gauges();
      env.process(poissonArrivals(env, arrivalsRng, () => params.arrivalRate as number, () => admit()), 'arrivals');
      env.process(sampler(), 'sampler');
    },
    setParam(key: string, value: ParamValue) {
      params[key] = value;
      if (key === 'dbCores') cpu.setCores(value as number);
      if (key === 'serviceMs' || key === 'serviceDist') service = serviceDistribution(params);
      if (pool && ['poolMin', 'poolMax', 'borrowTimeoutMs', 'connectMs', 'idleTimeoutMs', 'maxLifetimeMs', 'leakDetectionMs'].includes(key)) pool.update(poolSettings(params));
      env.log('lab', 'set', { [key]: value });
    },
    action(name: string, args: Record<string, unknown>) {
      if (name !== 'burst') throw new Error(`unknown action "${name}"; this lab has: burst`);
      const count = wholeNumberArg('burst', args, 'requests', 100000);
      env.log('clients', 'burst', { requests: count });
      for (let i = 0; i < count; i++) admit();
    },
    resetStatistics() {
      statsSince = env.now;
      arrived = inFlight.size;
      completed = timedOut = failedOther = 0;
      borrowAttempts = waitedBorrows = 0;
      opened = closed = leaked = leakWarnings = openRefusals = 0;
      maxServerConnections = serverConnections;
      latency.reset();
      borrowWait.reset();
      inUseAvg.reset(env.now);
      waitingAvg.reset(env.now);
      cpu.resetStatistics();
      env.log('lab', 'warm-up over');
    },
    metrics,
    snapshot(logSince: number): LabSnapshot {
      const m = metrics();
      return {
        t: env.now,
        topology: topology(),
        particles: particles(),
        charts: charts(),
        metrics: m,
        headline: headline(m),
        log: env.trace ? env.trace.since(logSince) : [],
      };
    },
    inspect(id: number): RequestDetail | null {
      const r = inFlight.get(id) ?? remembered.get(id);
      return r ? describe(r) : null;
    },
  };
}
