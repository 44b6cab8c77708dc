import type { ProcessGenerator } from '../../engine';
import type { FlushBatch } from '../../models/writeBehindQueue';
import type { CachedValue } from './cachedValue';
import type { CachingSystem, PendingWrite } from './model';
import type { CacheRequest, Place } from './request';
import { CACHED_QUERIES, COSTS, FLUSH_SQL, WRITE_SQL, flushCostMs, writtenName } from './statements';

/** What PGlite answered a statement run for real (no rows for a modelled one). */
interface StatementResult {
  rows: Record<string, unknown>[];
  error?: string;
}

const NOTHING: StatementResult = { rows: [] };
const asResult = (e: Error): StatementResult => ({ rows: [], error: e.message });

/**
 * One load of a key's cached query on the primary, from the application or the cache: half the round
 * trip out, the statement reads the committed row (its snapshot, where a sample runs for real in
 * PGlite), its execution on the database's CPU, half the round trip back. Returns the value to
 * cache; `r` (null for a background refresh) is drawn along and keeps the real rows.
 */
export function* loadFromPrimary(s: CachingSystem, key: number, r: CacheRequest | null, from: Place, source: 'load' | 'refresh', by: number): ProcessGenerator<CachedValue> {
  const { env, book } = s;
  const half = s.params.values.networkRttMs / 2;
  const sentAt = env.now;
  book.loadStarted(key);
  s.sampler.window.count('dbReads');
  s.stats.counts.dbReads++;
  yield s.leg(r, from, 'primary', half);
  const readAt = env.now;
  const writeId = book.committedWriteId[key]!;
  const seq = book.committedSeq[key]!;
  const query = CACHED_QUERIES[s.cachedQuery];
  const real = s.sql.backend !== null && s.realReads.take(env.now);
  // The same event whether or not PGlite runs it, so model-only runs give identical metrics.
  const result: StatementResult = yield env.external(real ? s.sql.work((sql) => sql.query(query.sql, [key]), asResult) : null, NOTHING);
  if (r !== null) {
    r.load = { sentAt, readAt, returnedAt: NaN, writeId, stored: 'pending', storedAt: NaN };
    r.sql = query.sql;
    r.params = [key];
    r.executed = real ? 'real' : 'modelled';
    if (real) r.rows = result.rows;
    if (result.error) r.sqlError = result.error;
  }
  const work = COSTS[s.cachedQuery];
  s.draw(r, 'primary', 'primary', work);
  yield s.cpu.run(work);
  yield s.leg(r, 'primary', from, half);
  book.loadEnded(key);
  if (r?.load) r.load.returnedAt = env.now;
  return { writeId, seq, source, by, readAt, storedAt: NaN, loadMs: env.now - sentAt, staleOnStore: false, supersededBy: 0 };
}

/**
 * One write on the primary: half the round trip out, the update on the CPU, the commit (every
 * write runs in PGlite, in commit order), half the round trip back. `propagates`: something will
 * delete or update the cached entry after it, and until then the cache is behind the database.
 */
export function* writeToPrimary(s: CachingSystem, r: CacheRequest, from: Place, propagates: boolean): ProcessGenerator<void> {
  const { env, book } = s;
  const half = s.params.values.networkRttMs / 2;
  yield s.leg(r, from, 'primary', half);
  s.draw(r, 'primary', 'primary', COSTS.write);
  yield s.cpu.run(COSTS.write);
  r.commitSeq = book.commit(r.key, r.writeId, env.now);
  if (propagates) book.unpropagated[r.key]!++;
  r.committedAt = env.now;
  s.stats.counts.dbWrites++;
  s.sampler.window.count('dbWrites');
  const values = [r.key, writtenName(r.key, r.writeId)];
  r.sql = WRITE_SQL;
  r.params = values;
  r.executed = s.sql.backend !== null ? 'real' : 'modelled';
  const result: StatementResult = yield env.external(s.sql.work((sql) => sql.query(WRITE_SQL, values), asResult), NOTHING);
  if (result.error) r.sqlError = result.error;
  yield s.leg(r, 'primary', from, half);
}

/**
 * One write-behind batch from the cache to the primary, as one statement. It commits only if the
 * cache has not crashed since the batch left (`batch.commit()`); a batch holding several writes of
 * a key sends the newest.
 */
export function* flushToPrimary(s: CachingSystem, batch: FlushBatch<PendingWrite>): ProcessGenerator<void> {
  const { env, book } = s;
  const half = s.params.values.networkRttMs / 2;
  yield env.timeout(half);
  yield s.cpu.run(flushCostMs(batch.writes.length));
  if (!batch.commit()) return;
  const newest = new Map<number, number>();
  for (const w of batch.writes) {
    const seq = book.commit(w.key, w.id, env.now);
    newest.set(w.key, w.id);
    w.request.committedAt = env.now;
    w.request.commitSeq = seq;
  }
  s.stats.counts.dbWrites++;
  s.sampler.window.count('dbWrites');
  s.sampler.window.count('flushed', batch.writes.length);
  const ids = [...newest.keys()];
  const names = ids.map((k) => writtenName(k, newest.get(k)!));
  const result: StatementResult = yield env.external(s.sql.work((sql) => sql.query(FLUSH_SQL, [ids, names]), asResult), NOTHING);
  env.log('write-behind', 'flushed', { writes: batch.writes.length, rows: ids.length, ...(result.error ? { error: result.error } : {}) });
  yield env.timeout(half);
}
