import { LatencyHistogram, TimeWeightedAverage, type Environment, type ProcessGenerator, type Rng } from '../../../engine';
import { wholeNumberArg } from '../../../lab/actionArgs';
import { LiveParams, RememberedRequests, RunStatistics, WindowedSampler, labModel } from '../../../lab/kit';
import type { LabContext, LabModel, SqlBackend } from '../../../lab/labDefinition';
import { NamedSessions } from '../../../models/namedSessions';
import { poissonArrivals } from '../../../models/poissonArrivals';
import { RealStatementBudget } from '../../../models/realStatementBudget';
import { SERIALIZATION_FAILURE } from '../model/sqlError';
import type { TransactionsParams } from '../params';
import { realTransfer, type RealTransferStats } from '../transfer/labTransfer';
import { accountsSetup, demoBalance, openingTotal } from './accounts';
import type { TransactionsLoadDetail } from './detail';
import { EngineDriver, type TimedOutcome } from './engineDriver';
import { overwroteUnread } from './lostUpdate';
import { transactionsCharts, transactionsDetail, transactionsHeadline, transactionsMetrics, transactionsParticles, transactionsTopology } from './project';
import { CONTROL_STATEMENT_MS, ROW_STATEMENT_MS } from './statementCost';
import { attemptTransfer, type AttemptOutcome, type AttemptSession, type TransferOrder } from './transferAttempt';
import { abortName, answerOf, outcomeText, tell, transferDetail, type StoryTransfer } from './transferStory';

/** Real transfers replayed on PGlite per simulated second at most (the rest are only modelled). */
const REAL_TRANSFERS_PER_SECOND = 10;

/** A transfer from its arrival to its end, retries included, with its story for the details panel. */
export interface TransferRun extends TransferOrder, StoryTransfer {
  id: number;
  startedAt: number;
  session: string | null;
  phase: 'waiting for a session' | 'running' | 'blocked';
  phaseStart: number;
  attempts: number;
}

/** An abort (40001 or 40P01) as the load panel lists it, newest last. */
export interface AbortNote {
  t: number;
  transfer: number;
  sqlstate: string;
  attempt: number;
  /** Retried, or the retries were used up. */
  next: 'retry' | 'give up';
}

/** Aborts the load panel lists (the event log holds them all). */
const RECENT_ABORTS = 12;

/** Counters the end of the warm-up zeroes (lost updates are counted since the start). */
const COUNTERS = {
  started: 0,
  committed: 0,
  insufficient: 0,
  injected: 0,
  gaveUp: 0,
  otherErrors: 0,
  retries: 0,
  serializationFailures: 0,
  deadlockAborts: 0,
  statements: 0,
};

/**
 * The load view of the transactions lab: Poisson transfers borrow one of `sessions` connections
 * and move money between accounts chosen by a Zipf law (a few hot rows). Every statement goes to
 * the verified model of PostgreSQL (TxnEngine), which decides who waits, who fails and what each
 * read returns; the engine only adds time (round trips, the cost model, deadlock_timeout).
 * Its state and processes; what the screen and the CLI show of it is in project.ts.
 */
export class TransactionsLoad {
  readonly params: LiveParams<TransactionsParams>;
  readonly accountCount: number;
  readonly driver: EngineDriver;
  readonly sessions: NamedSessions;
  /** Sum of the opening balances. */
  readonly initialTotal: number;
  /** What each balance would be if every committed transfer had been applied exactly once (by account id). */
  readonly expected: number[];
  readonly stats: RunStatistics<typeof COUNTERS>;
  readonly latency: LatencyHistogram;
  readonly lockWait: LatencyHistogram;
  readonly sessionWait: LatencyHistogram;
  readonly blockedAvg: TimeWeightedAverage;
  /** Sessions waiting on a lock now. */
  blockedNow = 0;
  /** Committed writes that replaced a balance their transaction never read, since the start. */
  lostUpdates = 0;
  readonly inFlight = new Map<number, TransferRun>();
  /** Finished transfers kept for their stories (a click on one that just ended still finds it). */
  readonly finished = new RememberedRequests<TransferRun>();
  /** The latest aborts, newest last. */
  readonly recentAborts: AbortNote[] = [];
  /** Which transfer holds each session now, so a lock wait can name the transfer it waits for. */
  private readonly holders = new Map<string, number>();
  readonly real: RealTransferStats = { run: 0, committed: 0, insufficientFunds: 0, injectedFailures: 0, errors: 0, openingSum: null, lastSum: null, sumChanged: false };
  readonly sampler: WindowedSampler;
  private readonly realBudget = new RealStatementBudget(REAL_TRANSFERS_PER_SECOND);
  private nextId = 1;
  private readonly arrivalsRng: Rng;
  private readonly accountsRng: Rng;
  private readonly amountRng: Rng;
  private readonly failureRng: Rng;

  constructor(
    readonly env: Environment,
    readonly sql: SqlBackend | null,
    ctx: LabContext<TransactionsParams>,
  ) {
    this.arrivalsRng = ctx.rng.fork('arrivals');
    this.accountsRng = ctx.rng.fork('accounts');
    this.amountRng = ctx.rng.fork('amounts');
    this.failureRng = ctx.rng.fork('failures');
    this.params = new LiveParams(env, ctx.params);
    this.accountCount = ctx.params.accounts;
    const sessionNames = Array.from({ length: ctx.params.sessions }, (_, i) => `S${i + 1}`);
    this.driver = new EngineDriver(env, accountsSetup(this.accountCount), sessionNames, () => this.params.values.deadlockTimeoutMs);
    this.sessions = new NamedSessions(env, sessionNames);
    this.initialTotal = openingTotal(this.accountCount);
    this.expected = Array.from({ length: this.accountCount + 1 }, (_, id) => (id === 0 ? 0 : demoBalance(id)));
    this.stats = new RunStatistics(env, COUNTERS);
    this.latency = this.stats.histogram();
    this.lockWait = this.stats.histogram();
    this.sessionWait = this.stats.histogram();
    this.blockedAvg = this.stats.timeWeighted(0);
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w) => ({
      p50: w.percentile('lockWait', 50),
      p95: w.percentile('lockWait', 95),
      p99: w.percentile('lockWait', 99),
      throughput: w.perSecond('committed'),
      aborts: w.perSecond('aborts'),
      retries: w.perSecond('retries'),
      lost: this.lostUpdates,
      drift: this.modelTotal() - this.initialTotal,
      blocked: this.blockedNow,
      waitingForSession: this.sessions.waiting,
    }));
  }

  start(): void {
    this.env.process(poissonArrivals(this.env, this.arrivalsRng, () => this.params.values.arrivalRate, () => this.admit()), 'arrivals');
    this.sampler.start();
  }

  /** The `burst` action: N transfers start at once. */
  burst(args: Record<string, unknown>): void {
    const count = wholeNumberArg('burst', args, 'transfers', 10000);
    this.env.log('clients', 'burst', { transfers: count });
    for (let i = 0; i < count; i++) this.admit();
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.started = this.inFlight.size; // those in flight count as transfers of the measured period
    this.env.log('lab', 'warm-up over');
  }

  /** The model's committed sum of balances. */
  modelTotal(): number {
    const rows = this.driver.model.committedRows().accounts ?? [];
    return rows.reduce((sum, r) => sum + Number(r.balance), 0);
  }

  private pickAccount(): number {
    const s = this.params.values.skew;
    return s === 0 ? this.accountsRng.int(1, this.accountCount) : this.accountsRng.zipf(this.accountCount, s);
  }

  private admit(): void {
    const { env, params } = this;
    const from = this.pickAccount();
    let to = this.pickAccount();
    while (to === from) to = this.pickAccount();
    const t: TransferRun = {
      id: this.nextId++,
      from,
      to,
      amount: this.amountRng.int(1, params.values.maxAmount),
      startedAt: env.now,
      session: null,
      phase: 'waiting for a session',
      phaseStart: env.now,
      attempts: 0,
      injectFailure: this.failureRng.chance(params.values.failureRate),
      story: [],
      ended: null,
      endedAt: NaN,
      strategy: params.values.strategy,
      isolation: params.values.isolation,
    };
    tell(t, env.now, `arrives: move ${t.amount} from account ${from} to account ${to}`);
    this.stats.counts.started++;
    this.inFlight.set(t.id, t);
    env.process(this.transfer(t), 'transfer');
  }

  private setBlocked(delta: number): void {
    this.blockedNow += delta;
    this.blockedAvg.set(this.env.now, this.blockedNow);
  }

  /** One statement: half a round trip there, the model's answer (after any lock wait), the work, half a round trip back. */
  private *exec(t: TransferRun, session: string, text: string, rowStatement: boolean): ProcessGenerator<TimedOutcome> {
    const { env } = this;
    const rtt = this.params.values.rttMs;
    if (rtt > 0) yield env.timeout(rtt / 2);
    const pending = this.driver.run(session, text);
    let outcome: TimedOutcome;
    const answeredAtOnce = pending.triggered && (pending.value as TimedOutcome).lockWaitMs === 0;
    if (answeredAtOnce) outcome = (yield pending) as TimedOutcome;
    else {
      t.phase = 'blocked';
      t.phaseStart = env.now;
      tell(t, env.now, `${text}: blocked on a row lock held by ${this.blockers(session)}`);
      this.setBlocked(1);
      outcome = (yield pending) as TimedOutcome;
      this.setBlocked(-1);
      t.phase = 'running';
      t.phaseStart = env.now;
    }
    if (outcome.lockWaitMs > 0) {
      this.lockWait.record(outcome.lockWaitMs);
      this.sampler.window.record('lockWait', outcome.lockWaitMs);
    }
    tell(t, env.now, `${outcome.lockWaitMs > 0 ? `after ${outcome.lockWaitMs.toFixed(2)} ms: ` : ''}${text} → ${answerOf(outcome)}`);
    yield env.timeout((rowStatement ? ROW_STATEMENT_MS : CONTROL_STATEMENT_MS) + rtt / 2);
    this.stats.counts.statements++;
    return outcome;
  }

  /** Who `session` waits for now, as transfers (the model's wait-for edges). */
  private blockers(session: string): string {
    const names = this.driver.model
      .waitEdges()
      .filter((e) => e.from === session)
      .map((e) => {
        const holder = this.holders.get(e.to);
        return holder === undefined ? e.to : `transfer #${holder} (${e.to})`;
      });
    return names.length === 0 ? 'another session' : [...new Set(names)].join(', ');
  }

  private attemptSession(t: TransferRun, session: string): AttemptSession {
    return {
      env: this.env,
      params: this.params.values,
      exec: (text, rowStatement) => this.exec(t, session, text, rowStatement),
      overwroteUnread: (id, readValue) => overwroteUnread(this.driver.model, session, id, readValue),
    };
  }

  /** A transfer: wait for a session, attempt it until it commits, fails for good or runs out of retries. */
  private *transfer(t: TransferRun): ProcessGenerator<void> {
    const { env, stats } = this;
    const lease = yield* this.sessions.borrow();
    this.sessionWait.record(env.now - t.startedAt);
    tell(t, env.now, env.now > t.startedAt ? `gets session ${lease.name} after waiting ${(env.now - t.startedAt).toFixed(2)} ms for one` : `gets session ${lease.name} at once`);
    this.holders.set(lease.name, t.id);
    t.session = lease.name;
    t.phase = 'running';
    t.phaseStart = env.now;
    const session = this.attemptSession(t, lease.name);
    let outcome: AttemptOutcome;
    for (;;) {
      t.attempts++;
      t.strategy = this.params.values.strategy;
      t.isolation = this.params.values.isolation;
      tell(t, env.now, `attempt ${t.attempts}: ${t.strategy} at ${t.isolation.toUpperCase()}`);
      const result = yield* attemptTransfer(session, t);
      outcome = result.outcome;
      this.lostUpdates += result.lostUpdates;
      if (typeof outcome === 'object' && 'retry' in outcome) {
        if (outcome.retry === SERIALIZATION_FAILURE) stats.counts.serializationFailures++;
        else stats.counts.deadlockAborts++;
        this.sampler.window.count('aborts');
        this.noteAbort(t, outcome.retry, t.attempts <= this.params.values.maxRetries ? 'retry' : 'give up');
        if (t.attempts <= this.params.values.maxRetries) {
          stats.counts.retries++;
          this.sampler.window.count('retries');
          continue;
        }
      }
      break;
    }
    this.holders.delete(lease.name);
    this.sessions.giveBack(lease);
    this.driver.compactIfIdle();
    this.count(t, outcome);
    this.latency.record(env.now - t.startedAt);
    t.ended = outcome;
    t.endedAt = env.now;
    tell(t, env.now, outcomeText(t));
    this.inFlight.delete(t.id);
    this.finished.remember(t.id, t);
    // The same transfer, for real, on PGlite (a sample; an event with no work when model-only, so the metrics are identical).
    const sql = this.sql;
    const replay = sql !== null && this.realBudget.take(env.now);
    yield env.external(replay ? () => realTransfer(sql, t, this.real) : null, null);
  }

  /** An abort (40001, 40P01): in the event log, in the transfer's story and in the panel's list. */
  private noteAbort(t: TransferRun, sqlstate: string, next: AbortNote['next']): void {
    const { env } = this;
    env.log(`transfer-${t.id}`, sqlstate === SERIALIZATION_FAILURE ? 'serialization failure' : 'deadlock victim', { sqlstate, attempt: t.attempts, next });
    tell(t, env.now, `aborted: ${abortName(sqlstate)}; ${next === 'retry' ? 'the application rolls back and retries' : `no retries left (${this.params.values.maxRetries} allowed)`}`);
    this.recentAborts.push({ t: env.now, transfer: t.id, sqlstate, attempt: t.attempts, next });
    if (this.recentAborts.length > RECENT_ABORTS) this.recentAborts.shift();
  }

  /** A transfer in flight or among the last finished, or undefined if forgotten. */
  transferById(id: number): TransferRun | undefined {
    return this.inFlight.get(id) ?? this.finished.get(id);
  }

  private count(t: TransferRun, outcome: AttemptOutcome): void {
    const { counts } = this.stats;
    if (outcome === 'committed') {
      counts.committed++;
      this.sampler.window.count('committed');
      this.expected[t.from]! -= t.amount;
      this.expected[t.to]! += t.amount;
    } else if (outcome === 'insufficient funds') counts.insufficient++;
    else if (outcome === 'injected failure') counts.injected++;
    else if ('retry' in outcome) {
      counts.gaveUp++;
      this.env.log(`transfer-${t.id}`, 'gave up', { after: t.attempts, sqlstate: outcome.retry });
    } else {
      counts.otherErrors++;
      this.env.log(`transfer-${t.id}`, 'failed', { error: outcome.error });
    }
  }
}

/** The transactions lab's load model (see {@link TransactionsLoad}). */
export function createTransactionsLoadModel(ctx: LabContext<TransactionsParams>): LabModel<TransactionsParams, TransactionsLoadDetail> {
  const load = new TransactionsLoad(ctx.env, ctx.sql, ctx);
  return labModel(
    ctx.env,
    load,
    { metrics: transactionsMetrics, topology: transactionsTopology, particles: transactionsParticles, charts: transactionsCharts, headline: transactionsHeadline, detail: transactionsDetail },
    {
      action(name, args) {
        if (name !== 'burst') throw new Error(`unknown action "${name}"; this lab has: burst`);
        load.burst(args);
      },
      inspect(requestId) {
        const t = load.transferById(requestId);
        return t === undefined ? null : transferDetail(t, ctx.env.now);
      },
    },
  );
}
