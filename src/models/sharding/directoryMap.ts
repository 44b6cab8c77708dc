import type { ShardMap } from './shardMap';

/**
 * A directory (lookup table): every key's shard is written down. Placement is free (balance by
 * size, move one hot key on its own), moves touch exactly the keys chosen, at the price of a
 * lookup per request and a table to keep. A key not in the table is unassigned: looking it up is
 * an error, so a new key must be assigned before its first write.
 */
export class DirectoryMap implements ShardMap {
  readonly strategy = 'directory' as const;
  private readonly table: Map<number, number>;

  constructor(
    entries: Iterable<readonly [number, number]>,
    readonly shardCount: number,
  ) {
    this.table = new Map();
    for (const [key, shard] of entries) this.assign(key, shard);
  }

  get size(): number {
    return this.table.size;
  }

  has(key: number): boolean {
    return this.table.has(key);
  }

  shardOf(key: number): number {
    const shard = this.table.get(key);
    if (shard === undefined) throw new RangeError(`key ${key} is unassigned: the directory has no entry for it`);
    return shard;
  }

  /** Write down `key`'s shard (a new key, or a move). */
  assign(key: number, shard: number): void {
    if (!(Number.isInteger(shard) && shard >= 0 && shard < this.shardCount)) throw new RangeError(`shard ${shard} does not exist (0 to ${this.shardCount - 1})`);
    this.table.set(key, shard);
  }

  /** Of `keys`, those the directory has no entry for. */
  unassigned(keys: Iterable<number>): number[] {
    const out: number[] = [];
    for (const key of keys) if (!this.table.has(key)) out.push(key);
    return out;
  }

  /** A copy with room for `shardCount` shards (to move keys onto new ones). */
  withShards(shardCount: number): DirectoryMap {
    return new DirectoryMap(this.table, Math.max(shardCount, this.shardCount));
  }

  entries(): IterableIterator<[number, number]> {
    return this.table.entries();
  }
}
