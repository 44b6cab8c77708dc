import { ConsistentHashRing } from '../../models/sharding/consistentHashRing';
import { DirectoryMap } from '../../models/sharding/directoryMap';
import { RangeMap } from '../../models/sharding/rangeMap';
import { hashModuloMap, jumpMap, moduloMap, type ShardMap, type ShardStrategy } from '../../models/sharding/shardMap';
import type { ShardKey } from './params';

/**
 * The key spaces a shard key places rows in. With customer_id every row follows its customer
 * (one space); with order_id, orders (and their lines) are placed by order id and customers (and
 * their accounts) by customer id, each space with a map of its own; with created_at, customers and
 * orders alike are placed by their timestamp.
 */
export type KeySpace = 'customer' | 'order' | 'time';

/** A unit of placement: a customer (with its account, and its orders when they follow it) or an order (with its lines). */
export type UnitKind = 'customer' | 'order';

export function spaceOf(shardKey: ShardKey, kind: UnitKind): KeySpace {
  if (shardKey === 'created_at') return 'time';
  return kind === 'order' && shardKey === 'order_id' ? 'order' : 'customer';
}

/** Whether orders are units of their own (else they live with their customer). */
export function ordersApart(shardKey: ShardKey): boolean {
  return shardKey !== 'customer_id';
}

/** A key space's keys with the rows each holds, for the maps that depend on the data (ranges, directory). */
export interface SpaceKeys {
  /** Keys in ascending order (repeats allowed: two orders in the same second share a time key). */
  keys: number[];
  rows: number[];
}

/** The map a strategy gives `shardCount` shards, for the keys of one space. */
export function initialMap(strategy: ShardStrategy, shardCount: number, vnodes: number, space: SpaceKeys): ShardMap {
  switch (strategy) {
    case 'modulo':
      return moduloMap(shardCount);
    case 'hash-modulo':
      return hashModuloMap(shardCount);
    case 'jump':
      return jumpMap(shardCount);
    case 'consistent-hash':
      return new ConsistentHashRing(shardCount, vnodes);
    case 'range': {
      const lowest = space.keys.length > 0 ? space.keys[0]! : 0;
      const highest = space.keys.length > 0 ? space.keys[space.keys.length - 1]! : 0;
      return RangeMap.evenly(Math.min(lowest, 0), Math.max(highest, lowest + shardCount), shardCount);
    }
    case 'directory':
      return balancedDirectory(shardCount, space);
  }
}

/** A directory filled in key order, each key to the shard holding the fewest rows so far: even by size. */
function balancedDirectory(shardCount: number, space: SpaceKeys): DirectoryMap {
  const dir = new DirectoryMap([], shardCount);
  const rows = new Array<number>(shardCount).fill(0);
  space.keys.forEach((key, i) => {
    if (dir.has(key)) {
      rows[dir.shardOf(key)]! += space.rows[i]!;
      return;
    }
    const shard = lightest(rows);
    dir.assign(key, shard);
    rows[shard]! += space.rows[i]!;
  });
  return dir;
}

/** The index of the smallest value (the lowest index on ties). */
export function lightest(values: readonly number[], among: number = values.length): number {
  let best = 0;
  for (let i = 1; i < among; i++) if (values[i]! < values[best]!) best = i;
  return best;
}

/**
 * The map after growing to `to` shards: hash maps are rebuilt for `to` shards (jump and the ring
 * move ~1/(n+1) of the keys, modulo ~n/(n+1)); a range map splits its heaviest range (by
 * `weight`) at its weighted median until there are `to` shards; a directory moves keys from the
 * fullest shards onto the new ones until every shard holds about the same rows.
 */
export function grownMap(map: ShardMap, to: number, vnodes: number, space: SpaceKeys, weight: number[]): ShardMap {
  if (map instanceof RangeMap) {
    let grown = map;
    while (grown.shardCount < to) grown = splitHeaviest(grown, space, weight, null);
    return grown;
  }
  if (map instanceof DirectoryMap) return rebalancedDirectory(map, to, space);
  return initialMap(map.strategy, to, vnodes, space);
}

/**
 * Split one shard's heaviest range at its weighted median (weight: rows, or requests for a hot
 * range), the upper half to a new shard. A range whose weight sits on one key cannot be halved:
 * that key goes to the new shard alone (one hot key stays hot wherever it lives).
 */
export function splitHeaviest(map: RangeMap, space: SpaceKeys, weight: number[], shard: number | null): RangeMap {
  const perRange = map.ranges.map(() => 0);
  space.keys.forEach((key, i) => (perRange[map.ranges.indexOf(map.rangeOf(key))]! += weight[i]!));
  let heaviest = -1;
  perRange.forEach((w, i) => {
    if ((shard === null || map.ranges[i]!.shard === shard) && (heaviest < 0 || w > perRange[heaviest]!)) heaviest = i;
  });
  if (heaviest < 0) return map;
  const range = map.ranges[heaviest]!;
  // The first key (past the range's start) with at least half the range's weight below it.
  let below = 0;
  let at = NaN;
  let previous = NaN;
  space.keys.forEach((key, i) => {
    if (key < range.from || key >= range.to || !Number.isNaN(at)) return;
    if (key !== previous && key > range.from && below >= perRange[heaviest]! / 2) at = key;
    below += weight[i]!;
    previous = key;
  });
  if (Number.isNaN(at)) {
    // The weight sits on the range's last key: that key goes to the new shard on its own.
    at = Number.isNaN(previous) || previous <= range.from ? range.from + 1 : previous;
    if (at >= range.to) return map;
  }
  return map.split(at);
}

/** A directory grown to `to` shards, the new ones filled from the fullest until the rows are even. */
function rebalancedDirectory(map: DirectoryMap, to: number, space: SpaceKeys): DirectoryMap {
  const grown = map.withShards(to);
  const rows = new Array<number>(to).fill(0);
  const keyRows = new Map<number, number>();
  space.keys.forEach((key, i) => keyRows.set(key, (keyRows.get(key) ?? 0) + space.rows[i]!));
  for (const [key, r] of keyRows) rows[grown.shardOf(key)]! += r;
  const target = rows.reduce((a, b) => a + b, 0) / to;
  for (let fresh = map.shardCount; fresh < to; fresh++) {
    for (const [key, r] of keyRows) {
      if (rows[fresh]! + r / 2 > target) break;
      const from = grown.shardOf(key);
      if (from >= map.shardCount || rows[from]! - r < target) continue;
      grown.assign(key, fresh);
      rows[from]! -= r;
      rows[fresh]! += r;
    }
  }
  return grown;
}

/** A directory with the hottest keys of `shard` (half its weight) moved to a new shard. */
export function splitDirectory(map: DirectoryMap, shard: number, space: SpaceKeys, weight: number[]): DirectoryMap {
  const grown = map.withShards(map.shardCount + 1);
  const mine = space.keys.map((key, i) => ({ key, w: weight[i]! })).filter((k) => map.shardOf(k.key) === shard);
  const total = mine.reduce((s, k) => s + k.w, 0);
  mine.sort((a, b) => b.w - a.w || a.key - b.key);
  let moved = 0;
  for (const k of mine) {
    if (moved > 0 && moved + k.w > total / 2) continue;
    grown.assign(k.key, map.shardCount);
    moved += k.w;
  }
  return grown;
}

/** The router's shard map: one map per key space in use, all over the same shards. */
export class ShardPlacement {
  constructor(
    readonly strategy: ShardStrategy,
    readonly shardCount: number,
    readonly maps: ReadonlyMap<KeySpace, ShardMap>,
  ) {}

  mapOf(space: KeySpace): ShardMap {
    const map = this.maps.get(space);
    if (map === undefined) throw new Error(`no shard map for the ${space} key space`);
    return map;
  }

  /**
   * The shard of `key`. A directory has no entry for a key it has never seen (a new order id or
   * timestamp): the router writes one down first, on `fresh`'s choice.
   */
  shardOf(space: KeySpace, key: number, fresh: () => number = () => 0): number {
    const map = this.mapOf(space);
    if (map instanceof DirectoryMap && !map.has(key)) map.assign(key, fresh());
    return map.shardOf(key);
  }
}
