import type { Environment, ProcessGenerator } from '../../engine';
import type { LabContext, LabModel } from '../../lab/labDefinition';
import { LiveParams, RememberedRequests, RunStatistics, WindowedSampler, labModel } from '../../lab/kit';
import { DatabaseCpu } from '../../models/databaseCpu';
import { batchCosts as storedCosts, type BatchCosts } from './batchCosts';
import type { BatchDetail, RealLoadState } from './detail';
import { GroupCommit } from './groupCommit';
import { loadSettingsOf, roundTripsOf, roundTripStatementMs, summarizeLoad, writerShares, type LoadSettings, type LoadSummary, type PlannedRoundTrip, type PlannedUnit, type WriterShare } from './loadPlan';
import type { BatchParams } from './params';
import { batchProjection } from './project';
import { RealLoad, type TableCheck, type UnitOutcome } from './realLoad';
import { roundTripStory, type TripRecord } from './roundTripStory';
import { LandedRows, LoadTimeline } from './timeline';
import { firstIdOf } from './loadTable';

/** The database server's cores (statements of parallel writers share them). */
export const DB_CORES = 4;

/** A round trip on its way, for the particles. */
export interface TripInFlight extends TripRecord {
  phase: 'out' | 'server' | 'back';
  phaseStart: number;
  phaseEnd: number;
}

/** Test seam: other statement costs. */
export interface BatchModelOptions {
  costs?: BatchCosts;
}

/**
 * The batch lab's state and processes: `concurrency` writers load their shares of the rows with
 * `method`, each round trip paying the network, its statements' costs on a database with
 * {@link DB_CORES} cores, and a durable commit if it commits; with SQL every unit also runs on
 * the real primary and the table is counted at the end. What the screen and the CLI show of it
 * is in project.ts.
 */
export class BatchLoad {
  readonly params: LiveParams<BatchParams>;
  readonly settings: LoadSettings;
  readonly plan: LoadSummary;
  readonly shares: WriterShare[];
  readonly cpu: DatabaseCpu;
  readonly commits: GroupCommit;
  readonly stats: RunStatistics<{ statements: number; roundTrips: number; commits: number; rowsCommitted: number; rowsRolledBack: number }>;
  /** Writer-milliseconds on the network, running statements and waiting for commits. */
  readonly time = { network: 0, statements: 0, commits: 0 };
  readonly timeline: LoadTimeline;
  readonly landed: LandedRows;
  readonly sampler: WindowedSampler;
  readonly inFlight = new Map<number, TripInFlight>();
  readonly finished = new RememberedRequests<TripInFlight>();
  readonly real: RealLoadState;
  finishedAt: number | null = null;
  check: TableCheck | null = null;
  readonly runMs: number;
  private readonly costs: BatchCosts;
  private readonly realLoad: RealLoad | null;
  /** Whether the load really runs on PGlite (false: model-only). */
  readonly withSql: boolean;
  private nextTrip = 1;

  constructor(
    readonly env: Environment,
    ctx: LabContext<BatchParams>,
    options: BatchModelOptions = {},
  ) {
    this.costs = options.costs ?? storedCosts;
    this.runMs = ctx.durationMs;
    this.params = new LiveParams(env, ctx.params);
    const p = ctx.params;
    this.settings = loadSettingsOf(p);
    this.plan = summarizeLoad(this.settings, this.costs, p.networkRttMs, p.commitMs);
    this.shares = writerShares(p.rows, p.concurrency);
    this.cpu = new DatabaseCpu(env, DB_CORES);
    this.commits = new GroupCommit(env, p.commitMs);
    this.stats = new RunStatistics(env, { statements: 0, roundTrips: 0, commits: 0, rowsCommitted: 0, rowsRolledBack: 0 });
    this.timeline = new LoadTimeline(this.plan.writers.map((w) => w.roundTrips));
    this.landed = new LandedRows(Math.max(this.plan.totalMs, 1) / 400);
    this.realLoad = ctx.sql === null ? null : new RealLoad(ctx.sql, this.settings);
    this.withSql = this.realLoad !== null;
    this.real = { phase: ctx.sql === null ? 'off' : 'ready', error: null, mismatch: null, loaded: null, total: null, match: null };
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w) => ({
      rows: this.stats.counts.rowsCommitted,
      roundTripsPerS: w.perSecond('roundTrips'),
      rowsPerS: w.perSecond('rows'),
    }));
  }

  start(): void {
    this.env.process(this.load(), 'load');
    this.sampler.start();
  }

  /** Make the table, let the writers load their shares, then count the table. */
  private *load(): ProcessGenerator<void> {
    const { env } = this;
    const real = this.realLoad;
    if (real) this.real.phase = 'setting-up';
    const setup = (yield env.external(real ? () => real.setup().then(() => null, (e: Error) => e.message) : null, null)) as string | null;
    if (setup !== null) {
      this.real.error = `the table could not be made: ${setup}`;
      env.log('primary', 'setup failed', { message: setup });
      return;
    }
    if (real) this.real.phase = 'loading';
    env.log('load', 'started', { method: this.settings.method, rows: this.settings.rows, writers: this.shares.length });
    yield env.allOf(this.shares.map((share) => env.process(this.writer(share), `writer-${share.writer}`)));
    this.finishedAt = env.now;
    env.log('load', 'finished', { totalMs: env.now, rowsCommitted: this.stats.counts.rowsCommitted });
    // The check is yielded with or without a database (its work is then none): a run's events are
    // the same either way, so a run that played model-only while its node booted replays onto it.
    if (real) this.real.phase = 'checking';
    const checking = real
      ? () => {
          const { kept, expectedTotal } = this.expectedTable();
          return real.check(kept, expectedTotal).catch((e: Error) => e.message);
        }
      : null;
    const check = (yield env.external(checking, null)) as TableCheck | string | null;
    if (!real) return;
    if (typeof check === 'string' || check === null) {
      this.real.error ??= `the table could not be counted: ${String(check)}`;
      return;
    }
    this.check = check;
    Object.assign(this.real, { phase: 'checked', loaded: check.loaded, total: check.total, match: check.match && this.real.mismatch === null });
    env.log('primary', check.match ? 'table as expected' : 'table differs', { loaded: check.loaded, total: check.total });
  }

  /** Each writer's kept rows as ranges, and the table's size the plan implies. */
  private expectedTable(): { kept: [number, number][]; expectedTotal: number } {
    const kept: [number, number][] = [];
    let added = 0;
    const firstId = firstIdOf(this.settings.operation, this.settings.customers, this.settings.rows);
    this.shares.forEach((share, w) => {
      const n = this.plan.writers[w]!.keptRows;
      if (n === 0) return;
      kept.push([share.firstRow, share.firstRow + n - 1]);
      // New rows: every kept row of an insert; those of an upsert whose id is past the existing ones.
      if (this.settings.operation === 'insert') added += n;
      if (this.settings.operation === 'upsert') {
        for (let i = share.firstRow; i < share.firstRow + n; i++) if (firstId + i - 1 > this.settings.customers) added++;
      }
    });
    return { kept, expectedTotal: this.settings.customers + added };
  }

  private *writer(share: WriterShare): ProcessGenerator<void> {
    const { env } = this;
    // The plan ends a writer's round trips at its first error (after the rollback, if any).
    for (const trip of roundTripsOf(this.settings, share)) {
      yield* this.roundTrip(share.writer, trip);
      if (trip.unit === null) continue;
      yield* this.endUnit(share.writer, trip.unit);
      if (trip.unit.fails) env.log(`writer-${share.writer}`, 'stopped at the first error', { row: this.settings.badRowAt, rolledBack: trip.unit.rolledBackRows });
    }
  }

  /** One round trip: half the RTT out, the statements, the commit, half the RTT back. */
  private *roundTrip(writer: number, trip: PlannedRoundTrip): ProcessGenerator<void> {
    const { env } = this;
    const half = this.params.values.networkRttMs / 2;
    const work = roundTripStatementMs(this.settings, this.costs, trip);
    const t: TripInFlight = { id: this.nextTrip++, writer, trip, t0: env.now, networkMs: 2 * half, ranMs: 0, committedMs: 0, t1: NaN, phase: 'out', phaseStart: env.now, phaseEnd: env.now + half };
    this.inFlight.set(t.id, t);
    if (half > 0) yield env.timeout(half);
    Object.assign(t, { phase: 'server', phaseStart: env.now, phaseEnd: env.now + work });
    const ranFrom = env.now;
    yield this.cpu.run(work);
    t.ranMs = env.now - ranFrom;
    if (trip.commit) {
      const commitFrom = env.now;
      yield this.commits.commit();
      t.committedMs = env.now - commitFrom;
    }
    Object.assign(t, { phase: 'back', phaseStart: env.now, phaseEnd: env.now + half });
    if (half > 0) yield env.timeout(half);
    t.t1 = env.now;
    this.record(t);
  }

  private record(t: TripInFlight): void {
    const { stats } = this;
    const { trip, networkMs: network } = t;
    stats.counts.roundTrips++;
    stats.counts.statements += trip.statements.length;
    if (trip.commit) stats.counts.commits++;
    stats.counts.rowsCommitted += trip.rowsCommitted;
    this.time.network += network;
    this.time.statements += t.ranMs;
    this.time.commits += t.committedMs;
    this.sampler.window.count('roundTrips');
    this.sampler.window.count('rows', trip.rowsCommitted);
    const rows = trip.statements.reduce((n, s) => n + s.rows, 0);
    this.timeline.add(t.writer, { t0: t.t0, t1: t.t1, network, statements: t.ranMs, commit: t.committedMs, rows, committedRows: trip.rowsCommitted, failed: trip.failed });
    if (trip.rowsCommitted > 0) this.landed.record(t.t1, stats.counts.rowsCommitted);
    this.inFlight.delete(t.id);
    this.finished.remember(t.id, t);
  }

  /** A unit is over: count what it rolled back, and with SQL run it on the primary and compare. */
  private *endUnit(writer: number, unit: PlannedUnit): ProcessGenerator<void> {
    const { env } = this;
    this.stats.counts.rowsRolledBack += unit.rolledBackRows;
    const real = this.realLoad;
    const outcome = (yield env.external(real ? () => real.run(unit).catch((e: Error): UnitOutcome => ({ failedAt: -2, message: e.message })) : null, null)) as UnitOutcome | null;
    if (outcome === null) return;
    if (outcome.message !== null && this.real.error === null) {
      this.real.error = outcome.message;
      env.log('primary', 'error', { writer, message: outcome.message });
    }
    const expected = unit.fails ? unit.statements.length - 1 : -1;
    if (outcome.failedAt !== expected && this.real.mismatch === null) {
      this.real.mismatch = `writer ${writer + 1}: the model expected ${expected < 0 ? 'no error' : `statement ${expected + 1} to fail`}, PostgreSQL answered ${outcome.failedAt < 0 ? 'no error' : `an error at statement ${outcome.failedAt + 1}`}`;
      env.log('primary', 'real outcome differs from the model', { message: this.real.mismatch });
    }
  }

  /** A round trip in flight or among the last finished. */
  tripById(id: number): TripInFlight | undefined {
    return this.inFlight.get(id) ?? this.finished.get(id);
  }

  /** A load is one job: its statistics are never reset (a warm-up would only hide its start). */
  resetStatistics(): void {
    this.env.log('lab', 'warm-up ignored: a load is measured whole');
  }

  detail(): BatchDetail {
    return {
      lanes: this.timeline.lanesNow(),
      landed: this.landed.pointsNow(),
      plannedMs: this.plan.totalMs,
      runMs: this.runMs,
      finishedAt: this.finishedAt,
      rowsCommitted: this.stats.counts.rowsCommitted,
      rowsExpected: this.plan.keptRows,
      rowsRolledBack: this.stats.counts.rowsRolledBack,
      real: { ...this.real },
    };
  }
}

/** The batch lab's model: a load of rows by one method, timed round trip by round trip, and really run on PGlite. */
export function createBatchModel(ctx: LabContext<BatchParams>, options: BatchModelOptions = {}): LabModel<BatchParams, BatchDetail> {
  const load = new BatchLoad(ctx.env, ctx, options);
  return labModel(ctx.env, load, batchProjection, {
    inspect(id) {
      const t = load.tripById(id);
      return t ? roundTripStory(t, load.settings, load.withSql) : null;
    },
  });
}
