import { fifoRandomHitRatio, lruHitRatio, ttlHitRatio, zipfPopularity } from '../../theory/cacheHitRatio';
import type { CachingSystem } from './model';

let memo: { key: string; value: number | null } = { key: '', value: null };

/**
 * What theory says the hit ratio is for the current settings, or null where it has no answer
 * (writes, a crash, revalidating strategies that serve expired entries, LFU, a TTL together with a
 * capacity). Reads only, keys requested independently (the independent reference model):
 *   - no capacity limit: each key's TTL hit ratio, weighted by its share of the reads;
 *   - no TTL, LRU: Che's approximation; FIFO or random: its analogue for them.
 * Loads are taken to be instantaneous; a real load of L ms adds about λ·L misses per expiry of a
 * key read at rate λ (small when λ·L ≪ 1, as the fidelity tests choose).
 */
export function cachingTheory(s: CachingSystem): number | null {
  const p = s.params.values;
  if (s.strategy === 'none' || p.readFraction < 1 || s.crashes > 0) return null;
  if (p.stampede !== 'none' && p.stampede !== 'lock') return null;
  const key = JSON.stringify([p.keyDist, p.keys, p.zipfS, p.capacity, p.ttlMs, p.ttlMode, p.eviction, p.arrivalRate]);
  if (memo.key === key) return memo.value;
  const popularity = zipfPopularity(p.keys, p.keyDist === 'zipf' ? p.zipfS : 0);
  let value: number | null = null;
  if (p.capacity === 0 || p.capacity >= p.keys) value = ttlHitRatio(popularity, p.arrivalRate / 1000, p.ttlMs, p.ttlMode);
  else if (p.ttlMs === 0 && p.eviction === 'lru') value = lruHitRatio(popularity, p.capacity);
  else if (p.ttlMs === 0 && (p.eviction === 'fifo' || p.eviction === 'random')) value = fifoRandomHitRatio(popularity, p.capacity);
  memo = { key, value };
  return value;
}
