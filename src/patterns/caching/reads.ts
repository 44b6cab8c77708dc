import type { ProcessGenerator, SimEvent } from '../../engine';
import { refreshEarly, type CacheEntry } from '../../models/cache';
import type { CachedValue } from './cachedValue';
import type { CachingSystem } from './model';
import { loadFromPrimary } from './primary';
import type { CacheRequest, LoadRecord, StaleCause } from './request';

/** Strategies where the application, not the cache, reads the database on a miss and stores the row. */
function applicationLoads(s: CachingSystem): boolean {
  return s.strategy === 'cache-aside' || s.strategy === 'write-around';
}

/**
 * Why a cached value older than the database's committed row is still in the cache. The
 * strategy's own reasons first (write-around never touches the cache; `invalidateOnWrite = none`
 * leaves the entry to its TTL); then a value that was already old when it was stored (a load that
 * read the row before a write and stored it after the write's delete: the cache-aside race); then
 * a write whose delete or update has not reached the cache yet.
 */
export function staleCause(s: CachingSystem, key: number, value: CachedValue): StaleCause {
  if (s.strategy === 'write-around') return 'write-around';
  if ((s.strategy === 'cache-aside' || s.strategy === 'read-through') && s.params.values.invalidateOnWrite === 'none') return 'no-invalidation';
  if (value.staleOnStore) return 'race';
  if (s.book.unpropagated[key]! > 0) return 'invalidation-in-flight';
  return 'other';
}

/** Serve a cached entry (a hit, or an expired one within the stale-while-revalidate grace). */
function serveEntry(s: CachingSystem, r: CacheRequest, entry: CacheEntry<number, CachedValue>, fresh: boolean): void {
  const { book, env } = s;
  const value = entry.value;
  r.lookup = fresh ? 'hit' : 'stale-served';
  r.entry = value; // never mutated once stored (a store replaces the value), so the story can keep it
  r.servedWriteId = value.writeId;
  r.dbWriteId = book.committedWriteId[r.key]!;
  r.dbCommittedAt = book.committedAt[r.key]!;
  // NaN (a write-behind write not flushed yet) is newer than the database, never stale.
  if (value.seq < book.committedSeq[r.key]!) r.staleCause = staleCause(s, r.key, value);
  const stampede = s.params.values.stampede;
  if (!fresh) startRefresh(s, r);
  else if (stampede === 'early-refresh' && refreshEarly(entry.expiresAt, env.now, value.loadMs, s.refreshRng.random())) startRefresh(s, r);
}

/**
 * Store a loaded value, unless the cache crashed since the load began or (with leases) a write of
 * the key cancelled the lease. A value older than the database's committed row when it is stored
 * is the race: it stays until its TTL.
 */
function storeLoaded(s: CachingSystem, key: number, value: CachedValue, lease: number, epoch: number): LoadRecord['stored'] {
  const { book, env } = s;
  if (!s.cacheUp || s.cacheEpoch !== epoch) return 'cache-down';
  value.storedAt = env.now;
  // Older than the database, with no delete or update of the key still on its way to fix it: the
  // newer write's invalidation has already passed, so this old row stays until its TTL. Under
  // write-behind, older than a write the cache acknowledged and has not flushed yet.
  const pending = s.strategy === 'write-behind' ? s.queue.latestFor(key) : undefined;
  value.staleOnStore = pending !== undefined || (value.seq < book.committedSeq[key]! && book.unpropagated[key] === 0);
  if (value.staleOnStore) value.supersededBy = pending?.id ?? book.committedWriteId[key]!;
  const stored = s.params.values.setCheck === 'lease' ? s.cache.fill(key, value, env.now, lease) : s.cache.fill(key, value, env.now);
  return stored ? 'stored' : 'refused';
}

/** A background reload of `r.key` (stale-while-revalidate, early refresh), unless one is already in flight. */
function startRefresh(s: CachingSystem, r: CacheRequest): void {
  if (s.book.flights.has(r.key)) return;
  const flight = s.env.event<CachedValue>();
  s.book.flights.set(r.key, flight);
  r.startedRefresh = true;
  s.env.process(refresh(s, r.key, r.id, flight), 'refresh');
}

function* refresh(s: CachingSystem, key: number, by: number, flight: SimEvent<CachedValue>): ProcessGenerator<void> {
  const lease = s.cache.lease(key);
  const epoch = s.cacheEpoch;
  const viaApp = applicationLoads(s);
  const value = yield* loadFromPrimary(s, key, null, viaApp ? 'app' : 'cache', 'refresh', by);
  if (viaApp) yield s.env.timeout(s.params.values.cacheMs / 2);
  storeLoaded(s, key, value, lease, epoch);
  s.book.flights.delete(key);
  flight.succeed(value);
}

/** The cache is down: in its path, the read fails; beside it, the application reads the database itself. */
function* withoutCache(s: CachingSystem, r: CacheRequest): ProcessGenerator<void> {
  r.lookup = 'cache-down';
  yield s.leg(r, 'cache', 'app', s.params.values.cacheMs / 2);
  if (s.cacheInPath) return s.fail(r, `the cache is down, and every read goes through it (${s.strategy})`);
  yield* loadFromPrimary(s, r.key, r, 'app', 'load', r.id);
  r.servedWriteId = r.load!.writeId;
  s.finishRead(r);
}

/**
 * A reader that missed loads the key: the application (cache-aside, write-around) answers its
 * client as soon as it has the row and sends the set, which lands half a cache round trip later;
 * the cache (read-through, write-through, write-behind) stores the row as it gets it. With a lock
 * (or a revalidating strategy) the load is shared with every reader that misses meanwhile.
 */
function* loadAndStore(s: CachingSystem, r: CacheRequest): ProcessGenerator<void> {
  const { book, env } = s;
  const key = r.key;
  const half = s.params.values.cacheMs / 2;
  const lease = s.cache.lease(key);
  const epoch = s.cacheEpoch;
  const flight = s.params.values.stampede === 'none' ? null : env.event<CachedValue>();
  if (flight !== null) book.flights.set(key, flight);
  const viaApp = applicationLoads(s);
  if (viaApp) yield s.leg(r, 'cache', 'app', half);
  const value = yield* loadFromPrimary(s, key, r, viaApp ? 'app' : 'cache', 'load', r.id);
  r.servedWriteId = value.writeId;
  const load = r.load!;
  if (viaApp) {
    s.finishRead(r);
    yield env.timeout(half);
  }
  load.stored = storeLoaded(s, key, value, lease, epoch);
  load.storedAt = env.now;
  if (flight !== null) {
    book.flights.delete(key);
    flight.succeed(value);
  }
  if (viaApp) return;
  if (s.cacheEpoch !== epoch) return s.fail(r, 'the cache crashed while loading the key for this read');
  yield s.leg(r, 'cache', 'app', half);
  s.finishRead(r);
}

/** One read: the cache first (unless there is none), then the database on a miss, as the strategy says. */
export function* readRequest(s: CachingSystem, r: CacheRequest): ProcessGenerator<void> {
  const { env } = s;
  if (s.strategy === 'none') {
    r.lookup = 'no-cache';
    yield* loadFromPrimary(s, r.key, r, 'app', 'load', r.id);
    r.servedWriteId = r.load!.writeId;
    return s.finishRead(r);
  }
  const half = s.params.values.cacheMs / 2;
  yield s.leg(r, 'app', 'cache', half);
  r.lookupAt = env.now;
  if (!s.cacheUp) return yield* withoutCache(s, r);
  const found = s.cache.get(r.key, env.now);
  if (found.status !== 'miss') {
    serveEntry(s, r, found.entry, found.status === 'hit');
    yield s.leg(r, 'cache', 'app', half);
    return s.finishRead(r);
  }
  const queued = s.strategy === 'write-behind' ? s.queue.latestFor(r.key) : undefined;
  if (queued !== undefined) {
    // Evicted or expired before its write was flushed: the queue still holds the newest value.
    r.lookup = 'queued-write';
    r.servedWriteId = queued.id;
    yield s.leg(r, 'cache', 'app', half);
    return s.finishRead(r);
  }
  const flight = s.book.flights.get(r.key);
  if (flight !== undefined && s.params.values.stampede !== 'none') {
    r.lookup = 'waited';
    const epoch = s.cacheEpoch;
    s.draw(r, 'cache', 'cache', 0);
    const value: CachedValue = yield flight;
    r.servedWriteId = value.writeId;
    if (s.cacheInPath && s.cacheEpoch !== epoch) return s.fail(r, 'the cache crashed while this read waited for the key to load');
    yield s.leg(r, 'cache', 'app', half);
    return s.finishRead(r);
  }
  r.lookup = 'miss';
  yield* loadAndStore(s, r);
}
