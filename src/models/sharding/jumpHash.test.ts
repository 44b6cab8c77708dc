import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jumpConsistentHash } from './jumpHash';
import { key64 } from './hash';

/** The paper's algorithm transcribed with BigInt (64-bit unsigned arithmetic), as the reference. */
function jumpReference(key: bigint, buckets: number): number {
  const MASK = (1n << 64n) - 1n;
  let k = key & MASK;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & MASK;
    j = Math.floor((b + 1) * (2147483648 / (Number(k >> 33n) + 1)));
  }
  return b;
}

const split = (key: bigint) => ({ hi: Number(key >> 32n), lo: Number(key & 0xffffffffn) });

// Published values of JumpConsistentHash(key, buckets) from two independent implementations of the
// paper: ClickHouse's test 00580_consistent_hashing_functions (jumpConsistentHash) and the Rust crates
// jumphash / rust-jumphash (jump_consistent_hash(123456, 1000) = 984).
const REFERENCE: [bigint, number, number][] = [
  [1n, 1, 0],
  [42n, 57, 43],
  [256n, 1024, 520],
  [3735883980n, 1, 0],
  [3735883980n, 666, 361],
  [16045690984833335023n, 255, 237],
  [123456n, 1000, 984],
];

describe('jump consistent hash (Lamping & Veach)', () => {
  it.each(REFERENCE)('jump(%s, %s) = %s, as published', (key, buckets, expected) => {
    expect(jumpReference(key, buckets)).toBe(expected);
    expect(jumpConsistentHash(split(key), buckets)).toBe(expected);
  });

  it('the limb arithmetic equals the BigInt transcription for any 64-bit key and bucket count (fast-check, seed 11)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 100000 }), (key, buckets) => {
        expect(jumpConsistentHash(split(key), buckets)).toBe(jumpReference(key, buckets));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('is monotone: from n to n + 1 buckets a key stays or moves to the new bucket n (fast-check, seed 12)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 500 }), (key, n) => {
        const before = jumpConsistentHash(key64(key), n);
        const after = jumpConsistentHash(key64(key), n + 1);
        expect(after === before || after === n).toBe(true);
      }),
      { seed: 12, numRuns: 5000 },
    );
  });

  it('refuses a bucket count below 1', () => {
    expect(() => jumpConsistentHash({ hi: 0, lo: 1 }, 0)).toThrow(/buckets/);
  });
});
