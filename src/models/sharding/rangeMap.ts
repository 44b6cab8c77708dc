import type { ShardMap } from './shardMap';

/** One range of keys [from, to) and the shard that holds it. */
export interface KeyRange {
  from: number;
  /** Exclusive; Infinity for the last, open-ended range. */
  to: number;
  shard: number;
}

/**
 * Why these ranges are not a valid map of [lowest, ∞) onto `shardCount` shards, or null: they
 * must be sorted, contiguous (no key left unassigned between two ranges), start at or below the
 * lowest key, end open (new keys above every range still have a shard) and name shards that exist.
 */
export function rangeProblem(ranges: readonly KeyRange[], shardCount: number, lowest: number): string | null {
  if (ranges.length === 0) return 'no ranges: every key is unassigned';
  if (ranges[0]!.from > lowest) return `keys ${lowest} to ${ranges[0]!.from - 1} are unassigned (the first range starts at ${ranges[0]!.from})`;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (!(Number.isInteger(r.shard) && r.shard >= 0 && r.shard < shardCount)) return `range ${i} names shard ${r.shard}, which does not exist (0 to ${shardCount - 1})`;
    if (!(r.to > r.from)) return `range ${i} [${r.from}, ${r.to}) is empty or reversed`;
    const next = ranges[i + 1];
    if (next && next.from !== r.to) return next.from > r.to ? `keys ${r.to} to ${next.from - 1} are unassigned (a gap between ranges ${i} and ${i + 1})` : `ranges ${i} and ${i + 1} overlap`;
  }
  if (ranges[ranges.length - 1]!.to !== Infinity) return `keys from ${ranges[ranges.length - 1]!.to} up are unassigned (the last range must be open-ended)`;
  return null;
}

/**
 * Range sharding: each shard holds contiguous ranges of keys. A range scan stays on one shard, but
 * ever-growing keys (new order ids, timestamps) all land in the last, open-ended range: one hot
 * shard. Growing splits a range in two (only that range's keys move).
 */
export class RangeMap implements ShardMap {
  readonly strategy = 'range' as const;
  readonly ranges: readonly KeyRange[];

  constructor(
    ranges: readonly KeyRange[],
    readonly shardCount: number,
    /** The lowest key the map must assign. */
    readonly lowest: number,
  ) {
    const problem = rangeProblem(ranges, shardCount, lowest);
    if (problem !== null) throw new RangeError(`invalid range map: ${problem}`);
    this.ranges = ranges.map((r) => ({ ...r }));
  }

  /** [lowest, highest] cut into `shardCount` ranges of equal width, shard i holding the i-th; the last open-ended. */
  static evenly(lowest: number, highest: number, shardCount: number): RangeMap {
    const width = (highest - lowest + 1) / shardCount;
    const ranges: KeyRange[] = Array.from({ length: shardCount }, (_, i) => ({
      from: i === 0 ? lowest : Math.floor(lowest + i * width),
      to: i === shardCount - 1 ? Infinity : Math.floor(lowest + (i + 1) * width),
      shard: i,
    }));
    return new RangeMap(ranges, shardCount, lowest);
  }

  shardOf(key: number): number {
    return this.rangeOf(key).shard;
  }

  /** The range holding `key`; throws below the lowest key. */
  rangeOf(key: number): KeyRange {
    const { ranges } = this;
    let lo = 0;
    let hi = ranges.length - 1;
    if (key < ranges[0]!.from) throw new RangeError(`key ${key} is unassigned: the ranges start at ${ranges[0]!.from}`);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ranges[mid]!.from <= key) lo = mid;
      else hi = mid - 1;
    }
    return ranges[lo]!;
  }

  /**
   * The map with the range holding `at` split there: keys from `at` to the range's end go to
   * `newShard` (a new shard, numbered shardCount, unless it names an existing one).
   */
  split(at: number, newShard = this.shardCount): RangeMap {
    const target = this.rangeOf(at);
    if (at === target.from) throw new RangeError(`cannot split at ${at}: the range already starts there`);
    const ranges = this.ranges.flatMap((r) => (r === target ? [{ ...r, to: at }, { from: at, to: r.to, shard: newShard }] : [r]));
    return new RangeMap(ranges, Math.max(this.shardCount, newShard + 1), this.lowest);
  }
}
