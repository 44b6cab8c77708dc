import { describe, expect, it } from 'vitest';
import { cheCharacteristicTime, fifoRandomHitRatio, keyTtlHitRatio, lruHitRatio, ttlHitRatio, zipfPopularity } from './cacheHitRatio';

describe('cache hit ratios under the independent reference model', () => {
  it('a single key with a TTL: λT/(1+λT) fixed, 1−e^(−λT) sliding, 1 without expiry', () => {
    expect(keyTtlHitRatio(0.01, 100, 'fixed')).toBeCloseTo(0.5, 12);
    expect(keyTtlHitRatio(0.01, 100, 'sliding')).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(keyTtlHitRatio(0.01, 0, 'fixed')).toBe(1);
    // Sliding is always at least fixed: a hit also renews the entry.
    for (const x of [0.1, 1, 3]) expect(keyTtlHitRatio(x, 1, 'sliding')).toBeGreaterThan(keyTtlHitRatio(x, 1, 'fixed'));
  });

  it('many keys: the rate-weighted mean of each key’s hit ratio', () => {
    const p = [0.5, 0.3, 0.2];
    const expected = p.reduce((h, pi) => h + pi * ((pi * 2) / (1 + pi * 2)), 0);
    expect(ttlHitRatio(p, 2, 1, 'fixed')).toBeCloseTo(expected, 12);
  });

  it('Zipf popularity sums to 1, decreasing with rank; s = 0 is uniform', () => {
    const p = zipfPopularity(100, 1);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]! / p[1]!).toBeCloseTo(2, 12);
    expect([...zipfPopularity(4, 0)]).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("Che's characteristic time solves Σ(1 − e^(−λ_i·T)) = C", () => {
    const p = zipfPopularity(1000, 0.8);
    const t = cheCharacteristicTime(p, 100);
    const occupancy = p.reduce((sum, pi) => sum + (1 - Math.exp(-pi * t)), 0);
    expect(occupancy).toBeCloseTo(100, 8);
    expect(cheCharacteristicTime(p, 1000)).toBe(Infinity);
    expect(cheCharacteristicTime(p, 0)).toBe(0);
  });

  it('uniform popularity gives C/N under LRU (Che) and under FIFO or random replacement', () => {
    const p = zipfPopularity(500, 0);
    for (const c of [1, 50, 250, 499]) {
      expect(lruHitRatio(p, c)).toBeCloseTo(c / 500, 10);
      expect(fifoRandomHitRatio(p, c)).toBeCloseTo(c / 500, 10);
    }
  });

  it('under skew LRU beats FIFO/random, both beat C/N, and both grow with the capacity', () => {
    const p = zipfPopularity(1000, 1);
    let previous = 0;
    for (const c of [10, 50, 100, 300, 900]) {
      const lru = lruHitRatio(p, c);
      expect(lru).toBeGreaterThan(previous);
      expect(lru).toBeGreaterThan(fifoRandomHitRatio(p, c));
      expect(fifoRandomHitRatio(p, c)).toBeGreaterThan(c / 1000);
      previous = lru;
    }
    expect(lruHitRatio(p, 1000)).toBe(1);
  });
});
