import { hash32, key64 } from './hash';
import { jumpConsistentHash } from './jumpHash';

/** How keys are placed on shards. */
export type ShardStrategy = 'modulo' | 'hash-modulo' | 'range' | 'consistent-hash' | 'jump' | 'directory';

/** A shard map: which of `shardCount` shards (0 … shardCount − 1) holds a key. */
export interface ShardMap {
  readonly strategy: ShardStrategy;
  readonly shardCount: number;
  /** The shard holding `key`; throws for a key the map leaves unassigned (range and directory maps only). */
  shardOf(key: number): number;
}

function checkCount(n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`a shard map needs a whole number of shards ≥ 1, got ${n}`);
}

/** key mod n: simple, even for sequential keys, and almost every key moves when n changes. */
export function moduloMap(shardCount: number): ShardMap {
  checkCount(shardCount);
  return { strategy: 'modulo', shardCount, shardOf: (key) => ((key % shardCount) + shardCount) % shardCount };
}

/** hash(key) mod n: even for any key pattern, but still ~n/(n+1) of the keys move from n to n + 1 shards. */
export function hashModuloMap(shardCount: number): ShardMap {
  checkCount(shardCount);
  return { strategy: 'hash-modulo', shardCount, shardOf: (key) => hash32(key) % shardCount };
}

/** Jump consistent hash: no state, perfectly even, and only ~1/(n+1) of the keys move to the new shard. */
export function jumpMap(shardCount: number): ShardMap {
  checkCount(shardCount);
  return { strategy: 'jump', shardCount, shardOf: (key) => jumpConsistentHash(key64(key), shardCount) };
}

/** Of `keys`, the fraction whose shard differs between two maps. */
export function movedFraction(before: ShardMap, after: ShardMap, keys: Iterable<number>): number {
  let moved = 0;
  let total = 0;
  for (const key of keys) {
    total++;
    if (before.shardOf(key) !== after.shardOf(key)) moved++;
  }
  return total === 0 ? 0 : moved / total;
}
