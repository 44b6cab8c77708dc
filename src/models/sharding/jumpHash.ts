import type { Key64 } from './hash';

/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014): the bucket in [0, buckets) of a 64-bit key. The paper's C++, line for line:
 *
 *   int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
 *     int64_t b = -1, j = 0;
 *     while (j < num_buckets) {
 *       b = j;
 *       key = key * 2862933555777941757ULL + 1;
 *       j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
 *     }
 *     return b;
 *   }
 *
 * The 64-bit multiply is done on 16-bit limbs (exact in doubles); the division is the paper's
 * double arithmetic, which JavaScript numbers reproduce bit for bit. A BigInt transcription
 * checks this against published reference values (jumpHash.test.ts).
 */
export function jumpConsistentHash(key: Key64, buckets: number): number {
  if (!(Number.isInteger(buckets) && buckets >= 1)) throw new RangeError(`jump hash needs a whole number of buckets ≥ 1, got ${buckets}`);
  let hi = key.hi >>> 0;
  let lo = key.lo >>> 0;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    [hi, lo] = lcgStep(hi, lo);
    // key >> 33 is the high word shifted right by one: 31 bits.
    j = Math.floor((b + 1) * (2147483648 / ((hi >>> 1) + 1)));
  }
  return b;
}

/** 2862933555777941757 as 16-bit limbs, least significant first (0x27BB2EE687B0B0FD). */
const M = [0xb0fd, 0x87b0, 0x2ee6, 0x27bb];

/** key · 2862933555777941757 + 1 (mod 2^64), on 16-bit limbs. */
function lcgStep(hi: number, lo: number): [number, number] {
  const k = [lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16];
  const out = [1, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    for (let m = 0; m + i < 4; m++) out[i + m]! += k[i]! * M[m]!;
  }
  // Carry upwards; every partial sum stays below 2^53.
  for (let i = 0; i < 3; i++) {
    out[i + 1]! += Math.floor(out[i]! / 65536);
    out[i] = out[i]! % 65536;
  }
  out[3] = out[3]! % 65536;
  return [(out[3]! * 65536 + out[2]!) >>> 0, (out[1]! * 65536 + out[0]!) >>> 0];
}
