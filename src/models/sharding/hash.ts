/**
 * Integer hashing for shard placement: MurmurHash3's 32-bit finalizer (fmix32), a bijection on
 * 32-bit words with full avalanche, so consecutive keys (customer 1, 2, 3…) land far apart.
 * Pure integer arithmetic (Math.imul), identical in every JavaScript engine.
 */
export function hash32(key: number): number {
  let h = key | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Two 32-bit words mixed into one hash (a ring point from a shard and a vnode number, a salted key). */
export function hashPair(a: number, b: number): number {
  return hash32(hash32(a) ^ Math.imul(b | 0, 0x9e3779b9));
}

/** A 64-bit key as two unsigned 32-bit words (JavaScript numbers hold only 53 bits exactly). */
export interface Key64 {
  hi: number;
  lo: number;
}

/**
 * The 64-bit key jump consistent hash takes for an integer key: the key itself in the low word and
 * its hash in the high word, so distinct keys give distinct, well-mixed 64-bit keys.
 */
export function key64(key: number): Key64 {
  return { hi: hash32(key), lo: key >>> 0 };
}
