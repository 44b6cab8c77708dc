import { poissonArrivals } from '../../../models/poissonArrivals';
import { wholeNumberArg } from '../../../lab/actionArgs';
import { BoundedTimeSeries, LatencyHistogram, Resource, TimeWeightedAverage, type ProcessGenerator, type Rng } from '../../../engine';
import type { LabContext, LabModel } from '../../../lab/labDefinition';
import type { ParamValue, ParamValues } from '../../../lab/params';
import type { ChartData, HeadlineFigure, LabSnapshot, MetricTree, Particle } from '../../../lab/snapshot';
import { metricAt } from '../../../scenario/expectations';
import { COST_MODEL } from '../../../db/costModel';
import type { IsolationLevel } from '../sql/ast';
import { DEADLOCK_DETECTED, SERIALIZATION_FAILURE } from '../model/sqlError';
import { accountsSetup, demoBalance, openingTotal } from './accounts';
import { EngineDriver, type TimedOutcome } from './engineDriver';
import { atomicChange, readBalance, touchOrder, writeBalance, type Strategy, type Transfer } from './transferScript';
import { realTransfer, type RealTransferStats } from '../transfer/labTransfer';

const SAMPLES_PER_RUN = 240;
const MAX_PARTICLES = 400;
/** Real transfers replayed on PGlite per simulated second at most (the rest are only modelled). */
const REAL_TRANSFERS_PER_SECOND = 10;

/**
 * Planner cost of a primary-key lookup or update of one row of a small table (an Index Scan on
 * accounts_pkey: PostgreSQL prices it at about 8.3), turned into time by the shared cost model.
 * BEGIN, COMMIT and ROLLBACK pay only the per-statement overhead.
 */
const ROW_STATEMENT_COST_UNITS = 8.3;
export const ROW_STATEMENT_MS = COST_MODEL.statementOverheadMs + ROW_STATEMENT_COST_UNITS * COST_MODEL.msPerCostUnit;
export const CONTROL_STATEMENT_MS = COST_MODEL.statementOverheadMs;

type Outcome = 'committed' | 'insufficient funds' | 'injected failure' | { retry: string } | { error: string };

interface TransferRun extends Transfer {
  id: number;
  startedAt: number;
  session: string | null;
  phase: 'waiting for a session' | 'running' | 'blocked';
  phaseStart: number;
  attempts: number;
  injectFailure: boolean;
}

/**
 * The load view of the transactions lab: Poisson transfers borrow one of `sessions` connections
 * and move money between accounts chosen by a Zipf law (a few hot rows). Every statement goes to
 * the verified model of PostgreSQL (TxnEngine), which decides who waits, who fails and what each
 * read returns; the engine only adds time (round trips, the cost model, deadlock_timeout).
 */
export function createTransactionsLoadModel(ctx: LabContext): LabModel {
  const { env, sql } = ctx;
  const params: ParamValues = { ...ctx.params };
  const arrivalsRng: Rng = ctx.rng.fork('arrivals');
  const accountsRng: Rng = ctx.rng.fork('accounts');
  const amountRng: Rng = ctx.rng.fork('amounts');
  const failureRng: Rng = ctx.rng.fork('failures');
  const accountCount = params.accounts as number;
  const sessionNames = Array.from({ length: params.sessions as number }, (_, i) => `S${i + 1}`);
  const driver = new EngineDriver(env, accountsSetup(accountCount), sessionNames, () => params.deadlockTimeoutMs as number);
  const sessionPool = new Resource(env, sessionNames.length);
  const freeSessions = [...sessionNames].reverse();
  const initialTotal = openingTotal(accountCount);
  /** What each balance would be if every committed transfer had been applied exactly once. */
  const expected = Array.from({ length: accountCount + 1 }, (_, id) => (id === 0 ? 0 : demoBalance(id)));

  let started = 0;
  let committed = 0;
  let insufficient = 0;
  let injected = 0;
  let gaveUp = 0;
  let otherErrors = 0;
  let retries = 0;
  let serializationFailures = 0;
  let deadlockAborts = 0;
  let lostUpdates = 0;
  let statements = 0;
  let statsSince = 0;
  const latency = new LatencyHistogram();
  const lockWait = new LatencyHistogram();
  const sessionWait = new LatencyHistogram();
  const blockedAvg = new TimeWeightedAverage(env.now, 0);
  let blockedNow = 0;
  const inFlight = new Map<number, TransferRun>();
  let nextId = 1;
  const real: RealTransferStats = { run: 0, committed: 0, insufficientFunds: 0, injectedFailures: 0, errors: 0, openingSum: null, lastSum: null, sumChanged: false };
  let realSecond = -1;
  let realThisSecond = 0;

  const sampleEvery = Math.max(ctx.durationMs / SAMPLES_PER_RUN, 1);
  const windowWait = new LatencyHistogram();
  let windowCommitted = 0;
  let windowAborts = 0;
  let windowRetries = 0;
  const series = Object.fromEntries(['p50', 'p95', 'p99', 'throughput', 'aborts', 'retries', 'lost', 'drift', 'blocked', 'waitingForSession'].map((k) => [k, new BoundedTimeSeries(SAMPLES_PER_RUN * 2)])) as Record<string, BoundedTimeSeries>;

  function setBlocked(delta: number): void {
    blockedNow += delta;
    blockedAvg.set(env.now, blockedNow);
  }

  /** One statement: half a round trip there, the model's answer (after any lock wait), the work, half a round trip back. */
  function* exec(t: TransferRun, session: string, text: string, rowStatement: boolean): ProcessGenerator<TimedOutcome> {
    const rtt = params.rttMs as number;
    if (rtt > 0) yield env.timeout(rtt / 2);
    const pending = driver.run(session, text);
    let outcome: TimedOutcome;
    const answeredAtOnce = pending.triggered && (pending.value as TimedOutcome).lockWaitMs === 0;
    if (answeredAtOnce) outcome = (yield pending) as TimedOutcome;
    else {
      t.phase = 'blocked';
      t.phaseStart = env.now;
      setBlocked(1);
      outcome = (yield pending) as TimedOutcome;
      setBlocked(-1);
      t.phase = 'running';
      t.phaseStart = env.now;
    }
    if (outcome.lockWaitMs > 0) {
      lockWait.record(outcome.lockWaitMs);
      windowWait.record(outcome.lockWaitMs);
    }
    yield env.timeout((rowStatement ? ROW_STATEMENT_MS : CONTROL_STATEMENT_MS) + rtt / 2);
    statements++;
    return outcome;
  }

  function failure(o: TimedOutcome): Outcome {
    if (o.sqlstate === SERIALIZATION_FAILURE || o.sqlstate === DEADLOCK_DETECTED) return { retry: o.sqlstate };
    return { error: `${o.sqlstate}: ${o.message}` };
  }

  /** Did this session's last UPDATE of `id` replace a version other than the one it read? Then a committed write is lost. */
  function overwroteUnread(session: string, id: number, readValue: number): boolean {
    const model = driver.model;
    const xid = model.transactionOf(session)?.xid;
    if (xid === null || xid === undefined) return false;
    for (let i = model.versions.length - 1; i >= 0; i--) {
      const v = model.versions[i]!;
      if (v.xmin !== xid || v.values[0] !== id) continue;
      const previous = model.versions.find((p) => p.next === v.id);
      return previous !== undefined && previous.values[1] !== readValue;
    }
    return false;
  }

  function* attempt(t: TransferRun, session: string): ProcessGenerator<Outcome> {
    const strategy = params.strategy as Strategy;
    const isolation = params.isolation as IsolationLevel;
    const [first, second] = touchOrder(t, params.lockOrder as 'transfer' | 'id');
    const rollback = function* (): ProcessGenerator<void> {
      yield* exec(t, session, 'rollback', false);
    };
    yield* exec(t, session, EngineDriver.begin(isolation), false);
    let stale = 0;
    if (strategy === 'atomic-update') {
      for (const id of [first, second]) {
        const o = yield* exec(t, session, atomicChange(id, id === t.from ? -t.amount : t.amount), true);
        if (o.status === 'error') {
          yield* rollback();
          return failure(o);
        }
        if (id === t.from && o.command === 'UPDATE 0') {
          yield* rollback();
          return 'insufficient funds';
        }
        if (id === first && t.injectFailure) {
          yield* rollback();
          return 'injected failure';
        }
      }
    } else {
      const read = new Map<number, number>();
      for (const id of [first, second]) {
        const o = yield* exec(t, session, readBalance(id, strategy === 'for-update'), true);
        if (o.status === 'error') {
          yield* rollback();
          return failure(o);
        }
        read.set(id, Number(o.rows?.[0]?.balance ?? 0));
      }
      if (read.get(t.from)! < t.amount) {
        yield* rollback();
        return 'insufficient funds';
      }
      const work = params.appWorkMs as number;
      if (work > 0) yield env.timeout(work);
      for (const id of [first, second]) {
        const balance = read.get(id)! + (id === t.from ? -t.amount : t.amount);
        const o = yield* exec(t, session, writeBalance(id, balance), true);
        if (o.status === 'error') {
          yield* rollback();
          return failure(o);
        }
        if (overwroteUnread(session, id, read.get(id)!)) stale++;
        if (id === first && t.injectFailure) {
          yield* rollback();
          return 'injected failure';
        }
      }
    }
    const c = yield* exec(t, session, 'commit', false);
    if (c.status === 'error') return failure(c);
    lostUpdates += stale;
    return 'committed';
  }

  function* transfer(t: TransferRun): ProcessGenerator<void> {
    const request = sessionPool.request();
    yield request;
    sessionWait.record(env.now - t.startedAt);
    const session = freeSessions.pop()!;
    t.session = session;
    t.phase = 'running';
    t.phaseStart = env.now;
    let outcome: Outcome;
    for (;;) {
      t.attempts++;
      outcome = yield* attempt(t, session);
      if (typeof outcome === 'object' && 'retry' in outcome) {
        if (outcome.retry === SERIALIZATION_FAILURE) serializationFailures++;
        else deadlockAborts++;
        windowAborts++;
        if (t.attempts <= (params.maxRetries as number)) {
          retries++;
          windowRetries++;
          continue;
        }
      }
      break;
    }
    freeSessions.push(session);
    sessionPool.release(request);
    driver.compactIfIdle();
    if (outcome === 'committed') {
      committed++;
      windowCommitted++;
      expected[t.from]! -= t.amount;
      expected[t.to]! += t.amount;
    } else if (outcome === 'insufficient funds') insufficient++;
    else if (outcome === 'injected failure') injected++;
    else if ('retry' in outcome) {
      gaveUp++;
      env.log(`transfer-${t.id}`, 'gave up', { after: t.attempts, sqlstate: outcome.retry });
    } else {
      otherErrors++;
      env.log(`transfer-${t.id}`, 'failed', { error: outcome.error });
    }
    latency.record(env.now - t.startedAt);
    inFlight.delete(t.id);
    // The same transfer, for real, on PGlite (a sample; an event with no work when model-only, so the metrics are identical).
    const replay = sql !== null && realBudget();
    yield env.external(replay ? () => realTransfer(sql!, t, real) : null, null);
  }

  function realBudget(): boolean {
    const second = Math.floor(env.now / 1000);
    if (second !== realSecond) {
      realSecond = second;
      realThisSecond = 0;
    }
    if (realThisSecond >= REAL_TRANSFERS_PER_SECOND) return false;
    realThisSecond++;
    return true;
  }

  function pickAccount(): number {
    const s = params.skew as number;
    return s === 0 ? accountsRng.int(1, accountCount) : accountsRng.zipf(accountCount, s);
  }

  function admit(): void {
    const from = pickAccount();
    let to = pickAccount();
    while (to === from) to = pickAccount();
    const t: TransferRun = {
      id: nextId++,
      from,
      to,
      amount: amountRng.int(1, params.maxAmount as number),
      startedAt: env.now,
      session: null,
      phase: 'waiting for a session',
      phaseStart: env.now,
      attempts: 0,
      injectFailure: failureRng.chance(params.failureRate as number),
    };
    started++;
    inFlight.set(t.id, t);
    env.process(transfer(t), 'transfer');
  }

  function modelTotal(): number {
    const rows = driver.model.committedRows().accounts ?? [];
    return rows.reduce((sum, r) => sum + Number(r.balance), 0);
  }

  function* sampler(): ProcessGenerator<void> {
    for (;;) {
      yield env.timeout(sampleEvery);
      const t = env.now;
      series.p50!.push(t, windowWait.percentile(50));
      series.p95!.push(t, windowWait.percentile(95));
      series.p99!.push(t, windowWait.percentile(99));
      series.throughput!.push(t, (windowCommitted * 1000) / sampleEvery);
      series.aborts!.push(t, (windowAborts * 1000) / sampleEvery);
      series.retries!.push(t, (windowRetries * 1000) / sampleEvery);
      series.lost!.push(t, lostUpdates);
      series.drift!.push(t, modelTotal() - initialTotal);
      series.blocked!.push(t, blockedNow);
      series.waitingForSession!.push(t, sessionPool.waiting);
      windowWait.reset();
      windowCommitted = windowAborts = windowRetries = 0;
    }
  }

  function metrics(): MetricTree {
    const elapsedS = Math.max(env.now - statsSince, 1e-9) / 1000;
    const l = latency.summary();
    const w = lockWait.summary();
    const s = sessionWait.summary();
    const drift = modelTotal() - initialTotal;
    return {
      transfers: {
        started,
        committed,
        failed: insufficient + injected + gaveUp + otherErrors,
        inFlight: inFlight.size,
        insufficientFunds: insufficient,
        injectedFailures: injected,
        gaveUp,
        errors: otherErrors,
      },
      throughputPerS: committed / elapsedS,
      latencyMs: { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99, max: l.max },
      lockWaitMs: { count: w.count, mean: w.mean, p50: w.p50, p95: w.p95, p99: w.p99, max: w.max },
      sessionWaitMs: { mean: s.mean, p95: s.p95, max: s.max },
      meanBlockedSessions: blockedAvg.mean(env.now),
      aborts: { serializationFailures, deadlocks: deadlockAborts, perS: (serializationFailures + deadlockAborts) / elapsedS },
      retries: { count: retries, perS: retries / elapsedS },
      lostUpdates,
      invariant: { openingTotal: initialTotal, total: drift + initialTotal, drift, holds: drift === 0 && lostUpdates === 0 },
      statements,
      sql: {
        statementsRun: sql?.statementsRun ?? 0,
        transfersRun: real.run,
        transfersCommitted: real.committed,
        transfersRolledBack: real.insufficientFunds + real.injectedFailures,
        sumChanged: real.sumChanged,
      },
    };
  }

  function particles(): Particle[] {
    const out: Particle[] = [];
    for (const t of inFlight.values()) {
      if (t.phase === 'waiting for a session') out.push({ id: t.id, from: 'sessions', to: 'sessions', t0: t.startedAt, t1: t.startedAt, state: 'waiting' });
      else if (t.phase === 'blocked') out.push({ id: t.id, from: 'primary', to: 'primary', t0: t.phaseStart, t1: t.phaseStart, state: 'slow' });
      else out.push({ id: t.id, from: 'sessions', to: 'primary', t0: t.phaseStart, t1: t.phaseStart + Math.max(1, ROW_STATEMENT_MS + (params.rttMs as number)), state: 'ok' });
    }
    return out.length > MAX_PARTICLES ? out.slice(out.length - MAX_PARTICLES) : out;
  }

  function topology(): LabSnapshot['topology'] {
    const inUse = sessionNames.length - freeSessions.length;
    return {
      nodes: [
        { id: 'clients', label: 'Transfers', kind: 'clients', x: 0.08, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${params.arrivalRate}/s` }] },
        {
          id: 'sessions',
          label: 'Sessions (pool)',
          kind: 'pool',
          x: 0.45,
          y: 0.5,
          status: sessionPool.waiting > 0 ? 'degraded' : 'up',
          badges: [
            { label: 'in use', value: `${inUse}/${sessionNames.length}` },
            { label: 'waiting', value: String(sessionPool.waiting) },
          ],
          slots: sessionNames.map((n) => (freeSessions.includes(n) ? 'idle' : 'busy')),
          queueLength: sessionPool.waiting,
        },
        {
          id: 'primary',
          label: 'PostgreSQL (model)',
          kind: 'database',
          x: 0.85,
          y: 0.5,
          status: blockedNow > 0 ? 'degraded' : 'up',
          badges: [
            { label: 'blocked on a lock', value: String(blockedNow) },
            { label: params.isolation as string, value: params.strategy as string },
          ],
        },
      ],
      edges: [
        { from: 'clients', to: 'sessions', label: 'borrow' },
        { from: 'sessions', to: 'primary', label: 'transfer' },
      ],
    };
  }

  function charts(): ChartData[] {
    const pts = (k: string) => series[k]!.pairs();
    return [
      { id: 'lock-wait', title: 'Lock wait (statements that blocked)', unit: 'ms', series: [{ name: 'p50', points: pts('p50') }, { name: 'p95', points: pts('p95') }, { name: 'p99', points: pts('p99') }] },
      { id: 'throughput', title: 'Committed, aborted (40001/40P01) and retried', unit: 'transfers/s', series: [{ name: 'committed', points: pts('throughput') }, { name: 'aborted', points: pts('aborts') }, { name: 'retried', points: pts('retries') }] },
      { id: 'invariant', title: 'Lost updates and money created or destroyed', unit: 'count / amount', series: [{ name: 'lost updates', points: pts('lost') }, { name: 'sum of balances − opening sum', points: pts('drift') }], references: [{ name: 'invariant', value: 0 }] },
      { id: 'blocked', title: 'Sessions blocked on a lock, transfers waiting for a session', unit: 'sessions', series: [{ name: 'blocked', points: pts('blocked') }, { name: 'waiting for a session', points: pts('waitingForSession') }] },
    ];
  }

  function headline(m: MetricTree): HeadlineFigure[] {
    const get = (path: string) => metricAt(m, path) as number;
    const figures: HeadlineFigure[] = [
      { key: 'throughputPerS', label: 'Committed', value: get('throughputPerS'), unit: 'transfers/s', origin: 'simulated' },
      { key: 'lockWaitMs.p99', label: 'p99 lock wait', value: get('lockWaitMs.p99'), unit: 'ms', origin: 'simulated' },
      { key: 'aborts.perS', label: 'Aborts', value: get('aborts.perS'), unit: '/s', origin: 'simulated' },
      { key: 'lostUpdates', label: 'Lost updates', value: get('lostUpdates'), unit: 'updates', origin: 'simulated' },
      { key: 'invariant.drift', label: 'Money created (−destroyed)', value: get('invariant.drift'), unit: '', origin: 'simulated' },
    ];
    if (sql !== null) figures.push({ key: 'sql.transfersRun', label: 'Transfers run on PGlite', value: get('sql.transfersRun'), unit: '', origin: 'real' });
    return figures;
  }

  function detail(): Record<string, unknown> {
    const rows = driver.model.committedRows().accounts ?? [];
    return {
      kind: 'transactions-load',
      accounts: rows.map((r) => ({ id: Number(r.id), balance: Number(r.balance), expected: expected[Number(r.id)] ?? 0 })).sort((a, b) => a.id - b.id),
      waits: driver.model.waitEdges(),
      real: { ...real, executed: sql !== null },
      strategy: params.strategy,
      isolation: params.isolation,
    };
  }

  return {
    start() {
      env.process(poissonArrivals(env, arrivalsRng, () => params.arrivalRate as number, () => admit()), 'arrivals');
      env.process(sampler(), 'sampler');
    },
    setParam(key: string, value: ParamValue) {
      params[key] = value;
      env.log('lab', 'set', { [key]: value });
    },
    action(name: string, args: Record<string, unknown>) {
      if (name !== 'burst') throw new Error(`unknown action "${name}"; this lab has: burst`);
      const count = wholeNumberArg('burst', args, 'transfers', 10000);
      env.log('clients', 'burst', { transfers: count });
      for (let i = 0; i < count; i++) admit();
    },
    resetStatistics() {
      statsSince = env.now;
      started = inFlight.size;
      committed = insufficient = injected = gaveUp = otherErrors = 0;
      retries = serializationFailures = deadlockAborts = statements = 0;
      latency.reset();
      lockWait.reset();
      sessionWait.reset();
      blockedAvg.reset(env.now);
      env.log('lab', 'warm-up over');
    },
    metrics,
    snapshot(logSince: number): LabSnapshot {
      const m = metrics();
      return { t: env.now, topology: topology(), particles: particles(), charts: charts(), metrics: m, headline: headline(m), log: env.trace ? env.trace.since(logSince) : [], detail: detail() };
    },
  };
}
