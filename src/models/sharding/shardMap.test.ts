import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConsistentHashRing } from './consistentHashRing';
import { DirectoryMap } from './directoryMap';
import { RangeMap, rangeProblem } from './rangeMap';
import { hashModuloMap, jumpMap, moduloMap, movedFraction, type ShardMap } from './shardMap';

/** Customer-like keys 1…K. */
const KEYS = 20_000;
const keys = Array.from({ length: KEYS }, (_, i) => i + 1);

/**
 * Binomial tolerance for a moved fraction measured on K keys: 5 standard errors of p(1−p)/K.
 * With K = 20,000 that is at most ±0.018, and a failure by chance has probability below 10^−6.
 */
const tolerance = (p: number) => 5 * Math.sqrt((p * (1 - p)) / KEYS);

describe('movement when a shard is added (n → n + 1), over 20,000 keys', () => {
  it.each([2, 4, 7, 12])('modulo moves n/(n+1) of the keys (n = %i), exactly for sequential keys', (n) => {
    // k mod n = k mod (n+1) only when k mod n(n+1) < n: n of every n(n+1) keys stay.
    const measured = movedFraction(moduloMap(n), moduloMap(n + 1), keys);
    const full = Math.floor(KEYS / (n * (n + 1))) * n * (n + 1);
    expect(movedFraction(moduloMap(n), moduloMap(n + 1), keys.slice(0, full))).toBeCloseTo(n / (n + 1), 12);
    expect(Math.abs(measured - n / (n + 1))).toBeLessThan(0.002);
  });

  it.each([2, 4, 7, 12])('hash-modulo moves about n/(n+1) (n = %i)', (n) => {
    const p = n / (n + 1);
    expect(Math.abs(movedFraction(hashModuloMap(n), hashModuloMap(n + 1), keys) - p)).toBeLessThan(tolerance(p));
  });

  it.each([2, 4, 7, 12, 63])('jump moves about 1/(n+1) (n = %i)', (n) => {
    const p = 1 / (n + 1);
    expect(Math.abs(movedFraction(jumpMap(n), jumpMap(n + 1), keys) - p)).toBeLessThan(tolerance(p));
  });

  it.each([2, 4, 7, 12])('a ring with 1,000 vnodes per shard moves about 1/(n+1) (n = %i)', (n) => {
    // The new shard's share of the circle is a sum of 1,000 arcs: its relative spread is
    // √(n/((n+1)·1000)) ≤ 3.2 %, plus the binomial spread of the keys; 15 % of p is > 3 of those.
    const p = 1 / (n + 1);
    const measured = movedFraction(new ConsistentHashRing(n, 1000), new ConsistentHashRing(n + 1, 1000), keys);
    expect(Math.abs(measured - p)).toBeLessThan(0.15 * p + tolerance(p));
  });

  it('jump and the ring are monotone: a key that moves goes to the new shard, never between two old ones (fast-check, seed 21)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }), fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 50, maxLength: 50 }), (n, vnodes, sample) => {
        const maps: [ShardMap, ShardMap][] = [
          [jumpMap(n), jumpMap(n + 1)],
          [new ConsistentHashRing(n, vnodes), new ConsistentHashRing(n + 1, vnodes)],
        ];
        for (const [before, after] of maps) {
          for (const key of sample) {
            const a = before.shardOf(key);
            const b = after.shardOf(key);
            expect(b === a || b === n).toBe(true);
          }
        }
      }),
      { seed: 21, numRuns: 150 },
    );
  });

  it('modulo and hash-modulo are not: most moved keys go between two old shards', () => {
    for (const [before, after] of [
      [moduloMap(8), moduloMap(9)],
      [hashModuloMap(8), hashModuloMap(9)],
    ] as const) {
      const betweenOld = keys.filter((k) => before.shardOf(k) !== after.shardOf(k) && after.shardOf(k) !== 8).length;
      expect(betweenOld / KEYS).toBeGreaterThan(0.7);
    }
  });
});

describe('the ring spreads load like 1/√vnodes', () => {
  /** The coefficient of variation of the shards' circle shares, pooled over independent rings (salts). */
  function spread(shards: number, vnodes: number, rings: number): number {
    let sumSq = 0;
    let count = 0;
    for (let salt = 1; salt <= rings; salt++) {
      for (const share of new ConsistentHashRing(shards, vnodes, salt).arcShares()) {
        sumSq += (share * shards - 1) ** 2;
        count++;
      }
    }
    return Math.sqrt(sumSq / count);
  }

  it.each([4, 25, 100, 400])('shares have a relative spread of √((n−1)/(n·vnodes)) (vnodes = %i, n = 16)', (vnodes) => {
    // A shard's share is the sum of its vnodes' arcs among 16·vnodes uniform points: Beta(v, (n−1)v),
    // whose coefficient of variation is √((n−1)/(n·v)) up to a factor √(nv/(nv+1)). Pooled over 40
    // rings × 16 shards = 640 shares, the estimate's relative standard error is about 1/√(2·640) = 2.8 %
    // (more for few vnodes, where the shares are skewed); 15 % is over 4 of those.
    const n = 16;
    const theory = Math.sqrt((n - 1) / (n * vnodes));
    expect(Math.abs(spread(n, vnodes, 40) / theory - 1)).toBeLessThan(0.15);
  });

  it('16 times the vnodes, a quarter of the spread', () => {
    const ratio = spread(16, 25, 40) / spread(16, 400, 40);
    expect(ratio).toBeGreaterThan(3.4);
    expect(ratio).toBeLessThan(4.6);
  });

  it('shares sum to the whole circle', () => {
    const shares = new ConsistentHashRing(5, 37).arcShares();
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('range maps', () => {
  it('cuts a key space evenly and leaves the last range open for new keys', () => {
    const map = RangeMap.evenly(1, 1000, 4);
    expect(map.ranges.map((r) => [r.from, r.to, r.shard])).toEqual([
      [1, 251, 0],
      [251, 501, 1],
      [501, 751, 2],
      [751, Infinity, 3],
    ]);
    expect([1, 250, 251, 999, 1000, 5_000_000].map((k) => map.shardOf(k))).toEqual([0, 0, 1, 3, 3, 3]);
  });

  it('refuses ranges that leave keys unassigned, overlap or name no shard', () => {
    expect(rangeProblem([{ from: 10, to: Infinity, shard: 0 }], 1, 1)).toMatch(/keys 1 to 9 are unassigned/);
    expect(rangeProblem([{ from: 1, to: 50, shard: 0 }, { from: 60, to: Infinity, shard: 1 }], 2, 1)).toMatch(/keys 50 to 59 are unassigned/);
    expect(rangeProblem([{ from: 1, to: 50, shard: 0 }], 1, 1)).toMatch(/from 50 up are unassigned/);
    expect(rangeProblem([{ from: 1, to: 50, shard: 0 }, { from: 40, to: Infinity, shard: 1 }], 2, 1)).toMatch(/overlap/);
    expect(rangeProblem([{ from: 1, to: Infinity, shard: 3 }], 2, 1)).toMatch(/shard 3/);
    expect(() => new RangeMap([], 1, 1)).toThrow(/unassigned/);
    expect(() => RangeMap.evenly(1, 100, 2).shardOf(0)).toThrow(/unassigned/);
  });

  it('splitting a range moves only the keys above the split point, to the new shard', () => {
    const before = RangeMap.evenly(1, 1000, 4);
    const after = before.split(875);
    expect(after.shardCount).toBe(5);
    for (const k of keys.slice(0, 1200)) {
      const moved = before.shardOf(k) !== after.shardOf(k);
      expect(moved).toBe(k >= 875);
      if (moved) expect(after.shardOf(k)).toBe(4);
    }
    expect(() => after.split(875)).toThrow(/already starts/);
  });
});

describe('directory maps', () => {
  it('looks keys up, refuses unassigned keys, and moves exactly the keys reassigned', () => {
    const dir = new DirectoryMap(keys.slice(0, 100).map((k) => [k, k % 3] as const), 3);
    expect(dir.shardOf(7)).toBe(1);
    expect(() => dir.shardOf(101)).toThrow(/unassigned/);
    expect(dir.unassigned([99, 100, 101, 102])).toEqual([101, 102]);
    const grown = dir.withShards(4);
    for (const k of [3, 6, 9]) grown.assign(k, 3);
    expect(movedFraction(dir, grown, keys.slice(0, 100))).toBeCloseTo(0.03, 12);
    expect(() => grown.assign(1, 4)).toThrow(/does not exist/);
  });
});
