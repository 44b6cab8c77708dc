import { poissonArrivals } from '../../models/poissonArrivals';
import { BoundedTimeSeries, LatencyHistogram, sample, type Distribution, type ProcessGenerator, type Rng, type SimEvent } from '../../engine';
import type { LabContext, LabModel, RequestDetail } from '../../lab/labDefinition';
import type { ChartData, HeadlineFigure, LabSnapshot, MetricTree, Particle, TopologyEdge, TopologyNode } from '../../lab/snapshot';
import { metricAt } from '../../scenario/expectations';
import { ClusterNode, STANDBY_FLUSH_MS, type Change, type StandbyStage } from './clusterNode';
import { replicationDelay } from './replicationDelay';
import { READ_MS, READ_SQL, REPLICATION_DATASET, WRITE_MS, WRITE_SQL, originalName, writtenName } from './statements';
import type { LostCommit, ReplicationDetail, StaleReadSummary } from './detail';
import type { ReplicationParams } from './params';
import { LiveParams } from '../../lab/kit';

/** The primary's WAL flush (fsync) before a commit is durable locally, ms. `local` waits for it. */
export const WAL_FLUSH_MS = 1;
/** A `wait-for-lsn` read gives up on its replica after this long and asks the primary instead, ms. */
export const WAIT_FOR_LSN_TIMEOUT_MS = 1000;
/** Reads that run for real in PGlite per simulated second at most (stale ones have their own budget). */
const REAL_READS_PER_SECOND = 20;
const REAL_STALE_READS_PER_SECOND = 40;
const SAMPLES_PER_RUN = 240;
const REMEMBERED_REQUESTS = 300;
const REMEMBERED_STALE = 40;
const MAX_PARTICLES = 600;
/** Zipf exponent of which customer a session touches: a few popular rows get most reads and writes. */
const POPULARITY_SKEW = 1;

/** What a commit waits for on the synchronous standby, per `synchronous_commit` level. */
const STANDBY_STAGE: Record<string, StandbyStage | undefined> = { remote_write: 'received', on: 'flushed', remote_apply: 'applied' };

/** One version of a row on the primary's timeline. */
interface RowVersion {
  lsn: number;
  writeId: number;
  /** Visible to other sessions on the primary (committed; sync levels: acknowledged). */
  visible: boolean;
  /** On a timeline a failover abandoned. */
  lost: boolean;
}

interface WriteRequest {
  kind: 'write';
  id: number;
  writeId: number;
  customerId: number;
  node: string;
  lsn: number;
  level: string;
  issuedAt: number;
  phase: 'executing' | 'flushing' | 'waiting' | 'done' | 'failed';
  phaseStart: number;
  flushedAt: number;
  committedAt: number;
  endedAt: number;
  lost: boolean;
  failure?: string;
  version?: RowVersion;
  sqlError?: string;
}

interface ReadRequest {
  kind: 'read';
  id: number;
  customerId: number;
  /** The session's own write this read should see, if it is a writer's read-back. */
  own: WriteRequest | null;
  issuedAt: number;
  node: string;
  route: string;
  phase: 'waiting' | 'reading' | 'done' | 'failed';
  phaseStart: number;
  phaseEnd: number;
  waitedMs: number;
  waitTimedOut: boolean;
  endedAt: number;
  stale: boolean;
  sawWriteId: number;
  sawLsn: number;
  primaryWriteId: number;
  primaryLsn: number;
  nodeAppliedLsn: number;
  failure?: string;
  executed?: 'real' | 'modelled';
  rows?: Record<string, unknown>[];
  sqlError?: string;
}

type Request = WriteRequest | ReadRequest;

interface Fault {
  t: number;
  what: string;
  kind: 'fault' | 'repair' | 'detect' | 'failover' | 'burst' | 'refused';
}

function delayDistribution(p: ReplicationParams): Distribution {
  return replicationDelay(p.replicationDelayDist, p.replicationDelayMs);
}

/**
 * The replication lab: a primary and `replicas` standbys that replay its changes after a
 * replication delay, a router that sends writes to the primary and reads to replicas, sessions
 * that write and read back their own change, and the faults that make it interesting.
 */
export function createReplicationModel(ctx: LabContext<ReplicationParams>): LabModel<ReplicationParams, ReplicationDetail> {
  const { env, sql } = ctx;
  const live = new LiveParams(env, ctx.params, {
    replicationDelayMs: (p) => (delay = delayDistribution(p)),
    replicationDelayDist: (p) => (delay = delayDistribution(p)),
  });
  const params = live.values;
  const arrivalsRng: Rng = ctx.rng.fork('arrivals');
  const kindRng: Rng = ctx.rng.fork('session-kind');
  const rowRng: Rng = ctx.rng.fork('rows');
  const delayRng: Rng = ctx.rng.fork('replication-delay');
  const routerRng: Rng = ctx.rng.fork('router');
  let delay = delayDistribution(params);
  const customers = REPLICATION_DATASET.customers;

  // ── Statistics ──────────────────────────────────────────────────────────────────────────────
  let statsSince = 0;
  let arrived = 0;
  let completed = 0;
  let failed = 0;
  let reads = 0;
  let staleReads = 0;
  let failedReads = 0;
  let ownReads = 0;
  let ownStale = 0;
  let writesCommitted = 0;
  let writesFailed = 0;
  let failovers = 0;
  let lostCommitsCount = 0;
  const overallLag = new LatencyHistogram();
  const readLatency = new LatencyHistogram();
  const writeLatency = new LatencyHistogram();

  const settings = {
    delay: () => sample(delayRng, delay),
    applyRatePerS: () => params.applyRatePerS,
    onApplied: (node: ClusterNode, change: Change) => {
      const lag = env.now - change.shippedAt;
      node.lag.record(lag);
      overallLag.record(lag);
    },
  };

  // ── The cluster ─────────────────────────────────────────────────────────────────────────────
  const replicaCount = params.replicas;
  const nodes: ClusterNode[] = [new ClusterNode(env, 'primary', 'primary', settings)];
  for (let i = 1; i <= replicaCount; i++) nodes.push(new ClusterNode(env, `replica-${i}`, 'replica', settings));
  let primary = nodes[0]!;
  let lsn = 0;
  let timeline = 1;
  /** Writes given an LSN on the current timeline, in LSN order (to list lost commits exactly). */
  let timelineWrites: WriteRequest[] = [];
  const rowHistory = new Map<number, RowVersion[]>();
  const lostCommits: LostCommit[] = [];
  const faults: Fault[] = [];

  const followers = () => nodes.filter((n) => n.role === 'replica');
  const findNode = (id: string) => nodes.find((n) => n.id === id);
  /** `synchronous_standby_names = 'FIRST 1 (replica-1, replica-2, …)'` without the fallback: the first follower by name. */
  const syncStandby = () => followers()[0] ?? null;

  function fault(kind: Fault['kind'], what: string): void {
    faults.push({ t: env.now, what, kind });
    if (faults.length > 60) faults.shift();
    env.log('cluster', kind, { what });
  }

  // ── Real SQL: one chain, so statements reach PGlite in the order the simulation issued them ──
  let sqlChain: Promise<unknown> = Promise.resolve();
  function realWork<T>(fn: () => Promise<T>, onError: (e: Error) => T): () => Promise<T> {
    return () => {
      const next = sqlChain.then(fn).catch((e: Error) => onError(e));
      sqlChain = next;
      return next;
    };
  }
  let realSecond = -1;
  let realReads = 0;
  let realStale = 0;
  function readRunsForReal(stale: boolean): boolean {
    if (sql === null) return false;
    const second = Math.floor(env.now / 1000);
    if (second !== realSecond) {
      realSecond = second;
      realReads = realStale = 0;
    }
    if (stale && realStale < REAL_STALE_READS_PER_SECOND) {
      realStale++;
      return true;
    }
    if (realReads < REAL_READS_PER_SECOND) {
      realReads++;
      return true;
    }
    return false;
  }

  // ── Rows and versions ───────────────────────────────────────────────────────────────────────
  function versions(customerId: number): RowVersion[] {
    let list = rowHistory.get(customerId);
    if (list === undefined) {
      list = [];
      rowHistory.set(customerId, list);
    }
    return list;
  }
  const ORIGINAL: RowVersion = { lsn: 0, writeId: 0, visible: true, lost: false };
  /** The committed version of a row on the primary now. */
  function primaryVersion(customerId: number): RowVersion {
    const list = rowHistory.get(customerId);
    if (list) for (let i = list.length - 1; i >= 0; i--) if (list[i]!.visible && !list[i]!.lost) return list[i]!;
    return ORIGINAL;
  }
  /** The version a node that has applied up to `applied` holds. */
  function versionAt(customerId: number, applied: number): RowVersion {
    const list = rowHistory.get(customerId);
    if (list) for (let i = list.length - 1; i >= 0; i--) if (!list[i]!.lost && list[i]!.lsn <= applied) return list[i]!;
    return ORIGINAL;
  }

  // ── Requests ────────────────────────────────────────────────────────────────────────────────
  const inFlight = new Map<number, Request>();
  const remembered = new Map<number, Request>();
  const recentStale: ReadRequest[] = [];
  const recentFailures: Request[] = [];
  let nextId = 1;
  let nextWriteId = 1;

  function remember(r: Request): void {
    inFlight.delete(r.id);
    remembered.set(r.id, r);
    if (remembered.size > REMEMBERED_REQUESTS) remembered.delete(remembered.keys().next().value!);
  }

  function failRequest(r: Request, message: string): void {
    r.phase = 'failed';
    r.failure = message;
    r.endedAt = env.now;
    failed++;
    windowFailed++;
    if (r.kind === 'read') {
      failedReads++;
      const n = findNode(r.node);
      if (n) n.failedReads++;
      readLatency.record(env.now - r.issuedAt);
    } else {
      writesFailed++;
      writeLatency.record(env.now - r.issuedAt);
    }
    recentFailures.push(r);
    if (recentFailures.length > 60) recentFailures.shift();
    remember(r);
    env.log(`request-${r.id}`, 'failed', { message });
  }

  function* write(customerId: number): ProcessGenerator<WriteRequest | null> {
    const now = env.now;
    const w: WriteRequest = {
      kind: 'write',
      id: nextId++,
      writeId: nextWriteId++,
      customerId,
      node: primary.id,
      lsn: 0,
      level: params.syncCommit,
      issuedAt: now,
      phase: 'executing',
      phaseStart: now,
      flushedAt: NaN,
      committedAt: NaN,
      endedAt: NaN,
      lost: false,
    };
    arrived++;
    inFlight.set(w.id, w);
    const node = primary;
    if (!node.up) {
      failRequest(w, `the primary (${node.id}) is not answering: connection refused`);
      return null;
    }
    const myTimeline = timeline;
    w.lsn = ++lsn;
    node.writes++;
    const version: RowVersion = { lsn: w.lsn, writeId: w.writeId, visible: false, lost: false };
    w.version = version;
    versions(customerId).push(version);
    timelineWrites.push(w);
    // The update reaches PGlite in LSN order (the chain), whether or not anything else runs for real.
    const execute = sql ? realWork(() => sql.query(WRITE_SQL, [customerId, writtenName(customerId, w.writeId)], node.id), (e) => ({ rows: [], error: e.message })) : null;
    const result = (yield env.external(execute, { rows: [] })) as { rows: unknown[]; error?: string };
    if (result.error) w.sqlError = result.error;
    yield env.timeout(WRITE_MS);
    const gone = () => timeline !== myTimeline || !node.up;
    if (gone()) {
      failRequest(w, `the primary (${node.id}) stopped before the commit`);
      return null;
    }
    if (w.level === 'off') {
      // The client hears "committed" before the WAL is flushed; the WAL writer flushes it just after.
      commit(w);
      yield env.timeout(WAL_FLUSH_MS);
      if (!gone()) shipChange(w);
      return w;
    }
    w.phase = 'flushing';
    w.phaseStart = env.now;
    yield env.timeout(WAL_FLUSH_MS);
    if (gone()) {
      failRequest(w, `the primary (${node.id}) stopped before the commit's WAL reached disk`);
      return null;
    }
    w.flushedAt = env.now;
    shipChange(w);
    const stage = STANDBY_STAGE[w.level];
    const standby = syncStandby();
    if (stage !== undefined && standby !== null) {
      w.phase = 'waiting';
      w.phaseStart = env.now;
      try {
        yield standby.waitFor(stage, w.lsn);
      } catch (error) {
        failRequest(w, (error as Error).message);
        return null;
      }
      if (gone()) {
        failRequest(w, `the primary (${node.id}) stopped before the commit was acknowledged`);
        return null;
      }
    }
    commit(w);
    return w;
  }

  function commit(w: WriteRequest): void {
    w.version!.visible = true;
    w.committedAt = env.now;
    w.endedAt = env.now;
    w.phase = 'done';
    writesCommitted++;
    completed++;
    windowCompleted++;
    writeLatency.record(env.now - w.issuedAt);
    windowWrite.record(env.now - w.issuedAt);
    remember(w);
  }

  function shipChange(w: WriteRequest): void {
    const committedAt = w.level === 'off' ? w.committedAt : env.now;
    const change: Change = { lsn: w.lsn, writeId: w.writeId, customerId: w.customerId, shippedAt: env.now, committedAt };
    for (const f of followers()) f.ship(change);
  }

  /** Which node serves a read, and why. */
  function route(own: WriteRequest | null): { node: ClusterNode; why: string } {
    if (own && params.readYourWrites === 'primary-window' && env.now - own.committedAt < params.primaryWindowMs) {
      return { node: primary, why: `to the primary: within ${params.primaryWindowMs} ms of this session's write (primary window)` };
    }
    const candidates = followers().filter((n) => n.routerUp);
    if (candidates.length === 0) return { node: primary, why: 'to the primary: no replica is marked up' };
    let chosen: ClusterNode;
    switch (params.routerPolicy) {
      case 'random':
        chosen = routerRng.pick(candidates);
        break;
      case 'least-connections':
        chosen = candidates.reduce((a, b) => (b.readsInFlight < a.readsInFlight ? b : a));
        break;
      case 'lowest-lag': {
        const lags = candidates.map((n) => n.lagMsNow(env.now));
        const best = Math.min(...lags);
        const tied = candidates.filter((_, i) => lags[i] === best);
        chosen = tied[roundRobin++ % tied.length]!;
        break;
      }
      default:
        chosen = candidates[roundRobin++ % candidates.length]!;
    }
    return { node: chosen, why: `to ${chosen.id} (${params.routerPolicy})` };
  }
  let roundRobin = 0;

  function* read(customerId: number, own: WriteRequest | null): ProcessGenerator<void> {
    const now = env.now;
    const routed = route(own);
    let node = routed.node;
    const r: ReadRequest = {
      kind: 'read',
      id: nextId++,
      customerId,
      own,
      issuedAt: now,
      node: node.id,
      route: routed.why,
      phase: 'reading',
      phaseStart: now,
      phaseEnd: now + READ_MS,
      waitedMs: 0,
      waitTimedOut: false,
      endedAt: NaN,
      stale: false,
      sawWriteId: 0,
      sawLsn: 0,
      primaryWriteId: 0,
      primaryLsn: 0,
      nodeAppliedLsn: 0,
    };
    arrived++;
    inFlight.set(r.id, r);
    node.readsInFlight++;
    try {
      if (own && params.readYourWrites === 'wait-for-lsn' && node.role === 'replica' && node.applied < own.lsn && node.up) {
        r.phase = 'waiting';
        r.phaseEnd = now + WAIT_FOR_LSN_TIMEOUT_MS;
        const applied = node.waitFor('applied', own.lsn, 0);
        const timeout = env.timeout(WAIT_FOR_LSN_TIMEOUT_MS);
        const outcome = (yield env.anyOf([applied, timeout])) as Map<SimEvent<unknown>, unknown>;
        r.waitedMs = env.now - now;
        if (!outcome.has(applied)) {
          r.waitTimedOut = true;
          node.readsInFlight--;
          node = primary;
          node.readsInFlight++;
          r.node = node.id;
          r.route += `; ${node.id} after ${WAIT_FOR_LSN_TIMEOUT_MS} ms without LSN ${own.lsn}`;
        }
      }
      if (!node.up) {
        failRequest(r, `${node.id} is down (the router has not noticed yet)`);
        return;
      }
      r.phase = 'reading';
      r.phaseStart = env.now;
      r.phaseEnd = env.now + READ_MS;
      const pv = primaryVersion(customerId);
      const seen = node.role === 'primary' ? pv : versionAt(customerId, node.applied);
      r.nodeAppliedLsn = node.role === 'primary' ? lsn : node.applied;
      r.sawWriteId = seen.writeId;
      r.sawLsn = seen.lsn;
      r.primaryWriteId = pv.writeId;
      r.primaryLsn = pv.lsn;
      r.stale = seen.lsn < pv.lsn;
      const ownStaleNow = own !== null && node.role !== 'primary' && node.applied < own.lsn;
      // A replica's rows are real only on a cluster that ships changes (a lone primary would show fresh rows).
      const real = (node.role === 'primary' || sql?.applyChanges !== undefined) && readRunsForReal(r.stale);
      r.executed = real ? 'real' : 'modelled';
      const target = node;
      const primaryId = primary.id;
      const upTo = node.applied;
      const execute =
        real && sql
          ? realWork(
              async () => {
                if (target.role !== 'primary' && sql.applyChanges) await sql.applyChanges(target.id, upTo);
                const got = await sql.query(READ_SQL, [customerId], target.id);
                const onPrimary = target.id === primaryId ? got : await sql.query(READ_SQL, [customerId], primaryId);
                return { rows: [...got.rows.map((row) => ({ node: target.id, ...row })), ...(target.id === primaryId ? [] : onPrimary.rows.map((row) => ({ node: primaryId === 'primary' ? primaryId : `${primaryId} (primary)`, ...row })))] };
              },
              (e) => ({ rows: [], error: e.message }),
            )
          : null;
      const result = (yield env.external(execute, { rows: [] })) as { rows: Record<string, unknown>[]; error?: string };
      if (real) r.rows = result.rows;
      if (result.error) r.sqlError = result.error;
      yield env.timeout(READ_MS);
      r.phase = 'done';
      r.endedAt = env.now;
      reads++;
      node.reads++;
      completed++;
      windowCompleted++;
      readLatency.record(env.now - r.issuedAt);
      windowRead.record(env.now - r.issuedAt);
      if (r.stale) {
        staleReads++;
        windowStale++;
        node.staleReads++;
        recentStale.push(r);
        if (recentStale.length > REMEMBERED_STALE) recentStale.shift();
        env.log(`request-${r.id}`, 'stale read', { node: node.id, customer: customerId, saw: r.sawWriteId, primary: r.primaryWriteId });
      }
      if (own) {
        ownReads++;
        windowOwn++;
        if (ownStaleNow) {
          ownStale++;
          windowOwnStale++;
        }
      }
      remember(r);
    } finally {
      node.readsInFlight--;
    }
  }

  function* writerSession(): ProcessGenerator<void> {
    const customerId = rowRng.zipf(customers, POPULARITY_SKEW);
    const w = yield* write(customerId);
    if (w === null) return;
    yield env.timeout(params.readAfterWriteMs);
    yield* read(customerId, w);
  }

  function* readerSession(): ProcessGenerator<void> {
    yield* read(rowRng.zipf(customers, POPULARITY_SKEW), null);
  }

  function admit(kind: 'write' | 'read' | null = null): void {
    const isWriter = kind === null ? kindRng.chance(params.writeFraction) : kind === 'write';
    env.process(isWriter ? writerSession() : readerSession(), isWriter ? 'writer' : 'reader');
  }

  // ── Health checks and failover ──────────────────────────────────────────────────────────────
  function* healthChecks(): ProcessGenerator<void> {
    for (;;) {
      yield env.timeout(params.healthCheckMs);
      for (const n of nodes) {
        if (n.role === 'retired') continue;
        if (n.up) {
          n.failedChecks = 0;
          if (!n.routerUp) {
            n.routerUp = true;
            fault('detect', `router marks ${n.id} up again`);
          }
          continue;
        }
        n.failedChecks++;
        if (n.routerUp && n.failedChecks >= params.healthCheckFailures) {
          n.routerUp = false;
          fault('detect', `router marks ${n.id} down after ${n.failedChecks} failed health checks`);
          if (n === primary && params.autoFailover === true) failover('automatic');
        }
      }
    }
  }

  function failover(how: 'automatic' | 'manual'): void {
    const candidates = followers().filter((n) => n.up);
    if (candidates.length === 0) {
      fault('failover', `${how} failover impossible: no running replica to promote`);
      return;
    }
    const best = candidates.reduce((a, b) => (b.received > a.received ? b : a));
    const old = primary;
    const error = new Error(`the primary (${old.id}) was replaced by ${best.id} before the commit was acknowledged`);
    for (const f of followers()) f.failWaiters(error);
    const { lsn: newLsn } = best.promote();
    old.retire();
    // Commits the new primary never received: acknowledged to their clients, gone now.
    const lostNow: LostCommit[] = [];
    for (const w of timelineWrites) {
      if (w.lsn <= newLsn) continue;
      w.version!.lost = true;
      if (w.phase === 'done') {
        w.lost = true;
        lostNow.push({ writeId: w.writeId, lsn: w.lsn, customerId: w.customerId, committedAt: w.committedAt, timeline });
      }
    }
    // The new primary's history up to newLsn includes changes whose clients never heard back: they are committed now.
    for (const w of timelineWrites) if (w.lsn <= newLsn && w.version) w.version.visible = true;
    for (const f of followers()) f.followNewPrimary(newLsn);
    lostCommits.push(...lostNow);
    if (lostCommits.length > 500) lostCommits.splice(0, lostCommits.length - 500);
    lostCommitsCount += lostNow.length;
    failovers++;
    primary = best;
    primary.routerUp = true;
    primary.failedChecks = 0;
    lsn = newLsn;
    timeline++;
    timelineWrites = [];
    fault('failover', `${how} failover: ${best.id} promoted at LSN ${newLsn}; ${lostNow.length} acknowledged commit${lostNow.length === 1 ? '' : 's'} lost`);
    const promoted = best.id;
    const work = sql
      ? realWork(
          async () => {
            if (sql.applyChanges) await sql.applyChanges(promoted, newLsn);
            if (sql.promote) await sql.promote(promoted);
          },
          () => undefined,
        )
      : null;
    env.process(
      (function* () {
        yield env.external(work, undefined);
      })(),
      'promote',
    );
  }

  // ── Actions ────────────────────────────────────────────────────────────────────────────────
  /** The node an action names; an unknown name is bad input (thrown), a node in the wrong role just now is refused (logged). */
  function nodeArg(name: string, args: Record<string, unknown>): ClusterNode {
    const id = args.node;
    const n = typeof id === 'string' ? findNode(id) : undefined;
    if (n === undefined) throw new Error(`${name}: expected "node" to be one of ${nodes.map((i) => `"${i.id}"`).join(', ')}, found ${JSON.stringify(id)}`);
    return n;
  }
  function replicaArg(name: string, args: Record<string, unknown>): ClusterNode | null {
    const n = nodeArg(name, args);
    if (n.role === 'replica') return n;
    fault('refused', `${name} refused: ${n.id} is ${n.role === 'retired' ? 'out of the cluster (the primary before a failover)' : 'the primary now'}, not a replica`);
    return null;
  }

  const ACTIONS = ['stopNode', 'restartNode', 'cutLink', 'healLink', 'failover', 'burst', 'analyticsQuery'];

  function action(name: string, args: Record<string, unknown>): void {
    switch (name) {
      case 'stopNode': {
        const n = nodeArg(name, args);
        // Refusals that depend on the moment (not on the arguments) are logged, not thrown: a scripted run goes on.
        if (n.role === 'retired') return fault('refused', `stopNode refused: ${n.id} was the primary before a failover and is already out of the cluster`);
        if (!n.up) return;
        n.stop();
        if (n === primary) {
          for (const f of followers()) {
            f.failWaiters(new Error(`the primary (${n.id}) stopped before the commit was acknowledged`));
            f.sourceStopped();
          }
        }
        fault('fault', `${n.id} stopped`);
        return;
      }
      case 'restartNode': {
        const n = nodeArg(name, args);
        if (n.role === 'retired') return fault('refused', `restartNode refused: ${n.id} was the primary before the failover; its timeline diverged, so it cannot rejoin without a rebuild (pg_rewind)`);
        if (n.up) return;
        n.restart();
        if (n === primary) for (const f of followers()) f.sourceRestarted();
        fault('repair', `${n.id} restarted${n.role === 'replica' ? ' and catches up' : ''}`);
        return;
      }
      case 'cutLink': {
        const n = replicaArg(name, args);
        if (n === null) return;
        n.cutLink();
        fault('fault', `link ${primary.id} → ${n.id} cut`);
        return;
      }
      case 'healLink': {
        const n = replicaArg(name, args);
        if (n === null) return;
        n.healLink();
        fault('repair', `link ${primary.id} → ${n.id} healed`);
        return;
      }
      case 'failover':
        failover('manual');
        return;
      case 'burst': {
        const count = (key: string) => {
          const v = args[key] ?? 0;
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100000) throw new Error(`burst: expected "${key}" to be a whole number from 0 to 100000, found ${JSON.stringify(v)}`);
          return v;
        };
        const writes = count('writes');
        const readsN = count('reads');
        if (writes + readsN === 0) throw new Error('burst: expected "writes" or "reads" (a whole number of sessions), found neither');
        fault('burst', `burst: ${writes} writers, ${readsN} readers`);
        for (let i = 0; i < writes; i++) admit('write');
        for (let i = 0; i < readsN; i++) admit('read');
        return;
      }
      case 'analyticsQuery': {
        const seconds = args.seconds;
        if (typeof seconds !== 'number' || !(seconds > 0 && seconds <= 3600)) throw new Error(`analyticsQuery: expected "seconds" to be a number from 0 to 3600, found ${JSON.stringify(seconds)}`);
        const n = replicaArg(name, args);
        if (n === null) return;
        n.holdReplay(env.now + seconds * 1000);
        fault('fault', `a ${seconds} s report on ${n.id} holds its replay (hot-standby conflict)`);
        env.timeout(seconds * 1000).addCallback(() => n.resumeAfterHold());
        return;
      }
      default:
        throw new Error(`unknown action "${name}"; this lab has: ${ACTIONS.join(', ')}`);
    }
  }

  // ── Charts ─────────────────────────────────────────────────────────────────────────────────
  const sampleEvery = Math.max(ctx.durationMs / SAMPLES_PER_RUN, 1);
  let windowCompleted = 0;
  let windowFailed = 0;
  let windowStale = 0;
  let windowOwn = 0;
  let windowOwnStale = 0;
  const windowRead = new LatencyHistogram();
  const windowWrite = new LatencyHistogram();
  const series = new Map<string, BoundedTimeSeries>();
  const seriesOf = (key: string) => {
    let s = series.get(key);
    if (s === undefined) {
      s = new BoundedTimeSeries(SAMPLES_PER_RUN * 2);
      series.set(key, s);
    }
    return s;
  };

  function* sampler(): ProcessGenerator<void> {
    for (;;) {
      yield env.timeout(sampleEvery);
      const t = env.now;
      for (const n of nodes) if (n.role === 'replica') seriesOf(`lag:${n.id}`).push(t, n.lagMsNow(t));
      seriesOf('stale').push(t, (windowStale * 1000) / sampleEvery);
      seriesOf('failed').push(t, (windowFailed * 1000) / sampleEvery);
      seriesOf('ownStale').push(t, windowOwn === 0 ? 0 : (windowOwnStale / windowOwn) * 100);
      seriesOf('readP99').push(t, windowRead.percentile(99));
      seriesOf('writeP99').push(t, windowWrite.percentile(99));
      seriesOf('throughput').push(t, (windowCompleted * 1000) / sampleEvery);
      windowRead.reset();
      windowWrite.reset();
      windowCompleted = windowFailed = windowStale = windowOwn = windowOwnStale = 0;
    }
  }

  // ── Metrics and snapshot ───────────────────────────────────────────────────────────────────
  function percentiles(h: LatencyHistogram): MetricTree {
    const s = h.summary();
    return { p50: s.p50, p95: s.p95, max: s.max };
  }

  function metrics(): MetricTree {
    const elapsed = Math.max(env.now - statsSince, 1e-9);
    const lag: MetricTree = percentiles(overallLag);
    const load: MetricTree = {};
    let shipped = 0;
    let applied = 0;
    let inFlightChanges = 0;
    let discarded = 0;
    for (const n of nodes) {
      if (n.id !== 'primary') lag[n.id] = percentiles(n.lag);
      load[n.id] = { reads: n.reads, writes: n.writes, staleReads: n.staleReads, failedReads: n.failedReads, readsPerS: (n.reads * 1000) / elapsed };
      shipped += n.shipped;
      applied += n.appliedCount;
      inFlightChanges += n.role === 'replica' ? n.backlogSize : 0;
      discarded += n.discarded;
    }
    const rl = readLatency.summary();
    const wl = writeLatency.summary();
    return {
      requests: { arrived, completed, failed, inFlight: inFlight.size },
      reads: { total: reads, stale: staleReads, failed: failedReads },
      staleReadFraction: reads === 0 ? 0 : staleReads / reads,
      ownReads: { total: ownReads, stale: ownStale },
      ownReadStaleFraction: ownReads === 0 ? 0 : ownStale / ownReads,
      writes: { committed: writesCommitted, failed: writesFailed },
      lagMs: lag,
      readLatencyMs: { mean: rl.mean, p50: rl.p50, p95: rl.p95, p99: rl.p99 },
      writeLatencyMs: { mean: wl.mean, p50: wl.p50, p95: wl.p95, p99: wl.p99 },
      load,
      failover: { count: failovers, lostCommits: lostCommitsCount },
      changes: { shipped, applied, inFlight: inFlightChanges, discarded },
      sql: { statementsRun: sql?.statementsRun ?? 0 },
    };
  }

  /** Replicas spread evenly down the right-hand column. */
  const replicaY = (index: number, count: number) => (count <= 1 ? 0.5 : 0.08 + (0.84 * index) / (count - 1));
  function topology(): LabSnapshot['topology'] {
    const now = env.now;
    const out: TopologyNode[] = [
      { id: 'clients', label: 'Clients', kind: 'clients', x: 0.06, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${params.arrivalRate} req/s` }, { label: 'writers', value: `${Math.round(params.writeFraction * 100)}%` }] },
      { id: 'router', label: 'Router', kind: 'router', x: 0.3, y: 0.5, status: 'up', badges: [{ label: 'reads', value: String(params.routerPolicy) }, { label: 'RYW', value: String(params.readYourWrites) }] },
    ];
    const edges: TopologyEdge[] = [{ from: 'clients', to: 'router' }];
    const replicaNodes = nodes.filter((n) => n.role === 'replica');
    const standby = syncStandby();
    nodes.forEach((n) => {
      const isPrimary = n === primary;
      const badges = isPrimary
        ? [
            { label: 'LSN', value: String(lsn) },
            { label: 'commit', value: String(params.syncCommit) },
          ]
        : n.role === 'retired'
          ? [{ label: 'out', value: 'old timeline' }]
          : [
              { label: 'lag', value: `${Math.round(n.lagMsNow(now))} ms · ${n.backlogSize} ch` },
              { label: 'applied', value: `LSN ${n.applied}` },
              ...(n.staleReads > 0 ? [{ label: 'stale reads', value: String(n.staleReads) }] : []),
            ];
      const lagging = n.role === 'replica' && (n.lagMsNow(now) > 1000 || !n.linkUp || n.pausedUntil > now);
      out.push({
        id: n.id,
        label: isPrimary ? `${n.id === 'primary' ? 'Primary' : `${n.id} (primary)`}` : n.role === 'retired' ? `${n.id} (retired)` : `${n.id}${n === standby && STANDBY_STAGE[params.syncCommit] ? ' (sync)' : ''}`,
        kind: 'database',
        x: isPrimary ? 0.58 : 0.88,
        y: isPrimary ? 0.5 : replicaY(Math.max(0, replicaNodes.indexOf(n)), replicaNodes.length),
        status: !n.up ? 'down' : n.role === 'retired' ? 'down' : lagging || !n.routerUp ? 'degraded' : 'up',
        badges,
      });
      if (n.role !== 'retired') edges.push({ from: 'router', to: n.id, label: isPrimary ? 'writes' : undefined });
      if (n.role === 'replica') edges.push({ from: primary.id, to: n.id, label: n.linkUp ? 'WAL' : 'cut', cut: !n.linkUp });
    });
    // Retired primary sits where the primary was, the new primary takes its place.
    const retired = out.find((n) => n.id !== primary.id && findNode(n.id)?.role === 'retired');
    if (retired) {
      retired.x = 0.58;
      retired.y = 0.88;
      const p = out.find((n) => n.id === primary.id)!;
      p.x = 0.58;
      p.y = 0.42;
    }
    return { nodes: out, edges };
  }

  function particles(): Particle[] {
    const out: Particle[] = [];
    const now = env.now;
    for (const r of inFlight.values()) {
      if (r.kind === 'write') out.push({ id: r.id, from: 'router', to: r.node, t0: r.phaseStart, t1: r.phase === 'executing' ? r.phaseStart + WRITE_MS : r.phaseStart, state: r.phase === 'waiting' ? 'waiting' : 'ok' });
      else out.push({ id: r.id, from: 'router', to: r.node, t0: r.phaseStart, t1: r.phase === 'waiting' ? r.phaseStart : r.phaseEnd, state: r.phase === 'waiting' ? 'waiting' : 'ok' });
    }
    // The replication stream: changes on the wire between the primary and each replica.
    nodes.forEach((n, index) => {
      if (n.role !== 'replica') return;
      for (const t of n.inTransit()) if (t.arrivesAt > now) out.push({ id: -(t.change.lsn * 8 + index), from: primary.id, to: n.id, t0: t.sentAt, t1: t.arrivesAt, state: 'ok' });
    });
    const horizon = now - Math.max(250, ctx.durationMs / 200);
    for (const r of recentFailures) if (r.endedAt >= horizon) out.push({ id: r.id, from: r.node, to: r.node, t0: r.endedAt, t1: r.endedAt, state: 'failed' });
    return out.length > MAX_PARTICLES ? out.slice(out.length - MAX_PARTICLES) : out;
  }

  function charts(): ChartData[] {
    const pts = (k: string) => seriesOf(k).pairs();
    return [
      { id: 'lag', title: 'Replication lag per replica', unit: 'ms', series: nodes.filter((n) => n.id !== 'primary' && series.has(`lag:${n.id}`)).map((n) => ({ name: n.id, points: pts(`lag:${n.id}`) })) },
      {
        id: 'stale',
        title: 'Stale reads and failures',
        unit: 'per s',
        series: [
          { name: 'stale reads/s', points: pts('stale') },
          { name: 'failed/s', points: pts('failed') },
        ],
      },
      { id: 'own-stale', title: 'Writers who did not see their own write', unit: '%', series: [{ name: 'own reads stale', points: pts('ownStale') }] },
      {
        id: 'latency',
        title: 'p99 latency: reads and commits',
        unit: 'ms',
        series: [
          { name: 'read p99', points: pts('readP99') },
          { name: 'write p99', points: pts('writeP99') },
        ],
      },
    ];
  }

  function headline(m: MetricTree): HeadlineFigure[] {
    const get = (path: string) => metricAt(m, path) as number;
    return [
      { key: 'staleReadFraction', label: 'Stale reads', value: get('staleReadFraction') * 100, unit: '%', origin: 'simulated' },
      { key: 'ownReadStaleFraction', label: "Didn't see own write", value: get('ownReadStaleFraction') * 100, unit: '%', origin: 'simulated' },
      { key: 'lagMs.p95', label: 'p95 lag', value: get('lagMs.p95'), unit: 'ms', origin: 'simulated' },
      { key: 'writeLatencyMs.p99', label: 'p99 commit', value: get('writeLatencyMs.p99'), unit: 'ms', origin: 'simulated' },
      { key: 'readLatencyMs.p99', label: 'p99 read', value: get('readLatencyMs.p99'), unit: 'ms', origin: 'simulated' },
      { key: 'requests.failed', label: 'Failed', value: get('requests.failed'), unit: 'requests', origin: 'simulated' },
      { key: 'failover.lostCommits', label: 'Lost commits', value: get('failover.lostCommits'), unit: 'commits', origin: 'simulated' },
      { key: 'sql.statementsRun', label: 'Statements run for real', value: get('sql.statementsRun'), unit: '', origin: 'real' },
    ];
  }

  function staleSummary(r: ReadRequest): StaleReadSummary {
    return { id: r.id, t: r.endedAt, node: r.node, customerId: r.customerId, sawWriteId: r.sawWriteId, primaryWriteId: r.primaryWriteId, own: r.own !== null, executed: r.executed ?? 'modelled' };
  }

  function detail(): ReplicationDetail {
    const now = env.now;
    const standby = syncStandby();
    return {
      kind: 'replication',
      primary: primary.id,
      lsn,
      timeline,
      syncStandby: STANDBY_STAGE[params.syncCommit] && standby ? standby.id : null,
      nodes: nodes.map((n) => ({
        id: n.id,
        role: n === primary ? 'primary' : n.role,
        up: n.up,
        routerUp: n.routerUp,
        linkUp: n.linkUp,
        replayHeld: n.pausedUntil > now,
        received: n === primary ? lsn : n.received,
        applied: n === primary ? lsn : n.applied,
        lagMs: n.role === 'replica' ? n.lagMsNow(now) : 0,
        lagChanges: n.role === 'replica' ? n.backlogSize : 0,
        reads: n.reads,
        writes: n.writes,
        staleReads: n.staleReads,
        failedReads: n.failedReads,
        readsInFlight: n.readsInFlight,
      })),
      faults: faults.slice(),
      lostCommits: lostCommits.slice(-100),
      lostCommitsTotal: lostCommitsCount,
      staleReads: recentStale.slice(-12).reverse().map(staleSummary),
      staleTotal: staleReads,
      readsTotal: reads,
    };
  }

  // ── Request stories ────────────────────────────────────────────────────────────────────────
  function describe(r: Request): RequestDetail {
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    if (r.kind === 'write') {
      const timeline: { t: number; what: string }[] = [{ t: r.issuedAt, what: `write #${r.writeId}: ${WRITE_SQL} with $1 = ${r.customerId}` }];
      if (r.lsn > 0) timeline.push({ t: r.issuedAt, what: `runs on ${r.node}; its change gets LSN ${r.lsn}` });
      if (!Number.isNaN(r.flushedAt)) timeline.push({ t: r.flushedAt, what: `WAL flushed on ${r.node} and shipped to the replicas` });
      if (r.sqlError) timeline.push({ t: r.issuedAt, what: `PGlite could not run it: ${r.sqlError}` });
      if (r.phase === 'waiting') timeline.push({ t: r.phaseStart, what: `waits for the synchronous standby (synchronous_commit = ${r.level})` });
      if (!Number.isNaN(r.committedAt)) timeline.push({ t: r.committedAt, what: `client hears "committed" after ${ms(r.committedAt - r.issuedAt)} (synchronous_commit = ${r.level})` });
      if (r.lost) timeline.push({ t: r.committedAt, what: 'LOST in the failover: the promoted replica had never received it' });
      if (r.failure) timeline.push({ t: r.endedAt, what: `failed: ${r.failure}` });
      const outcome = r.lost ? `committed, then lost in a failover (LSN ${r.lsn})` : r.phase === 'done' ? `committed in ${ms(r.committedAt - r.issuedAt)}` : r.phase === 'failed' ? r.failure! : 'in flight';
      return { id: r.id, outcome, timeline, sql: WRITE_SQL, executed: sql ? 'real' : 'modelled' };
    }
    const timeline: { t: number; what: string }[] = [];
    if (r.own) timeline.push({ t: r.own.committedAt, what: `this session's write #${r.own.writeId} (LSN ${r.own.lsn}) committed; it reads customer ${r.customerId} back ${params.readAfterWriteMs} ms later` });
    timeline.push({ t: r.issuedAt, what: `read of customer ${r.customerId}, routed ${r.route}` });
    if (r.waitedMs > 0) timeline.push({ t: r.issuedAt + r.waitedMs, what: r.waitTimedOut ? `gave up waiting for LSN ${r.own?.lsn} after ${ms(r.waitedMs)}` : `waited ${ms(r.waitedMs)} for the replica to apply LSN ${r.own?.lsn}` });
    if (r.phase === 'done' || r.phase === 'reading') {
      const version = (id: number) => (id === 0 ? 'the original row' : `write #${id}`);
      timeline.push({ t: r.phaseStart, what: `${r.node} has applied up to LSN ${r.nodeAppliedLsn}: it returns ${version(r.sawWriteId)}; the primary has committed ${version(r.primaryWriteId)}` });
    }
    if (r.sqlError) timeline.push({ t: r.phaseStart, what: `PGlite could not run it: ${r.sqlError}` });
    if (r.failure) timeline.push({ t: r.endedAt, what: `failed: ${r.failure}` });
    let outcome: string;
    if (r.phase === 'failed') outcome = r.failure!;
    else if (r.phase !== 'done') outcome = 'in flight';
    else if (r.stale) outcome = `STALE: ${r.node} returned ${r.sawWriteId === 0 ? 'the original row' : `write #${r.sawWriteId}`}, but the primary had committed write #${r.primaryWriteId}${r.own && r.own.writeId === r.primaryWriteId ? " (this session's own write)" : ''}`;
    else outcome = `fresh: ${r.node} returned ${r.sawWriteId === 0 ? 'the original row' : `write #${r.sawWriteId}`}, as the primary had committed`;
    const d: RequestDetail = { id: r.id, outcome, timeline, sql: READ_SQL, executed: r.executed };
    // Rows only when PGlite really returned them (the replica's row, then the primary's); the timeline names the versions otherwise.
    if (r.rows && r.rows.length > 0) d.rows = r.rows;
    else if (r.phase === 'done') {
      const name = (writeId: number) => (writeId === 0 ? originalName(r.customerId) : writtenName(r.customerId, writeId));
      timeline.push({ t: r.endedAt, what: `modelled rows: ${r.node} "${name(r.sawWriteId)}"${r.node === primary.id ? '' : `, primary "${name(r.primaryWriteId)}"`}` });
    }
    return d;
  }

  function describeChange(id: number): RequestDetail | null {
    const index = -id % 8;
    const changeLsn = Math.floor(-id / 8);
    const n = nodes[index];
    if (!n) return null;
    const t = n.inTransit().find((x) => x.change.lsn === changeLsn);
    if (!t) return null;
    return {
      id,
      outcome: `change LSN ${changeLsn} on its way to ${n.id}`,
      timeline: [
        { t: t.change.shippedAt, what: `write #${t.change.writeId} to customer ${t.change.customerId} flushed on the primary and shipped` },
        { t: t.arrivesAt, what: `reaches ${n.id} (then flushed ${STANDBY_FLUSH_MS} ms later and applied)` },
      ],
    };
  }

  return {
    start() {
      env.process(poissonArrivals(env, arrivalsRng, () => params.arrivalRate, () => admit()), 'arrivals');
      env.process(healthChecks(), 'health-checks');
      env.process(sampler(), 'sampler');
    },
    setParam: (key, value) => live.set(key, value),
    action,
    resetStatistics() {
      statsSince = env.now;
      arrived = inFlight.size;
      completed = failed = reads = staleReads = failedReads = ownReads = ownStale = 0;
      writesCommitted = writesFailed = failovers = lostCommitsCount = 0;
      overallLag.reset();
      readLatency.reset();
      writeLatency.reset();
      for (const n of nodes) n.resetStatistics();
      env.log('lab', 'warm-up over');
    },
    metrics,
    snapshot(logSince: number): LabSnapshot<ReplicationDetail> {
      const m = metrics();
      return {
        t: env.now,
        topology: topology(),
        particles: particles(),
        charts: charts(),
        metrics: m,
        headline: headline(m),
        log: env.trace ? env.trace.since(logSince) : [],
        detail: detail(),
      };
    },
    inspect(id: number): RequestDetail | null {
      if (id < 0) return describeChange(id);
      const r = inFlight.get(id) ?? remembered.get(id) ?? recentStale.find((s) => s.id === id);
      return r ? describe(r) : null;
    },
  };
}
