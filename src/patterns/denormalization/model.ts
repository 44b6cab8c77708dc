import type { Environment, LatencyHistogram, ProcessGenerator, Rng } from '../../engine';
import type { LabContext, LabModel } from '../../lab/labDefinition';
import { LiveParams, RememberedRequests, RunStatistics, WindowedSampler, labModel, type LabWorld } from '../../lab/kit';
import { DatabaseCpu } from '../../models/databaseCpu';
import { poissonArrivals } from '../../models/poissonArrivals';
import { denormCosts } from './costs';
import type { DenormDetail } from './detail';
import type { DenormParams } from './params';
import { denormProjection, requestIdOfParticle } from './project';
import { copyRelation, RealSql } from './realSql';
import { Refresher, type RefreshRecord } from './refresher';
import { arrivingRequest, type DenormRequest, type OrderLine, type RequestKind, type RequestPhase } from './requests';
import { CopyTable, RowBook, truthSource, viewAt, type RowSource } from './rowBook';
import { READ_SQL } from './sql';
import { requestStory } from './stories';
import { CopyQueue, writeFlow } from './writes';
import { VIEW_LOCK } from './locks';

/** The database's cores: statements beyond this many share them (the pooling lab's contention model). */
export const DB_CORES = 4;
/** The drift check runs this long before the end, on the last state of the run. */
const DRIFT_CHECK_BEFORE_END_MS = 1;
/** Drifted lines listed for the view. */
const DRIFT_LIST = 12;

const COUNTERS = {
  arrived: 0,
  completed: 0,
  failed: 0,
  reads: 0,
  staleReads: 0,
  writes: 0,
  copyUpdates: 0,
  copiesForgotten: 0,
  refreshes: 0,
  refreshesRefused: 0,
  readersBlocked: 0,
};

/** The drift check at the end: PGlite's count (SQL runs) and the model's. */
export interface DriftCheck {
  at: number;
  real: number | null;
  model: number;
}

/**
 * The denormalization lab's world: customers' order lines read through the read model chosen (the
 * 4-join live, a copy kept by the application or by triggers, a materialized view), while writes
 * (new orders, price changes, renamed customers) change the five tables the copies must follow.
 * Every write really lands on the primary, refreshes really run, the copy's drift is counted with
 * EXCEPT at the end; the model keeps the same rows in version numbers (rowBook.ts), so a run
 * without SQL gives the same figures.
 */
export class DenormWorld implements LabWorld<DenormParams> {
  readonly params: LiveParams<DenormParams>;
  /** Fixed for the run: the copy is built for them at the start. */
  readonly readModel: DenormParams['readModel'];
  readonly uniqueIndex: boolean;
  readonly book: RowBook;
  readonly copy: CopyTable | null;
  readonly refresher: Refresher | null;
  readonly cpu: DatabaseCpu;
  readonly sql: RealSql;
  readonly queue: CopyQueue;
  readonly stats: RunStatistics<typeof COUNTERS>;
  readonly readLatency: LatencyHistogram;
  readonly writeLatency: LatencyHistogram;
  readonly staleness: LatencyHistogram;
  readonly refreshMs: LatencyHistogram;
  readonly sampler: WindowedSampler;
  /** The most readers queued on the view's lock at once since the last chart sample (a plain refresh blocks them for ~23 ms, between samples). */
  private mostBlocked = 0;
  readonly inFlight = new Map<number, DenormRequest>();
  readonly finished = new RememberedRequests<DenormRequest>();
  /** Sizes on disk: measured on PGlite at the start of a run with SQL, else the stored measurement. */
  storage: { baseBytes: number; copyBytes: number; origin: 'real' | 'stored' };
  setupError: string | null = null;
  driftCheck: DriftCheck | null = null;
  /** Each write's kind, counted (for the diagram's arrows). */
  readonly writesByKind: Record<Exclude<RequestKind, 'read'>, number> = { newOrder: 0, changePrice: 0, renameCustomer: 0 };
  private schedulerGeneration = 0;
  private nextId = 1;
  private readonly rng: { arrivals: Rng; mix: Rng; keys: Rng; bugs: Rng; values: Rng };
  private driftCache: { at: number; value: ReturnType<RowBook['drift']> } | null = null;

  constructor(
    readonly env: Environment,
    readonly ctx: LabContext<DenormParams>,
  ) {
    const p = ctx.params;
    this.readModel = p.readModel;
    this.uniqueIndex = p.uniqueIndex;
    this.rng = { arrivals: ctx.rng.fork('arrivals'), mix: ctx.rng.fork('mix'), keys: ctx.rng.fork('keys'), bugs: ctx.rng.fork('bugs'), values: ctx.rng.fork('values') };
    this.params = new LiveParams(env, p, {
      refresh: () => this.restartScheduler(),
      refreshIntervalS: () => this.restartScheduler(),
    });
    this.cpu = new DatabaseCpu(env, DB_CORES);
    this.sql = new RealSql(env, ctx.sql);
    this.book = new RowBook(denormCosts.facts);
    this.copy = p.readModel === 'denormalized-table' || p.readModel === 'trigger-maintained' ? new CopyTable(this.book) : null;
    this.stats = new RunStatistics(env, COUNTERS);
    this.readLatency = this.stats.histogram();
    this.writeLatency = this.stats.histogram();
    this.staleness = this.stats.histogram();
    this.refreshMs = this.stats.histogram();
    this.refresher = p.readModel === 'materialized-view' ? new Refresher(env, this.cpu, this.sql, this.book, p.uniqueIndex, (r) => this.refreshed(r)) : null;
    this.queue = new CopyQueue(env);
    this.storage = { ...storedStorage(p), origin: 'stored' };
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w) => ({
      readP50: w.recorded('read') > 0 ? w.percentile('read', 50) : null,
      readP99: w.recorded('read') > 0 ? w.percentile('read', 99) : null,
      writeP99: w.recorded('write') > 0 ? w.percentile('write', 99) : null,
      stalenessS: w.recorded('staleness') > 0 ? w.percentile('staleness', 50) / 1000 : null,
      stalenessP99S: w.recorded('staleness') > 0 ? w.percentile('staleness', 99) / 1000 : null,
      blockedReaders: this.takeMostBlocked(),
      queued: this.queue.length,
    }));
  }

  start(): void {
    const { env } = this;
    env.process(this.setUp(), 'setup');
    env.process(poissonArrivals(env, this.rng.arrivals, () => this.params.values.arrivalRate, () => this.admit(this.drawKind())), 'arrivals');
    env.process(this.queue.worker(this), 'copy-queue');
    this.restartScheduler();
    env.process(this.checkDriftAtEnd(), 'drift-check');
    this.sampler.start();
  }

  private *setUp(): ProcessGenerator<void> {
    const measured = yield* this.sql.setUp(this.params.values);
    if (measured === null) return;
    if (measured.error !== undefined) {
      this.setupError = measured.error;
      this.env.log('primary', 'setup failed', { message: measured.error });
      return;
    }
    this.storage = { baseBytes: measured.baseBytes, copyBytes: measured.copyBytes, origin: 'real' };
    this.env.log('primary', 'copy built', { readModel: this.readModel, copyBytes: measured.copyBytes });
  }

  /** Where reads read, as version numbers (the truth itself for the normalized read). */
  readSource(): RowSource {
    if (this.copy) return this.copy;
    if (this.refresher) return this.refresher.view;
    return truthSource(this.book);
  }

  /** What the drift check compares with the truth: a refresh under way counts as done (PGlite ran it at its snapshot). */
  private driftSource(): RowSource {
    if (this.refresher) return viewAt(this.book, this.refresher.latestSnapshot);
    return this.readSource();
  }

  /** Lines that differ now between the copy and the truth (none for the normalized read), cached per instant. */
  drift(): ReturnType<RowBook['drift']> {
    if (this.driftCache?.at !== this.env.now) this.driftCache = { at: this.env.now, value: this.readModel === 'normalized' ? { rows: 0, listed: [], byReason: { missing: 0, customer_name: 0, product_price: 0 } } : this.book.drift(this.driftSource(), DRIFT_LIST) };
    return this.driftCache.value;
  }

  private *checkDriftAtEnd(): ProcessGenerator<void> {
    yield this.env.timeout(Math.max(0, this.ctx.durationMs - DRIFT_CHECK_BEFORE_END_MS));
    const relation = copyRelation(this.readModel);
    const model = this.drift().rows;
    const real = relation === null ? null : yield* this.sql.countDrift(relation);
    this.driftCheck = { at: this.env.now, real, model };
    this.env.log('primary', 'drift counted', { model, ...(real !== null ? { pglite: real } : {}) });
    if (real !== null && real !== model) this.env.log('primary', 'drift on PGlite differs from the model', { pglite: real, model });
  }

  private drawKind(): RequestKind {
    const { mix } = this.rng;
    if (!mix.chance(this.params.values.writeFraction)) return 'read';
    const u = mix.random();
    return u < 0.5 ? 'newOrder' : u < 0.75 ? 'changePrice' : 'renameCustomer';
  }

  /** A request arrives now; a write's customer, product and values are drawn here, so scripted ones draw alike. */
  admit(kind: RequestKind, fixed: { customer?: number; product?: number } = {}): DenormRequest {
    const { keys, values } = this.rng;
    const customer = fixed.customer ?? keys.int(1, this.params.values.customers);
    const product = kind === 'changePrice' ? (fixed.product ?? keys.int(1, denormCosts.facts.products)) : 0;
    const lines: OrderLine[] = [];
    if (kind === 'newOrder') {
      const n = values.int(1, 3);
      for (let i = 0; i < n; i++) lines.push({ product: values.int(1, denormCosts.facts.products), quantity: values.int(1, 4) });
    }
    const priceStepCents = kind === 'changePrice' ? values.int(1, 200) : 0;
    const r = arrivingRequest(this.nextId++, kind, customer, product, this.env.now, { lines, priceStepCents });
    this.stats.counts.arrived++;
    this.inFlight.set(r.id, r);
    if (kind === 'read') {
      this.env.process(this.read(r), 'read');
    } else {
      this.writesByKind[kind]++;
      if (this.readModel === 'denormalized-table') r.copyForgotten = this.rng.bugs.chance(this.params.values.syncBugRate);
      this.env.process(writeFlow(this, r), 'write');
    }
    return r;
  }

  setPhase(r: DenormRequest, phase: RequestPhase, ms = 0): void {
    r.phase = phase;
    r.phaseStart = this.env.now;
    r.phaseEnd = this.env.now + ms;
  }

  step(r: DenormRequest, what: string): void {
    if (r.steps.length < 40) r.steps.push({ t: this.env.now, what });
  }

  /** Half a round trip, out or back. */
  *leg(r: DenormRequest, phase: 'out' | 'back'): ProcessGenerator<void> {
    const half = this.params.values.networkRttMs / 2;
    if (phase === 'out') r.legs++;
    this.setPhase(r, phase, half);
    if (half > 0) yield this.env.timeout(half);
  }

  private readSql(): string {
    if (this.copy) return READ_SQL.copy;
    return this.refresher ? READ_SQL.view : READ_SQL.normalized;
  }

  private readCostMs(customer: number): number {
    const reads = denormCosts.reads;
    return (this.copy ? reads.copy : this.refresher ? reads.view : reads.normalized)[customer - 1]!;
  }

  private readersWaiting(): number {
    return this.refresher?.lock.waiters.filter((r) => r.owner.startsWith('read-')).length ?? 0;
  }

  /** For the chart: the most readers waiting at once since the last sample (then start again from those waiting now). */
  private takeMostBlocked(): number {
    const most = Math.max(this.mostBlocked, this.readersWaiting());
    this.mostBlocked = this.readersWaiting();
    return most;
  }

  /** One read: the view's lock if it reads the view, its snapshot, its plan's cost on the CPU. */
  private *read(r: DenormRequest): ProcessGenerator<void> {
    const { env } = this;
    r.sql = this.readSql();
    r.params = [r.customer];
    yield* this.leg(r, 'out');
    const lock = this.refresher?.lock.acquire(VIEW_LOCK.read, `read-${r.id}`) ?? null;
    if (lock !== null && !lock.holding) {
      this.setPhase(r, 'lock-wait');
      this.stats.counts.readersBlocked++;
      this.refresher!.blockedReader();
      this.mostBlocked = Math.max(this.mostBlocked, this.readersWaiting());
      this.step(r, `waits for the view's lock behind ${lock.blockedBy.join(', ')}`);
      yield lock.granted;
      r.lockWaitMs = env.now - r.phaseStart;
    }
    // What the read sees is fixed when it starts executing (its snapshot).
    const oldest = this.readSource().oldestUnseen(r.customer);
    r.stalenessMs = oldest === Infinity ? 0 : env.now - oldest;
    const real = this.sql.readRunsForReal();
    r.executed = real ? 'real' : 'modelled';
    const cost = this.readCostMs(r.customer);
    this.setPhase(r, 'executing', cost);
    this.step(r, r.stalenessMs > 0 ? `reads a copy ${(r.stalenessMs / 1000).toFixed(3)} s behind the truth` : 'reads data that reflects every committed change');
    const outcome = yield* this.sql.run([[r.sql, r.params]], real);
    if (real) r.rows = outcome.rows.slice(0, 20);
    yield this.cpu.run(cost);
    if (lock !== null) this.refresher!.lock.release(lock);
    yield* this.leg(r, 'back');
    this.stats.counts.reads++;
    if (r.stalenessMs > 0) this.stats.counts.staleReads++;
    this.staleness.record(r.stalenessMs);
    this.sampler.window.record('staleness', r.stalenessMs);
    this.finish(r, this.readLatency, 'read');
  }

  finish(r: DenormRequest, latency: LatencyHistogram, series: 'read' | 'write'): void {
    const ms = this.env.now - r.arrivedAt;
    latency.record(ms);
    this.sampler.window.record(series, ms);
    this.setPhase(r, 'done');
    r.endedAt = this.env.now;
    this.stats.counts.completed++;
    this.inFlight.delete(r.id);
    this.finished.remember(r.id, r);
  }

  private refreshed(r: RefreshRecord): void {
    if (r.error !== null) {
      this.stats.counts.refreshesRefused++;
      return;
    }
    this.stats.counts.refreshes++;
    this.refreshMs.record(r.endedAt - r.startedAt);
  }

  /** The scheduler of scheduled refreshes, started again when the strategy or the interval changes. */
  private restartScheduler(): void {
    const generation = ++this.schedulerGeneration;
    const p = this.params.values;
    if (this.refresher === null || (p.refresh !== 'scheduled' && p.refresh !== 'concurrently') || !(p.refreshIntervalS > 0)) return;
    this.env.process(this.scheduledRefreshes(this.refresher, generation), 'refresh-scheduler');
  }

  /** Every interval, a refresh of the form in force, until the scheduler is started again. */
  private *scheduledRefreshes(refresher: Refresher, generation: number): ProcessGenerator<void> {
    for (;;) {
      yield this.env.timeout(this.params.values.refreshIntervalS * 1000);
      if (generation !== this.schedulerGeneration) return;
      const form = this.params.values.refresh === 'concurrently' ? 'concurrently' : 'plain';
      this.env.process(refresher.refresh(form, 'schedule', 'scheduler'), 'refresh');
    }
  }

  /** The refreshNow action: a refresh of the form in force, now. */
  refreshNow(): void {
    if (this.refresher === null) throw new Error(`refreshNow: the read model "${this.readModel}" has no materialized view to refresh`);
    const form = this.params.values.refresh === 'concurrently' ? 'concurrently' : 'plain';
    this.env.log('view', 'refresh asked', { form });
    this.env.process(this.refresher.refresh(form, 'manual', 'operator'), 'refresh');
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.arrived = this.inFlight.size; // those in flight count as arrivals of the measured period
    this.cpu.resetStatistics();
    this.env.log('lab', 'warm-up over');
  }

  requestById(id: number): DenormRequest | undefined {
    return this.inFlight.get(id) ?? this.finished.get(id);
  }
}

/** The sizes measured once on PGlite (costs.ts), for runs without SQL. */
function storedStorage(p: Pick<DenormParams, 'readModel' | 'uniqueIndex'>): { baseBytes: number; copyBytes: number } {
  const s = denormCosts.storage;
  const copyBytes = p.readModel === 'normalized' ? 0 : p.readModel === 'materialized-view' ? (p.uniqueIndex ? s.viewBytes : s.viewBytesWithoutKey) : s.copyBytes;
  return { baseBytes: s.baseBytes, copyBytes };
}

/** Whole numbers in a range, or an Error naming the action and the argument. */
function wholeIn(action: string, args: Record<string, unknown>, key: string, max: number): number | undefined {
  const value = args[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) throw new Error(`${action}: expected "${key}" to be a whole number from 1 to ${max}, found ${JSON.stringify(value)}`);
  return value;
}

/** The denormalization lab's model: the world above and the projection of it the screen shows. */
export function createDenormModel(ctx: LabContext<DenormParams>): LabModel<DenormParams, DenormDetail> {
  const world = new DenormWorld(ctx.env, ctx);
  return labModel(ctx.env, world, denormProjection, {
    action(name, args) {
      switch (name) {
        case 'refreshNow':
          world.refreshNow();
          return;
        case 'renameCustomer':
          world.admit('renameCustomer', { customer: wholeIn(name, args, 'customer', denormCosts.facts.customers) });
          return;
        case 'changePrice':
          world.admit('changePrice', { product: wholeIn(name, args, 'product', denormCosts.facts.products) });
          return;
        default:
          throw new Error(`unknown action "${name}"; this lab has: refreshNow, renameCustomer, changePrice`);
      }
    },
    inspect(particleId) {
      const r = world.requestById(requestIdOfParticle(particleId));
      return r ? requestStory(r, world) : null;
    },
  });
}
