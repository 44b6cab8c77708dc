import { ln } from '../../engine';
import type { CachingDetail, EntryView } from './detail';
import type { CachingSystem } from './model';
import type { CachingMetrics } from './project';

/** Entries the view draws at most (the hottest), and pending writes it lists. */
const DRAWN_ENTRIES = 240;
const LISTED_PENDING = 60;

/** The cache's hottest entries as the view draws them: heat from hits, life from the TTL left. */
function entryViews(s: CachingSystem): EntryView[] {
  const now = s.env.now;
  const ttl = s.params.values.ttlMs;
  const committed = s.book.committedSeq;
  const all = [...s.cache.values()];
  const drawn = all.length > DRAWN_ENTRIES ? all.sort((a, b) => b.hits - a.hits || a.key - b.key).slice(0, DRAWN_ENTRIES) : all;
  // On a log scale: under Zipf popularity the hottest key has hundreds of times the hits of most.
  const hottest = ln(1 + Math.max(1, ...drawn.map((e) => e.hits)));
  return drawn
    .map((e) => ({
      key: e.key,
      heat: ln(1 + e.hits) / hottest,
      life: e.expiresAt === Infinity || ttl <= 0 ? 1 : Math.max(0, Math.min(1, (e.expiresAt - now) / ttl)),
      expired: now >= e.expiresAt,
      dirty: Number.isNaN(e.value.seq),
      stale: e.value.seq < committed[e.key]!,
      writeId: e.value.writeId,
    }))
    .sort((a, b) => a.key - b.key);
}

/** Everything the caching view draws: the cache's entries, the queue, lost writes, stale reads, loads in flight. */
export function cachingDetail(s: CachingSystem, m: CachingMetrics): CachingDetail {
  const p = s.params.values;
  const sending = s.queue.inFlight.map((w) => ({ writeId: w.id, key: w.key, acknowledgedAt: w.acknowledgedAt, sending: true }));
  const queued = s.queue.queued.slice(-LISTED_PENDING).map((w) => ({ writeId: w.id, key: w.key, acknowledgedAt: w.acknowledgedAt, sending: false }));
  return {
    kind: 'caching',
    strategy: s.strategy,
    cacheUp: s.cacheUp,
    ttlMs: p.ttlMs,
    capacity: p.capacity,
    keys: p.keys,
    hitRatio: m.hitRatio,
    entryCount: s.cache.size,
    entries: entryViews(s),
    recentEvictions: s.recentEvictions.slice(-12),
    queue: [...sending, ...queued].slice(-LISTED_PENDING),
    pending: s.queue.pending,
    flushed: s.queue.flushed,
    lostWrites: s.lostWrites.slice(-200),
    lostTotal: s.lostEver,
    staleReads: s.recentStale
      .slice()
      .reverse()
      .map((r) => ({ id: r.id, t: r.lookupAt, key: r.key, sawWriteId: r.servedWriteId, dbWriteId: r.dbWriteId, cause: r.staleCause! })),
    staleTotal: m.reads.stale,
    readsTotal: m.reads.total,
    warmupMs: s.warmupMs,
    loadsInFlight: s.book.busiestLoads(5),
    maxConcurrentLoads: m.stampede.maxConcurrentLoads,
    events: s.events.slice(-12),
  };
}
