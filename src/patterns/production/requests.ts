import { sample, type ProcessGenerator } from '../../engine';
import { BorrowError, TOO_MANY_CLIENTS, type Connection } from '../../models/connectionPool';
import { commitOnPrimary } from '../../models/primaryCommit';
import type { ReplicationNode } from '../../models/replicationNode';
import { queryCosts } from '../query/queryCosts';
import type { StackSystem } from './model';
import type { StackRequest, StackWrite } from './request';

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * How many times longer a read takes without its index: the query lab's costs from real PGlite
 * plans of a customer's orders, scanned (no index on orders.customer_id) over indexed, averaged
 * over the dataset's customers.
 */
export const UNINDEXED_FACTOR = mean(queryCosts.plain.ordersOfCustomer) / mean(queryCosts.indexed.ordersOfCustomer);

/** One request's life through the stack. */
export function* requestProcess(s: StackSystem, r: StackRequest): ProcessGenerator<void> {
  if (r.kind === 'write') yield* (s.batch ? queuedWrite(s, r) : write(s, r));
  else yield* read(s, r);
}

/** A round trip to the cache. */
function* cacheTrip(s: StackSystem, r: StackRequest): ProcessGenerator<void> {
  const ms = s.params.values['cache.cacheMs'];
  s.stats.counts.cacheOps++;
  r.at = 'cache';
  r.phaseStart = s.env.now;
  if (ms > 0) {
    yield s.env.timeout(ms);
    r.parts.cache += ms;
  }
}

/**
 * A connection: borrowed from the pool (the pooling lab's borrow, to the event), or opened for this
 * request alone without one. Undefined when the request failed for want of one (it is failed here).
 */
function* connect(s: StackSystem, r: StackRequest): ProcessGenerator<Connection | null | undefined> {
  const { env, pool } = s;
  const start = env.now;
  r.at = 'pool';
  r.phaseStart = start;
  if (pool) {
    try {
      const c: Connection = yield pool.borrow();
      r.parts.poolWait += env.now - start;
      s.borrowWait.record(env.now - start);
      return c;
    } catch (error) {
      if (!(error instanceof BorrowError)) throw error;
      r.parts.poolWait += env.now - start;
      s.fail(r, error.message, true);
      return undefined;
    }
  }
  if (!s.server.tryAccept()) {
    s.stats.counts.openRefusals++;
    s.fail(r, TOO_MANY_CLIENTS);
    return undefined;
  }
  s.stats.counts.opened++;
  s.gauges();
  const connectMs = s.params.values['pool.connectMs'];
  if (connectMs > 0) yield env.timeout(connectMs);
  r.parts.poolWait += env.now - start;
  s.borrowWait.record(env.now - start);
  return null;
}

/** Give the connection back (or leak it, as the pooling lab does), or close one's own. */
function release(s: StackSystem, c: Connection | null): void {
  const pool = s.pool;
  if (pool && c) {
    if (s.leakRng.chance(s.leakRate)) {
      s.stats.counts.leaked++;
      pool.leak(c);
    } else {
      pool.giveBack(c);
    }
    return;
  }
  s.server.release();
  s.stats.counts.closed++;
  s.gauges();
}

/** `count` statements on `node`, one after the other: round trip, CPU (shared past its cores), I/O. */
function* statements(s: StackSystem, r: StackRequest, node: ReplicationNode, count: number, factor: number, service = s.service): ProcessGenerator<void> {
  const { env } = s;
  for (let i = 0; i < count; i++) {
    const rtt = s.params.values.networkRttMs;
    if (rtt > 0) {
      yield env.timeout(rtt);
      r.parts.network += rtt;
    }
    r.at = 'database';
    r.phaseStart = env.now;
    const drawn = sample(s.serviceRng, service);
    const work = factor === 1 ? drawn : drawn * factor;
    const io = work * s.params.values['db.ioFraction'];
    const cpuWork = work - io;
    const t = env.now;
    yield s.cpu(node).run(cpuWork);
    const elapsed = env.now - t;
    r.parts.dbExecution += Math.min(cpuWork, elapsed);
    r.parts.dbQueue += Math.max(0, elapsed - cpuWork);
    if (io > 0) {
      yield env.timeout(io);
      r.parts.dbExecution += io;
    }
  }
}

/** The row version `node` returns, and whether the read is stale or misses its own write. */
function observe(s: StackSystem, r: StackRequest, node: ReplicationNode): number {
  const committed = s.versions.committed(r.key);
  const seen = node.role === 'primary' ? committed : s.versions.at(r.key, node.applied);
  r.stale = seen.lsn < committed.lsn;
  return seen.lsn;
}

/** Reads counted once they end well: stale ones, and a writer's read-back that missed its write. */
function countRead(s: StackSystem, r: StackRequest, seenLsn: number): void {
  const c = s.stats.counts;
  c.reads++;
  if (r.stale) c.staleReads++;
  if (r.own) {
    c.ownReads++;
    if (seenLsn < r.own.lsn) c.ownStale++;
  }
}

/** Cache-aside read: the cache, else a connection, the router's node, the statements, a fill. */
function* read(s: StackSystem, r: StackRequest): ProcessGenerator<void> {
  const { env, router } = s;
  // A writer reading its own row back under a read-your-writes rule skips the cache too: a reader
  // may have refilled it from a lagging replica since the write invalidated it.
  const sticky = r.own !== null && s.params.values['replication.readYourWrites'] !== 'none';
  const cache = s.cacheUp() && !sticky ? s.cache : null;
  if (cache) {
    yield* cacheTrip(s, r);
    const found = cache.get(r.key, env.now);
    if (found.status === 'hit') {
      s.stats.counts.cacheHits++;
      r.cacheHit = true;
      r.stale = found.entry.value < s.versions.committed(r.key).lsn;
      countRead(s, r, found.entry.value);
      return s.finish(r);
    }
    s.stats.counts.cacheMisses++;
  }
  const c = yield* connect(s, r);
  if (c === undefined) return;
  let node = router.routeRead(r.own).node;
  if (router.mustWaitForLsn(r.own, node)) {
    const t = env.now;
    const wait = yield* router.waitForLsn(node, r.own.lsn);
    r.parts.replicationWait += env.now - t;
    if (wait.outcome !== 'applied') node = s.set.primary;
  }
  r.node = node.id;
  if (!node.up) {
    release(s, c);
    return s.fail(r, `${node.id} is down${node.routerUp ? ' (the router has not noticed yet)' : ': connection refused'}`);
  }
  const seen = observe(s, r, node);
  const indexed = s.params.values['query.indexes'] && !s.indexDropped;
  yield* statements(s, r, node, s.params.values['query.statementsPerRead'], indexed ? 1 : UNINDEXED_FACTOR);
  release(s, c);
  // The fill is sent without waiting for its answer (it costs the request nothing).
  if (cache && s.cacheUp()) cache.fill(r.key, seen, env.now);
  countRead(s, r, seen);
  s.finish(r);
}

/** A write committed by itself on the primary, then its cache entry invalidated, then its read-back. */
function* write(s: StackSystem, r: StackRequest): ProcessGenerator<void> {
  const { env, set } = s;
  const c = yield* connect(s, r);
  if (c === undefined) return;
  const node = s.router.routeWrite();
  r.node = node.id;
  if (!node.up) {
    release(s, c);
    return s.fail(r, `the primary (${node.id}) is not answering: connection refused`);
  }
  const w: StackWrite = { lsn: 0, writeId: s.nextWriteId++, key: r.key, level: s.params.values['replication.syncCommit'], committedAt: NaN, acknowledged: false };
  const timeline = set.timeline;
  set.assignLsn(w);
  const version = { lsn: w.lsn, writeId: w.writeId, visible: false, lost: false };
  w.version = version;
  s.versions.add(w.key, version);
  yield* statements(s, r, node, 1, 1, s.writeService);
  const t0 = env.now;
  let waitStart = NaN;
  let ackAt = NaN;
  const failure = yield* commitOnPrimary(env, set, node, timeline, { lsn: w.lsn, writeId: w.writeId, rowId: w.key, level: w.level }, {
    phase: (phase) => {
      if (phase === 'waiting') waitStart = env.now;
    },
    flushed: () => undefined,
    acknowledged: () => {
      ackAt = env.now;
      version.visible = true;
      w.acknowledged = true;
      w.committedAt = env.now;
    },
  });
  const waited = Number.isNaN(waitStart) ? 0 : (Number.isNaN(ackAt) ? env.now : ackAt) - waitStart;
  r.parts.replicationWait += waited;
  r.parts.dbExecution += env.now - t0 - waited;
  release(s, c);
  if (failure !== null) return s.fail(r, failure);
  if (s.cacheUp()) {
    yield* cacheTrip(s, r);
    s.cache?.delete(w.key);
  }
  s.stats.counts.writesCommitted++;
  s.finish(r);
  s.readBack(w);
}

/** With the batch writer: the write is acknowledged once queued (in the cache tier); a flush commits it later. */
function* queuedWrite(s: StackSystem, r: StackRequest): ProcessGenerator<void> {
  yield* cacheTrip(s, r);
  const w: StackWrite = { lsn: 0, writeId: s.nextWriteId++, key: r.key, level: s.params.values['replication.syncCommit'], committedAt: NaN, acknowledged: false };
  s.batch!.enqueue({ id: w.writeId, key: w.key, acknowledgedAt: s.env.now, write: w });
  s.finish(r);
}
