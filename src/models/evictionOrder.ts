import type { Rng } from '../engine';

/** Which entry a full cache gives up to make room for a new one. */
export type EvictionPolicy = 'lru' | 'lfu' | 'fifo' | 'random';

/**
 * The order in which a cache's entries would be evicted: told of every insertion, use and
 * removal, it names the next victim. Each policy keeps only what it needs, in O(1) per call
 * (LFU: O(1) except when its least-frequent bucket empties).
 */
export interface EvictionOrder<K> {
  inserted(key: K): void;
  /** The entry was read (a hit) or overwritten. */
  used(key: K): void;
  removed(key: K): void;
  /** The entry to evict next, or undefined when empty. */
  victim(): K | undefined;
}

/** Least recently used: a Set keeps insertion order, and a use moves the key to the end. */
class LruOrder<K> implements EvictionOrder<K> {
  private readonly order = new Set<K>();
  inserted(key: K): void {
    this.order.add(key);
  }
  used(key: K): void {
    this.order.delete(key);
    this.order.add(key);
  }
  removed(key: K): void {
    this.order.delete(key);
  }
  victim(): K | undefined {
    return this.order.values().next().value;
  }
}

/** First in, first out: the oldest insertion goes, however often it is read. */
class FifoOrder<K> implements EvictionOrder<K> {
  private readonly order = new Set<K>();
  inserted(key: K): void {
    this.order.add(key);
  }
  used(): void {}
  removed(key: K): void {
    this.order.delete(key);
  }
  victim(): K | undefined {
    return this.order.values().next().value;
  }
}

/**
 * Least frequently used, counting uses since the entry was inserted (an evicted key starts again
 * at 1); ties go to the least recently promoted. Frequency buckets make a use O(1).
 */
class LfuOrder<K> implements EvictionOrder<K> {
  private readonly frequency = new Map<K, number>();
  private readonly buckets = new Map<number, Set<K>>();
  private minFrequency = 1;

  inserted(key: K): void {
    this.frequency.set(key, 1);
    this.bucket(1).add(key);
    this.minFrequency = 1;
  }
  used(key: K): void {
    const f = this.frequency.get(key);
    if (f === undefined) return;
    const from = this.buckets.get(f)!;
    from.delete(key);
    if (from.size === 0) {
      this.buckets.delete(f);
      if (this.minFrequency === f) this.minFrequency = f + 1;
    }
    this.frequency.set(key, f + 1);
    this.bucket(f + 1).add(key);
  }
  removed(key: K): void {
    const f = this.frequency.get(key);
    if (f === undefined) return;
    this.frequency.delete(key);
    const from = this.buckets.get(f)!;
    from.delete(key);
    if (from.size === 0) this.buckets.delete(f);
  }
  victim(): K | undefined {
    if (this.frequency.size === 0) return undefined;
    if (!this.buckets.has(this.minFrequency)) this.minFrequency = Math.min(...this.buckets.keys());
    return this.buckets.get(this.minFrequency)!.values().next().value;
  }
  private bucket(f: number): Set<K> {
    let b = this.buckets.get(f);
    if (b === undefined) {
      b = new Set();
      this.buckets.set(f, b);
    }
    return b;
  }
}

/** A uniformly random entry, drawn from the injected stream (so a run stays reproducible). */
class RandomOrder<K> implements EvictionOrder<K> {
  private readonly keys: K[] = [];
  private readonly index = new Map<K, number>();
  constructor(private readonly rng: Rng) {}
  inserted(key: K): void {
    this.index.set(key, this.keys.length);
    this.keys.push(key);
  }
  used(): void {}
  removed(key: K): void {
    const i = this.index.get(key);
    if (i === undefined) return;
    const last = this.keys.pop()!;
    if (last !== key) {
      this.keys[i] = last;
      this.index.set(last, i);
    }
    this.index.delete(key);
  }
  victim(): K | undefined {
    if (this.keys.length === 0) return undefined;
    return this.keys[Math.floor(this.rng.random() * this.keys.length)];
  }
}

/** An empty eviction order of the given policy; `random` draws from `rng`, which it then needs. */
export function evictionOrder<K>(policy: EvictionPolicy, rng: Rng | null): EvictionOrder<K> {
  switch (policy) {
    case 'lru':
      return new LruOrder();
    case 'lfu':
      return new LfuOrder();
    case 'fifo':
      return new FifoOrder();
    case 'random':
      if (rng === null) throw new Error('random eviction needs a random stream (pass an Rng)');
      return new RandomOrder(rng);
  }
}
