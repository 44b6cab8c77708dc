import type { ProcessGenerator } from '../../engine';
import type { CachedValue } from './cachedValue';
import type { CachingSystem } from './model';
import { writeToPrimary } from './primary';
import type { CacheRequest } from './request';

/**
 * The value a writer puts in the cache: its own write, committed (`seq`) or not yet (write-behind:
 * NaN). Called once the writer's own delete-or-update is no longer counted as in flight, so a
 * newer write already committed with nothing left on its way makes this store the race.
 */
function writersValue(s: CachingSystem, r: CacheRequest, seq: number): CachedValue {
  const { book, env } = s;
  const staleOnStore = seq < book.committedSeq[r.key]! && book.unpropagated[r.key] === 0;
  return {
    writeId: r.writeId,
    seq,
    source: 'write',
    by: r.id,
    readAt: env.now,
    storedAt: env.now,
    loadMs: 0,
    staleOnStore,
    supersededBy: staleOnStore ? book.committedWriteId[r.key]! : 0,
  };
}

/** A write the cache must take while it is down: refused after the attempt (a connection error). */
function* refusedByDownCache(s: CachingSystem, r: CacheRequest): ProcessGenerator<void> {
  yield s.leg(r, 'app', 'cache', s.params.values.cacheMs);
  s.fail(r, `the cache is down, and every write goes through it (${s.strategy})`);
}

/** Cache-aside and read-through: the application writes the database, then deletes or updates the cached entry (or leaves it). */
function* writeThenInvalidate(s: CachingSystem, r: CacheRequest): ProcessGenerator<void> {
  const { book, env } = s;
  const mode = s.params.values.invalidateOnWrite;
  yield* writeToPrimary(s, r, 'app', mode !== 'none');
  if (mode === 'none') return s.finishWrite(r);
  const half = s.params.values.cacheMs / 2;
  yield s.leg(r, 'app', 'cache', half);
  // A down cache refuses the delete; the application logs it and goes on (the cache is empty anyway).
  book.unpropagated[r.key]!--;
  if (s.cacheUp) {
    if (mode === 'delete') s.cache.delete(r.key);
    else s.cache.write(r.key, writersValue(s, r, r.commitSeq), env.now);
    book.invalidatedAt[r.key] = env.now;
  }
  r.propagatedAt = env.now;
  yield s.leg(r, 'cache', 'app', half);
  s.finishWrite(r);
}

/** Write-through: the cache writes the database and, once it commits, updates its entry and answers. */
function* writeThrough(s: CachingSystem, r: CacheRequest): ProcessGenerator<void> {
  if (!s.cacheUp) return yield* refusedByDownCache(s, r);
  const { book, env } = s;
  const epoch = s.cacheEpoch;
  const half = s.params.values.cacheMs / 2;
  yield s.leg(r, 'app', 'cache', half);
  if (s.cacheEpoch !== epoch) return s.fail(r, 'the cache crashed before it took the write');
  yield* writeToPrimary(s, r, 'cache', true);
  book.unpropagated[r.key]!--;
  if (s.cacheEpoch !== epoch) return s.fail(r, 'the cache crashed before answering (the write had committed in the database)');
  s.cache.write(r.key, writersValue(s, r, r.commitSeq), env.now);
  book.invalidatedAt[r.key] = env.now;
  r.propagatedAt = env.now;
  yield s.leg(r, 'cache', 'app', half);
  s.finishWrite(r);
}

/** Write-behind: the cache stores the write, queues it for the next flush and answers at once. */
function* writeBehind(s: CachingSystem, r: CacheRequest): ProcessGenerator<void> {
  if (!s.cacheUp) return yield* refusedByDownCache(s, r);
  const { env } = s;
  const epoch = s.cacheEpoch;
  const half = s.params.values.cacheMs / 2;
  yield s.leg(r, 'app', 'cache', half);
  if (s.cacheEpoch !== epoch) return s.fail(r, 'the cache crashed before it took the write');
  s.cache.write(r.key, writersValue(s, r, NaN), env.now);
  s.queue.enqueue({ id: r.writeId, key: r.key, acknowledgedAt: env.now, request: r });
  s.stats.counts.acknowledged++;
  r.queuedAt = env.now;
  yield s.leg(r, 'cache', 'app', half);
  s.finishWrite(r);
}

/** One write, as the strategy says. */
export function* writeRequest(s: CachingSystem, r: CacheRequest): ProcessGenerator<void> {
  r.writeId = s.nextWriteId++;
  s.sampler.window.count('writes');
  switch (s.strategy) {
    case 'none':
    case 'write-around':
      yield* writeToPrimary(s, r, 'app', false);
      return s.finishWrite(r);
    case 'cache-aside':
    case 'read-through':
      return yield* writeThenInvalidate(s, r);
    case 'write-through':
      return yield* writeThrough(s, r);
    case 'write-behind':
      return yield* writeBehind(s, r);
  }
}
