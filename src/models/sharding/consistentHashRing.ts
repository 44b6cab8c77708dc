import { hash32, hashPair } from './hash';
import type { ShardMap } from './shardMap';

/** The hash space of the ring: 32-bit hashes. */
export const RING_SPACE = 4294967296;

/** One point of the ring: a position in [0, 2^32) owned by a shard. */
export interface RingPoint {
  position: number;
  shard: number;
  vnode: number;
}

/**
 * A consistent-hash ring with virtual nodes: each shard puts `vnodes` points on a circle of 2^32
 * positions (hash of shard and vnode number), and a key belongs to the first point clockwise from
 * its hash. A new shard only adds points, so the keys that move all move to it (monotonicity), about
 * 1/(n+1) of them; each shard's share of the circle has a spread of about √((n−1)/(n·vnodes)), so
 * more vnodes even the load out like 1/√vnodes.
 */
export class ConsistentHashRing implements ShardMap {
  readonly strategy = 'consistent-hash' as const;
  /** Ring points sorted by position. */
  readonly points: readonly RingPoint[];
  private readonly positions: Float64Array;

  /** @param salt varies the points' hashes (tests average over independent rings); 0 in the lab. */
  constructor(
    readonly shardCount: number,
    readonly vnodes: number,
    readonly salt = 0,
  ) {
    if (!(Number.isInteger(shardCount) && shardCount >= 1)) throw new RangeError(`a ring needs a whole number of shards ≥ 1, got ${shardCount}`);
    if (!(Number.isInteger(vnodes) && vnodes >= 1)) throw new RangeError(`a ring needs a whole number of vnodes ≥ 1 per shard, got ${vnodes}`);
    const points: RingPoint[] = [];
    for (let shard = 0; shard < shardCount; shard++) {
      for (let vnode = 0; vnode < vnodes; vnode++) points.push({ position: hashPair(hashPair(shard, salt), vnode), shard, vnode });
    }
    // Ties (two points at one position) go to the lower shard, whatever the order they were made in.
    points.sort((a, b) => a.position - b.position || a.shard - b.shard || a.vnode - b.vnode);
    this.points = points;
    this.positions = Float64Array.from(points, (p) => p.position);
  }

  /** The ring's position of a key. */
  keyPosition(key: number): number {
    return hash32(key);
  }

  shardOf(key: number): number {
    return this.pointAt(this.keyPosition(key)).shard;
  }

  /** The first point at or clockwise after `position`. */
  pointAt(position: number): RingPoint {
    const { positions } = this;
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positions[mid]! < position) lo = mid + 1;
      else hi = mid;
    }
    return this.points[lo === positions.length ? 0 : lo]!;
  }

  /** Each shard's share of the circle (the keys it would get from uniform hashes). */
  arcShares(): number[] {
    const shares = new Array<number>(this.shardCount).fill(0);
    const { points } = this;
    for (let i = 0; i < points.length; i++) {
      const from = i === 0 ? points[points.length - 1]!.position - RING_SPACE : points[i - 1]!.position;
      shares[points[i]!.shard]! += (points[i]!.position - from) / RING_SPACE;
    }
    return shares;
  }
}
