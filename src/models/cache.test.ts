import { describe, expect, it } from 'vitest';
import { Rng } from '../engine';
import { fifoRandomHitRatio, keyTtlHitRatio, lruHitRatio, zipfPopularity } from '../theory/cacheHitRatio';
import { Cache, refreshEarly, type CacheSettings, type EvictionPolicy } from './cache';

const settings = (over: Partial<CacheSettings> = {}): CacheSettings => ({ ttlMs: 0, ttlMode: 'fixed', capacity: 0, eviction: 'lru', staleGraceMs: 0, ...over });

/**
 * Read keys drawn by `pick` at Poisson times of rate `rate` (per ms), storing each miss at once
 * (a load that takes no time): the cache alone, as the theory models it. Returns hits and reads.
 */
function readStream(cache: Cache<number, number>, rng: Rng, rate: number, reads: number, pick: () => number, warmup = 0) {
  let now = 0;
  let hits = 0;
  for (let i = 0; i < warmup + reads; i++) {
    now += rng.exponential(1 / rate);
    const key = pick();
    const found = cache.get(key, now);
    if (found.status === 'hit') {
      if (i >= warmup) hits++;
    } else cache.fill(key, key, now);
  }
  return { hits, reads, ratio: hits / reads };
}

/**
 * The tolerance for a hit ratio measured over `n` reads: 4 binomial standard errors. For a sliding
 * TTL the hits are independent Bernoulli trials (each is "the gap since the previous read < T"),
 * so this is exact; for a fixed TTL the renewal-cycle variance is smaller (by √(1 − h)); for LRU,
 * FIFO and random under independent requests the correlation between reads is weak. A right model
 * fails it about once in 16,000 runs; a wrong one by a few percent fails it every time.
 */
const tolerance = (h: number, n: number) => 4 * Math.sqrt((h * (1 - h)) / n);

describe('cache: time to live', () => {
  it.each([
    ['fixed', 0.01, 100],
    ['fixed', 0.002, 1000],
    ['sliding', 0.01, 100],
    ['sliding', 0.001, 500],
  ] as const)('one key read as a Poisson stream (%s TTL, λ = %f/ms, T = %f ms) hits as theory says', (mode, rate, ttl) => {
    const cache = new Cache<number, number>(settings({ ttlMs: ttl, ttlMode: mode }));
    const { ratio, reads } = readStream(cache, new Rng(7), rate, 100_000, () => 1);
    const h = keyTtlHitRatio(rate, ttl, mode);
    expect(Math.abs(ratio - h)).toBeLessThan(tolerance(h, reads));
  });

  it('a sliding TTL restarts at each hit; a fixed one does not', () => {
    const sliding = new Cache<string, number>(settings({ ttlMs: 100, ttlMode: 'sliding' }));
    const fixed = new Cache<string, number>(settings({ ttlMs: 100 }));
    for (const c of [sliding, fixed]) {
      c.fill('k', 1, 0);
      expect(c.get('k', 90).status).toBe('hit');
    }
    expect(sliding.get('k', 150).status).toBe('hit');
    expect(fixed.get('k', 150)).toEqual({ status: 'miss', expired: true });
    expect(fixed.expirations).toBe(1);
  });

  it('stale-while-revalidate: an expired entry is served as stale within the grace, then gone', () => {
    const c = new Cache<string, number>(settings({ ttlMs: 100, staleGraceMs: 50 }));
    c.fill('k', 1, 0);
    expect(c.get('k', 120).status).toBe('stale');
    expect(c.get('k', 151)).toEqual({ status: 'miss', expired: true });
    c.fill('k', 2, 200);
    c.expire('k', 210);
    expect(c.get('k', 210).status).toBe('stale');
    expect(c.liveCount(210)).toBe(0);
  });
});

describe('cache: capacity and eviction', () => {
  it.each(['lru', 'fifo', 'random'] as const)('%s over N uniform keys hits C/N', (eviction) => {
    const rng = new Rng(11);
    const cache = new Cache<number, number>(settings({ capacity: 50, eviction }), rng.fork('eviction'));
    const keys = rng.fork('keys');
    const { ratio, reads } = readStream(cache, rng, 1, 200_000, () => keys.int(1, 250), 5_000);
    expect(Math.abs(ratio - 0.2)).toBeLessThan(tolerance(0.2, reads));
    expect(cache.size).toBe(50);
  });

  it.each([
    ['lru', 0.8, 100],
    ['lru', 1.2, 20],
    ['fifo', 0.8, 100],
    ['random', 1, 50],
  ] as const)("%s under Zipf(s = %f) over 1000 keys with C = %i: Che's approximation (LRU) or its FIFO/random analogue", (eviction, s, capacity) => {
    const rng = new Rng(3);
    const cache = new Cache<number, number>(settings({ capacity, eviction }), rng.fork('eviction'));
    const keys = rng.fork('keys');
    const { ratio, reads } = readStream(cache, rng, 1, 200_000, () => keys.zipf(1000, s), 20_000);
    const p = zipfPopularity(1000, s);
    const h = eviction === 'lru' ? lruHitRatio(p, capacity) : fifoRandomHitRatio(p, capacity);
    // The approximations' own error for a thousand keys is below a thousandth (measured: ≤ 0.0006
    // against 400,000-read runs of these four cases), well under the sampling tolerance.
    expect(Math.abs(ratio - h)).toBeLessThan(tolerance(h, reads) + 0.001);
  });

  it('LRU evicts the least recently used, FIFO the oldest, LFU the least used', () => {
    const victimAfter = (eviction: EvictionPolicy) => {
      const evicted: string[] = [];
      const c = new Cache<string, number>(settings({ capacity: 3, eviction }), null, { removed: (e, why) => why === 'capacity' && evicted.push(e.key) });
      c.fill('a', 1, 0);
      c.fill('b', 1, 1);
      c.fill('c', 1, 2);
      c.get('a', 3);
      c.get('a', 4);
      c.get('c', 5);
      c.fill('d', 1, 6);
      return evicted;
    };
    expect(victimAfter('lru')).toEqual(['b']);
    expect(victimAfter('fifo')).toEqual(['a']);
    expect(victimAfter('lfu')).toEqual(['b']);
  });

  it('LFU keeps the frequently read keys and breaks ties by recency', () => {
    const c = new Cache<number, number>(settings({ capacity: 2, eviction: 'lfu' }));
    c.fill(1, 1, 0);
    for (let t = 1; t < 5; t++) c.get(1, t);
    c.fill(2, 2, 5);
    c.fill(3, 3, 6); // evicts 2 (one use) rather than 1 (five)
    expect(c.peek(1)).toBeDefined();
    expect(c.peek(2)).toBeUndefined();
    c.delete(3);
    c.fill(4, 4, 7);
    c.fill(5, 5, 8); // 4 is the only one at frequency 1
    expect([...c.values()].map((e) => e.key).sort()).toEqual([1, 5]);
    expect(c.evictions).toBe(2);
  });

  it('random eviction draws from the injected stream: same seed, same victims', () => {
    const victims = (seed: number) => {
      const out: number[] = [];
      const c = new Cache<number, number>(settings({ capacity: 10, eviction: 'random' }), new Rng(seed), { removed: (e) => out.push(e.key) });
      for (let k = 0; k < 100; k++) c.fill(k, k, k);
      return out;
    };
    expect(victims(5)).toEqual(victims(5));
    expect(victims(5)).not.toEqual(victims(6));
    expect(() => new Cache(settings({ eviction: 'random' }))).toThrow(/random stream/);
  });

  it('a smaller capacity evicts at once; another policy keeps the entries', () => {
    const c = new Cache<number, number>(settings({ capacity: 10 }));
    for (let k = 0; k < 10; k++) c.fill(k, k, k);
    c.configure(settings({ capacity: 4, eviction: 'fifo' }));
    expect([...c.values()].map((e) => e.key)).toEqual([6, 7, 8, 9]);
    expect(c.evictions).toBe(6);
  });
});

describe('cache: leases, writes and crashes', () => {
  it('a lease taken on a miss is refused after a delete or a write of the key, accepted otherwise', () => {
    const c = new Cache<string, string>(settings());
    const lease = c.lease('k');
    expect(c.fill('k', 'old', 1, lease)).toBe(true);
    const second = c.lease('k');
    c.delete('k'); // a writer invalidates while a reader is loading
    expect(c.fill('k', 'old row', 2, second)).toBe(false);
    expect(c.peek('k')).toBeUndefined();
    const third = c.lease('k');
    c.write('k', 'new', 3);
    expect(c.fill('k', 'old row', 4, third)).toBe(false);
    expect(c.peek('k')!.value).toBe('new');
    expect(c.fill('k', 'unchecked', 5)).toBe(true); // without a lease nothing is checked
  });

  it('clear drops every entry and every lease', () => {
    const c = new Cache<number, number>(settings());
    for (let k = 0; k < 5; k++) c.fill(k, k, 0);
    c.delete(1);
    expect(c.clear()).toBe(4);
    expect(c.size).toBe(0);
    expect(c.lease(1)).toBe(0);
  });

  it('early refresh (XFetch): never long before expiry, always at it, more likely for slow loads', () => {
    expect(refreshEarly(1000, 0, 1, 0.5)).toBe(false);
    expect(refreshEarly(1000, 1000, 1, 0)).toBe(true);
    expect(refreshEarly(Infinity, 1e12, 1, 0.999)).toBe(false);
    const share = (loadMs: number) => {
      const rng = new Rng(1);
      let n = 0;
      for (let i = 0; i < 10_000; i++) if (refreshEarly(1000, 990, loadMs, rng.random())) n++;
      return n / 10_000;
    };
    // P(refresh Δ before expiry) = e^(−Δ / loadMs): e^(−10) vs e^(−1).
    expect(share(1)).toBeLessThan(0.001);
    expect(Math.abs(share(10) - Math.exp(-1))).toBeLessThan(0.02);
  });
});
