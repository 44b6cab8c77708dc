import { poissonArrivals } from '../../models/poissonArrivals';
import { BoundedTimeSeries, LatencyHistogram, type ProcessGenerator, type Rng } from '../../engine';
import type { LabContext, LabModel, RequestDetail } from '../../lab/labDefinition';
import type { ParamValue, ParamValues } from '../../lab/params';
import type { ChartData, HeadlineFigure, LabSnapshot, MetricTree, Particle, TopologyNode } from '../../lab/snapshot';
import { DatabaseCpu } from '../../models/databaseCpu';
import { metricAt } from '../../scenario/expectations';
import { requestPlan, type QueryCosts, queryCosts as storedCosts, type RequestPlan } from './queryCosts';
import { compareStrategies, fetchers, QUERY_SQL, type Comparison, type Fetcher, type StrategyId } from './strategies';

const SAMPLES_PER_RUN = 240;
const MAX_PARTICLES = 600;
const REMEMBERED_REQUESTS = 200;

/** One request as plain numbers (its story is put into words only when inspected). */
interface Request {
  id: number;
  strategy: StrategyId;
  arrivedAt: number;
  statements: number;
  /** Statement being sent (0-based) and where it is: going out, executing, coming back. */
  current: number;
  phase: 'out' | 'executing' | 'back' | 'done';
  phaseStart: number;
  phaseEnd: number;
  /** Start times of its round trips so far (for its story). */
  legStarts: number[];
  networkMs: number;
  databaseMs: number;
  endedAt: number;
}

/** What the view draws besides the topology: the last comparison, for the result check. */
export interface QueryDetail {
  comparison: Comparison | null;
  comparisonError: string | null;
  /** The strategies are running on PGlite now (the run waits for them at this instant). */
  comparing: boolean;
  /** Customers the comparison used (the value of `customers` when it ran). */
  comparedCustomers: number | null;
  [key: string]: unknown;
}

/** Test seams: other costs (a different dataset) or other fetchers (a wrong strategy must be caught). */
export interface QueryModelOptions {
  costs?: QueryCosts;
  fetchers?: Readonly<Record<string, Fetcher>>;
}

/**
 * The query lab: requests for "the first N customers with their orders" arrive as a Poisson
 * stream; each sends its strategy's statements one after the other, paying a network round
 * trip for each and the cost of each statement's real plan on a database with `dbCores` CPUs.
 * With SQL, the three strategies really run on the primary and their results are compared.
 */
export function createQueryModel(ctx: LabContext, options: QueryModelOptions = {}): LabModel {
  const { env, sql } = ctx;
  const costs = options.costs ?? storedCosts;
  const compared = options.fetchers ?? fetchers;
  const params: ParamValues = { ...ctx.params };
  const arrivalsRng: Rng = ctx.rng.fork('arrivals');
  const cpu = new DatabaseCpu(env, params.dbCores as number);

  let plan: RequestPlan = currentPlan();
  function currentPlan(): RequestPlan {
    return requestPlan(params.strategy as StrategyId, params.customers as number, params.ordersIndex as boolean, costs);
  }

  let arrived = 0;
  let completed = 0;
  let statementsSent = 0;
  let statsSince = 0;
  const latency = new LatencyHistogram();
  const windowLatency = new LatencyHistogram();
  let windowCompleted = 0;
  let windowStatements = 0;
  const sampleEvery = Math.max(ctx.durationMs / SAMPLES_PER_RUN, 1);
  const series = Object.fromEntries(['p50', 'p99', 'throughput', 'statementsPerS', 'cpu'].map((k) => [k, new BoundedTimeSeries(SAMPLES_PER_RUN * 2)])) as Record<
    string,
    BoundedTimeSeries
  >;
  let busyAreaAtSample = 0;

  const inFlight = new Map<number, Request>();
  const remembered = new Map<number, Request>();
  let nextId = 1;

  let comparison: Comparison | null = null;
  let comparisonError: string | null = null;
  let comparedCustomers: number | null = null;
  let comparing = false;

  /** Run all strategies for real and compare them (only with SQL; a model-only run cannot know). */
  function* verify(customers: number): ProcessGenerator<void> {
    if (sql === null) return;
    const run = async (text: string, values: unknown[]) => (await sql.query(text, values)).rows;
    const work = () => compareStrategies(run, customers, compared).catch((e: Error) => ({ error: e.message }));
    comparing = true;
    const outcome = (yield env.external(work, null)) as Comparison | { error: string } | null;
    comparing = false;
    if (outcome === null) return;
    comparedCustomers = customers;
    if ('error' in outcome) {
      comparison = null;
      comparisonError = outcome.error;
      env.log('primary', 'comparison failed', { message: outcome.error });
    } else {
      comparison = outcome;
      comparisonError = null;
      env.log('primary', outcome.match ? 'results match' : 'results differ', { customers, ...(outcome.difference ? { difference: outcome.difference } : {}) });
    }
  }

  function* request(r: Request, p: RequestPlan): ProcessGenerator<void> {
    const half = (params.networkRttMs as number) / 2;
    for (let i = 0; i < p.statements; i++) {
      r.current = i;
      r.legStarts.push(env.now);
      statementsSent++;
      windowStatements++;
      const execMs = p.statementMs[i]!;
      setPhase(r, 'out', half);
      if (half > 0) yield env.timeout(half);
      setPhase(r, 'executing', execMs);
      const started = env.now;
      yield cpu.run(execMs);
      r.databaseMs += env.now - started;
      setPhase(r, 'back', half);
      if (half > 0) yield env.timeout(half);
      r.networkMs += 2 * half;
    }
    r.phase = 'done';
    r.endedAt = env.now;
    const ms = env.now - r.arrivedAt;
    latency.record(ms);
    windowLatency.record(ms);
    completed++;
    windowCompleted++;
    inFlight.delete(r.id);
    remembered.set(r.id, r);
    if (remembered.size > REMEMBERED_REQUESTS) remembered.delete(remembered.keys().next().value!);
  }

  function setPhase(r: Request, phase: Request['phase'], ms: number): void {
    r.phase = phase;
    r.phaseStart = env.now;
    r.phaseEnd = env.now + ms;
  }

  function admit(): void {
    const r: Request = {
      id: nextId++,
      strategy: params.strategy as StrategyId,
      arrivedAt: env.now,
      statements: plan.statements,
      current: 0,
      phase: 'out',
      phaseStart: env.now,
      phaseEnd: env.now,
      legStarts: [],
      networkMs: 0,
      databaseMs: 0,
      endedAt: NaN,
    };
    arrived++;
    inFlight.set(r.id, r);
    env.process(request(r, plan), 'request');
  }

  function* sampler(): ProcessGenerator<void> {
    for (;;) {
      yield env.timeout(sampleEvery);
      const t = env.now;
      // No request finished in this window: no point, rather than a latency of 0.
      if (windowLatency.count > 0) {
        series.p50!.push(t, windowLatency.percentile(50));
        series.p99!.push(t, windowLatency.percentile(99));
      }
      series.throughput!.push(t, (windowCompleted * 1000) / sampleEvery);
      series.statementsPerS!.push(t, (windowStatements * 1000) / sampleEvery);
      // Busy core-milliseconds since the statistics began, from the CPU's own utilization.
      const area = cpu.utilization() * (t - statsSince) * cpu.cores;
      series.cpu!.push(t, ((area - busyAreaAtSample) / sampleEvery / cpu.cores) * 100);
      busyAreaAtSample = area;
      windowLatency.reset();
      windowCompleted = windowStatements = 0;
    }
  }

  function metrics(): MetricTree {
    const elapsed = Math.max(env.now - statsSince, 1e-9);
    const l = latency.summary();
    const network = plan.roundTrips * (params.networkRttMs as number);
    const database = plan.statementMs.reduce((s, x) => s + x, 0);
    const tree: MetricTree = {
      statements: plan.statements,
      roundTrips: plan.roundTrips,
      rowsTransferred: plan.rowsTransferred,
      latencyMs: { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99, max: l.max },
      unloadedLatencyMs: { network, database, total: network + database },
      requests: { arrived, completed, inFlight: inFlight.size },
      statementsSent,
      throughputPerS: (completed * 1000) / elapsed,
      db: { cpuUtilization: cpu.utilization() },
      sql: { statementsRun: sql?.statementsRun ?? 0 },
    };
    // Only a run that executed SQL has compared real results; a model-only run reports nothing rather than a guess.
    if (comparison !== null) tree.resultsMatch = comparison.match;
    return tree;
  }

  function particles(): Particle[] {
    // One particle per request in flight, on its current round trip (a new id per statement):
    // N+1 requests shuttle back and forth hundreds of times while a JOIN crosses once.
    const out: Particle[] = [];
    for (const r of inFlight.values()) {
      const base = r.id * 1000;
      const id = base + (r.current % 1000);
      if (r.phase === 'out') out.push({ id, from: 'app', to: 'primary', t0: r.phaseStart, t1: r.phaseEnd, state: 'ok' });
      else if (r.phase === 'executing') out.push({ id, from: 'app', to: 'primary', t0: r.phaseStart, t1: r.phaseStart, state: cpu.running > cpu.cores ? 'slow' : 'ok' });
      else if (r.phase === 'back') out.push({ id, from: 'primary', to: 'app', t0: r.phaseStart, t1: r.phaseEnd, state: 'ok' });
    }
    return out.length > MAX_PARTICLES ? out.slice(out.length - MAX_PARTICLES) : out;
  }

  function topology(): LabSnapshot['topology'] {
    const clients: TopologyNode = { id: 'clients', label: 'Clients', kind: 'clients', x: 0.1, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${params.arrivalRate} req/s` }] };
    const app: TopologyNode = {
      id: 'app',
      label: 'Application',
      kind: 'app',
      x: 0.46,
      y: 0.5,
      status: 'up',
      badges: [
        { label: 'strategy', value: String(params.strategy) },
        { label: 'statements', value: String(plan.statements) },
        { label: 'in flight', value: String(inFlight.size) },
      ],
    };
    const primary: TopologyNode = {
      id: 'primary',
      label: 'Primary (PostgreSQL)',
      kind: 'database',
      x: 0.85,
      y: 0.5,
      status: cpu.running > cpu.cores ? 'degraded' : 'up',
      badges: [
        { label: 'running', value: `${cpu.running} on ${cpu.cores} cores` },
        { label: 'orders.customer_id', value: params.ordersIndex ? 'indexed' : 'no index' },
      ],
    };
    return {
      nodes: [clients, app, primary],
      edges: [
        { from: 'clients', to: 'app' },
        { from: 'app', to: 'primary', label: `${plan.roundTrips} × ${params.networkRttMs} ms` },
      ],
    };
  }

  function charts(): ChartData[] {
    const network = plan.roundTrips * (params.networkRttMs as number);
    const database = plan.statementMs.reduce((s, x) => s + x, 0);
    return [
      {
        id: 'latency',
        title: 'Request latency',
        unit: 'ms',
        series: [
          { name: 'p50', points: series.p50!.pairs() },
          { name: 'p99', points: series.p99!.pairs() },
        ],
        references: [{ name: 'unloaded: round trips × RTT + statement costs', value: network + database }],
      },
      { id: 'statements', title: 'Statements sent to the database', unit: 'statements/s', series: [{ name: 'statements', points: series.statementsPerS!.pairs() }] },
      {
        id: 'cpu',
        title: 'Database CPU',
        unit: '%',
        series: [{ name: 'busy', points: series.cpu!.pairs() }],
      },
    ];
  }

  function headline(m: MetricTree): HeadlineFigure[] {
    const get = (path: string) => metricAt(m, path) as number;
    const figures: HeadlineFigure[] = [
      { key: 'statements', label: 'Statements per request', value: get('statements'), unit: '', origin: 'simulated' },
      { key: 'roundTrips', label: 'Round trips', value: get('roundTrips'), unit: '', origin: 'simulated' },
      { key: 'rowsTransferred', label: 'Rows transferred', value: get('rowsTransferred'), unit: 'rows', origin: 'real' },
      { key: 'latencyMs.p50', label: 'p50 latency', value: get('latencyMs.p50'), unit: 'ms', origin: 'simulated' },
      { key: 'latencyMs.p99', label: 'p99 latency', value: get('latencyMs.p99'), unit: 'ms', origin: 'simulated' },
      { key: 'db.cpuUtilization', label: 'Database CPU', value: get('db.cpuUtilization') * 100, unit: '%', origin: 'simulated' },
    ];
    figures.push({ key: 'sql.statementsRun', label: 'Statements run for real', value: get('sql.statementsRun'), unit: '', origin: 'real' });
    return figures;
  }

  function describe(r: Request): RequestDetail {
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    const timeline: { t: number; what: string }[] = [{ t: r.arrivedAt, what: `arrives; strategy ${r.strategy}, ${r.statements} statement${r.statements === 1 ? '' : 's'}` }];
    const shown = r.legStarts.length <= 8 ? r.legStarts.map((t, i) => [t, i] as const) : [...r.legStarts.slice(0, 4).map((t, i) => [t, i] as const), ...r.legStarts.slice(-3).map((t, i) => [t, r.legStarts.length - 3 + i] as const)];
    shown.forEach(([t, i], k) => {
      if (k === 4 && r.legStarts.length > 8) timeline.push({ t, what: `… ${r.legStarts.length - 7} more round trips …` });
      timeline.push({ t, what: `sends statement ${i + 1} of ${r.statements}` });
    });
    if (r.phase === 'done') timeline.push({ t: r.endedAt, what: `done: ${ms(r.networkMs)} on the network, ${ms(r.databaseMs)} in the database` });
    // The statement that shows the strategy's plan, with this request's values (the plan viewer's "Show plan").
    const customers = r.strategy === 'n-plus-one' ? r.statements - 1 : (params.customers as number);
    const shownStatement =
      r.strategy === 'join'
        ? { sql: QUERY_SQL.join, params: [customers], what: 'its one statement' }
        : r.strategy === 'batch'
          ? {
              sql: QUERY_SQL.ordersOfCustomers.replace('$1', `'{${Array.from({ length: customers }, (_, i) => i + 1).join(',')}}'::int[]`),
              params: [],
              what: `its second statement (the first is: ${QUERY_SQL.customers}, $1 = ${customers})`,
            }
          : { sql: QUERY_SQL.ordersOfCustomer, params: [Math.max(1, Math.min(r.current, customers))], what: `one of its ${customers} per-customer statements (the first is: ${QUERY_SQL.customers}, $1 = ${customers})` };
    timeline.push({ t: r.arrivedAt, what: `SQL below: ${shownStatement.what}` });
    return {
      id: r.id,
      outcome: r.phase === 'done' ? `completed in ${ms(r.endedAt - r.arrivedAt)}` : 'in flight',
      timeline,
      sql: shownStatement.sql,
      params: shownStatement.params,
      executed: 'modelled',
    };
  }

  return {
    start() {
      env.process(verify(params.customers as number), 'verify');
      env.process(poissonArrivals(env, arrivalsRng, () => params.arrivalRate as number, () => admit()), 'arrivals');
      env.process(sampler(), 'sampler');
    },
    setParam(key: string, value: ParamValue) {
      params[key] = value;
      if (key === 'dbCores') cpu.setCores(value as number);
      if (key === 'strategy' || key === 'customers' || key === 'ordersIndex') plan = currentPlan();
      if (key === 'customers') env.process(verify(value as number), 'verify');
      env.log('lab', 'set', { [key]: value });
    },
    resetStatistics() {
      statsSince = env.now;
      arrived = inFlight.size;
      completed = statementsSent = 0;
      latency.reset();
      cpu.resetStatistics();
      busyAreaAtSample = 0;
      env.log('lab', 'warm-up over');
    },
    metrics,
    snapshot(logSince: number): LabSnapshot {
      const m = metrics();
      const detail: QueryDetail = { comparison, comparisonError, comparedCustomers, comparing };
      return {
        t: env.now,
        topology: topology(),
        particles: particles(),
        charts: charts(),
        metrics: m,
        headline: headline(m),
        log: env.trace ? env.trace.since(logSince) : [],
        detail,
      };
    },
    inspect(id: number): RequestDetail | null {
      const r = inFlight.get(Math.floor(id / 1000)) ?? remembered.get(Math.floor(id / 1000));
      return r ? describe(r) : null;
    },
  };
}
