import { sample, type Distribution, type Environment, type ProcessGenerator, type Rng } from '../../engine';
import type { LabContext, LabModel } from '../../lab/labDefinition';
import { LiveParams, RememberedRequests, RunStatistics, WindowedSampler, labModel } from '../../lab/kit';
import { failOver } from '../../models/failover';
import { HealthChecks } from '../../models/healthChecks';
import { poissonArrivals } from '../../models/poissonArrivals';
import { commitOnPrimary } from '../../models/primaryCommit';
import { ReadWriteRouter } from '../../models/readWriteRouter';
import { ReplicaSet } from '../../models/replicaSet';
import type { ReplicationNode } from '../../models/replicationNode';
import { RowVersions, type RowVersion } from '../../models/rowVersions';
import { replicationAction } from './actions';
import type { Fault, LostCommit, ReplicationDetail } from './detail';
import type { ReplicationParams } from './params';
import { replicationProjection, replicationSample } from './project';
import { RealSql } from './realSql';
import { readOnNode } from './reads';
import type { ReadRequest, Request, WriteRequest } from './requests';
import { replicationDelay } from './replicationDelay';
import { inspectReplicationRequest } from './stories';
import { REPLICATION_DATASET, WRITE_MS, WRITE_SQL, writtenName } from './statements';

/** Stale reads kept for the view's list. */
const REMEMBERED_STALE = 40;
/** Faults and failed requests kept for the view and the particles. */
const REMEMBERED_FAULTS = 60;
/** Lost commits kept for the view (the count is exact). */
const REMEMBERED_LOST_COMMITS = 500;
/** Zipf exponent of which customer a session touches: a few popular rows get most reads and writes. */
const POPULARITY_SKEW = 1;

function delayDistribution(p: ReplicationParams): Distribution {
  return replicationDelay(p.replicationDelayDist, p.replicationDelayMs);
}

/**
 * The replication lab: a primary and `replicas` standbys that replay its changes after a
 * replication delay (a replica set), a router that sends writes to the primary and reads to
 * replicas, health checks and failover, sessions that write and read back their own change, and
 * the faults that make it interesting. Its state and processes; what the screen and the CLI show
 * of it is in project.ts and stories.ts.
 */
export class ReplicationModel {
  readonly params: LiveParams<ReplicationParams>;
  readonly set: ReplicaSet<WriteRequest>;
  readonly router: ReadWriteRouter;
  readonly healthChecks: HealthChecks<ReplicationNode>;
  readonly versions = new RowVersions();
  readonly sql: RealSql;
  readonly stats;
  readonly overallLag;
  readonly readLatency;
  readonly writeLatency;
  readonly sampler: WindowedSampler;
  readonly inFlight = new Map<number, Request>();
  readonly remembered = new RememberedRequests<Request>();
  readonly recentStale: ReadRequest[] = [];
  readonly recentFailures: Request[] = [];
  readonly lostCommits: LostCommit[] = [];
  readonly faults: Fault[] = [];
  /** Length of the run, ms (failed requests stay on screen a little longer in long runs). */
  readonly durationMs: number;
  private delay: Distribution;
  private nextId = 1;
  private nextWriteId = 1;
  private readonly arrivalsRng: Rng;
  private readonly kindRng: Rng;
  private readonly rowRng: Rng;

  constructor(
    readonly env: Environment,
    ctx: LabContext<ReplicationParams>,
  ) {
    this.durationMs = ctx.durationMs;
    this.arrivalsRng = ctx.rng.fork('arrivals');
    this.kindRng = ctx.rng.fork('session-kind');
    this.rowRng = ctx.rng.fork('rows');
    const delayRng = ctx.rng.fork('replication-delay');
    const routerRng = ctx.rng.fork('router');
    this.params = new LiveParams(env, ctx.params, {
      replicationDelayMs: (p) => (this.delay = delayDistribution(p)),
      replicationDelayDist: (p) => (this.delay = delayDistribution(p)),
    });
    const params = this.params.values;
    this.delay = delayDistribution(params);
    this.stats = new RunStatistics(env, {
      arrived: 0,
      completed: 0,
      failed: 0,
      reads: 0,
      staleReads: 0,
      failedReads: 0,
      ownReads: 0,
      ownStale: 0,
      writesCommitted: 0,
      writesFailed: 0,
      failovers: 0,
      lostCommits: 0,
    });
    this.overallLag = this.stats.histogram();
    this.readLatency = this.stats.histogram();
    this.writeLatency = this.stats.histogram();
    this.set = new ReplicaSet(env, params.replicas, {
      delay: () => sample(delayRng, this.delay),
      applyRatePerS: () => params.applyRatePerS,
      onApplied: (node, change) => {
        const lag = env.now - change.shippedAt;
        node.lag.record(lag);
        this.overallLag.record(lag);
      },
    });
    this.router = new ReadWriteRouter(env, routerRng, this.set, {
      routing: () => params.routerPolicy,
      readYourWrites: () => params.readYourWrites,
      primaryWindowMs: () => params.primaryWindowMs,
    });
    this.healthChecks = new HealthChecks(
      env,
      this.set.nodes,
      { everyMs: () => params.healthCheckMs, failuresToMarkDown: () => params.healthCheckFailures },
      {
        markedUp: (n) => this.fault('detect', `router marks ${n.id} up again`),
        markedDown: (n) => {
          this.fault('detect', `router marks ${n.id} down after ${n.failedChecks} failed health checks`);
          if (n === this.set.primary && params.autoFailover) this.failover('automatic');
        },
      },
    );
    this.sql = new RealSql(env, ctx.sql);
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w, t) => replicationSample(this, w, t));
  }

  start(): void {
    this.env.process(
      poissonArrivals(this.env, this.arrivalsRng, () => this.params.values.arrivalRate, () => this.admit()),
      'arrivals',
    );
    this.healthChecks.start();
    this.sampler.start();
  }

  /** A new session: a writer (write, then read it back) or a plain reader; `kind` forces one (a burst). */
  admit(kind: 'write' | 'read' | null = null): void {
    const isWriter = kind === null ? this.kindRng.chance(this.params.values.writeFraction) : kind === 'write';
    this.env.process(isWriter ? this.writerSession() : this.readerSession(), isWriter ? 'writer' : 'reader');
  }

  private *writerSession(): ProcessGenerator<void> {
    const customerId = this.rowRng.zipf(REPLICATION_DATASET.customers, POPULARITY_SKEW);
    const w = yield* this.write(customerId);
    if (w === null) return;
    yield this.env.timeout(this.params.values.readAfterWriteMs);
    yield* readOnNode(this, customerId, w);
  }

  private *readerSession(): ProcessGenerator<void> {
    yield* readOnNode(this, this.rowRng.zipf(REPLICATION_DATASET.customers, POPULARITY_SKEW), null);
  }

  /** A request's number (writes and reads share one sequence). */
  nextRequestId(): number {
    return this.nextId++;
  }

  /** One customer's row updated on the primary, then committed as `synchronous_commit` says. */
  private *write(customerId: number): ProcessGenerator<WriteRequest | null> {
    const { env, set } = this;
    const now = env.now;
    const node = this.router.routeWrite();
    const w: WriteRequest = {
      kind: 'write',
      id: this.nextRequestId(),
      writeId: this.nextWriteId++,
      customerId,
      node: node.id,
      lsn: 0,
      level: this.params.values.syncCommit,
      issuedAt: now,
      phase: 'executing',
      phaseStart: now,
      flushedAt: NaN,
      committedAt: NaN,
      endedAt: NaN,
      lost: false,
    };
    this.stats.counts.arrived++;
    this.inFlight.set(w.id, w);
    if (!node.up) {
      this.failRequest(w, `the primary (${node.id}) is not answering: connection refused`);
      return null;
    }
    const timeline = set.timeline;
    set.assignLsn(w);
    node.writes++;
    const version: RowVersion = { lsn: w.lsn, writeId: w.writeId, visible: false, lost: false };
    w.version = version;
    this.versions.add(customerId, version, set.settledLsn());
    set.forgetSettledWrites((x) => x.version === undefined || x.version.visible);
    // The update reaches PGlite in LSN order (the chain), whether or not anything else runs for real.
    const execute = this.sql.work((sql) => sql.query(WRITE_SQL, [customerId, writtenName(customerId, w.writeId)], node.id), (e) => ({ rows: [], error: e.message }));
    const result = (yield env.external(execute, { rows: [] })) as { rows: unknown[]; error?: string };
    if (result.error) w.sqlError = result.error;
    yield env.timeout(WRITE_MS);
    const failure = yield* commitOnPrimary(env, set, node, timeline, { lsn: w.lsn, writeId: w.writeId, rowId: customerId, level: w.level }, {
      phase: (phase) => {
        w.phase = phase;
        w.phaseStart = env.now;
      },
      flushed: () => (w.flushedAt = env.now),
      acknowledged: () => this.commit(w),
    });
    if (failure !== null) {
      this.failRequest(w, failure);
      return null;
    }
    return w;
  }

  private commit(w: WriteRequest): void {
    const { env, stats } = this;
    w.version!.visible = true;
    w.committedAt = env.now;
    w.endedAt = env.now;
    w.phase = 'done';
    stats.counts.writesCommitted++;
    stats.counts.completed++;
    this.sampler.window.count('completed');
    this.writeLatency.record(env.now - w.issuedAt);
    this.sampler.window.record('write', env.now - w.issuedAt);
    this.remember(w);
  }

  /** A finished request leaves the in-flight list for the remembered ones (its story can still be shown). */
  remember(r: Request): void {
    this.inFlight.delete(r.id);
    this.remembered.remember(r.id, r);
  }

  failRequest(r: Request, message: string): void {
    const { env, stats } = this;
    r.phase = 'failed';
    r.failure = message;
    r.endedAt = env.now;
    stats.counts.failed++;
    this.sampler.window.count('failed');
    if (r.kind === 'read') {
      stats.counts.failedReads++;
      const n = this.set.find(r.node);
      if (n) n.failedReads++;
      this.readLatency.record(env.now - r.issuedAt);
    } else {
      stats.counts.writesFailed++;
      this.writeLatency.record(env.now - r.issuedAt);
    }
    this.recentFailures.push(r);
    if (this.recentFailures.length > REMEMBERED_FAULTS) this.recentFailures.shift();
    this.remember(r);
    env.log(`request-${r.id}`, 'failed', { message });
  }

  /** A stale read, kept for the view's list. */
  rememberStale(r: ReadRequest): void {
    this.recentStale.push(r);
    if (this.recentStale.length > REMEMBERED_STALE) this.recentStale.shift();
  }

  /** A fault, a repair, a detection or a failover, for the view's timeline and the log. */
  fault(kind: Fault['kind'], what: string): void {
    this.faults.push({ t: this.env.now, what, kind });
    if (this.faults.length > REMEMBERED_FAULTS) this.faults.shift();
    this.env.log('cluster', kind, { what });
  }

  /**
   * Promote the most advanced running replica. Acknowledged commits it never received are lost;
   * changes it had whose clients never heard back are committed on the new timeline.
   */
  failover(how: 'automatic' | 'manual'): void {
    const { env, stats } = this;
    const outcome = failOver(this.set, (w) => w.phase === 'done');
    if (outcome === null) {
      this.fault('failover', `${how} failover impossible: no running replica to promote`);
      return;
    }
    const { promotion } = outcome;
    const lostNow: LostCommit[] = outcome.lostCommits.map((w) => {
      w.lost = true;
      return { writeId: w.writeId, lsn: w.lsn, customerId: w.customerId, committedAt: w.committedAt, timeline: promotion.endedTimeline };
    });
    this.lostCommits.push(...lostNow);
    if (this.lostCommits.length > REMEMBERED_LOST_COMMITS) this.lostCommits.splice(0, this.lostCommits.length - REMEMBERED_LOST_COMMITS);
    stats.counts.lostCommits += lostNow.length;
    stats.counts.failovers++;
    const promoted = promotion.promoted.id;
    this.fault('failover', `${how} failover: ${promoted} promoted at LSN ${promotion.lsn}; ${lostNow.length} acknowledged commit${lostNow.length === 1 ? '' : 's'} lost`);
    const work = this.sql.work(
      async (sql) => {
        if (sql.applyChanges) await sql.applyChanges(promoted, promotion.lsn);
        if (sql.promote) await sql.promote(promoted);
      },
      () => undefined,
    );
    env.process(
      (function* () {
        yield env.external(work, undefined);
      })(),
      'promote',
    );
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.arrived = this.inFlight.size; // those in flight count as arrivals of the measured period
    for (const n of this.set.nodes) n.resetStatistics();
    this.env.log('lab', 'warm-up over');
  }
}

/** The replication lab's model. */
export function createReplicationModel(ctx: LabContext<ReplicationParams>): LabModel<ReplicationParams, ReplicationDetail> {
  const model = new ReplicationModel(ctx.env, ctx);
  return labModel(ctx.env, model, replicationProjection, {
    action: (name, args) => replicationAction(model, name, args),
    inspect: (id) => inspectReplicationRequest(model, id),
  });
}
