import { ln, type Rng } from '../engine';
import { evictionOrder, type EvictionOrder, type EvictionPolicy } from './evictionOrder';

export type { EvictionPolicy } from './evictionOrder';

/** When an entry's time to live starts: at its insertion (`fixed`) or again at each hit (`sliding`). */
export type TtlMode = 'fixed' | 'sliding';

export interface CacheSettings {
  /** Time to live, ms; 0: entries never expire. */
  ttlMs: number;
  ttlMode: TtlMode;
  /** Most entries held; 0: unbounded. */
  capacity: number;
  eviction: EvictionPolicy;
  /**
   * How long past its TTL an entry may still be served as stale (stale-while-revalidate), ms;
   * 0: an expired entry is a miss.
   */
  staleGraceMs: number;
}

/** One cached value and its bookkeeping. */
export interface CacheEntry<K, V> {
  readonly key: K;
  value: V;
  /** Simulated ms it was stored (or last overwritten). */
  storedAt: number;
  /** Simulated ms it expires (Infinity: never). */
  expiresAt: number;
  /** Hits since it was inserted (an overwrite keeps them: the key is as popular as before). */
  hits: number;
  lastHitAt: number;
}

/** What a lookup found: a fresh entry, an expired one still servable (within the grace), or nothing. */
export type CacheLookup<K, V> =
  | { status: 'hit'; entry: CacheEntry<K, V> }
  | { status: 'stale'; entry: CacheEntry<K, V> }
  | { status: 'miss'; expired: boolean };

/** Why an entry left the cache. */
export type RemovalReason = 'capacity' | 'expired' | 'deleted' | 'cleared';

export interface CacheListener<K, V> {
  removed?(entry: CacheEntry<K, V>, reason: RemovalReason): void;
}

/**
 * A key-value cache with a time to live (fixed or sliding), a capacity with an eviction policy
 * (LRU, LFU, FIFO or random from an injected stream), stale-while-revalidate serving, and leases
 * that stop a load from storing a value a write has made old (the cache-aside race's fix).
 *
 * It holds no clock: every call that depends on time takes `now` (ms), so the same cache runs on
 * the engine's clock, in a unit test, or anywhere else. Expired entries are removed when next
 * looked up or evicted (passive expiry, as Redis does between its sweeps); `liveCount` counts
 * only unexpired ones.
 */
export class Cache<K, V> {
  private readonly entries = new Map<K, CacheEntry<K, V>>();
  private order: EvictionOrder<K>;
  /** Per key, bumped by every write or delete: a lease taken before it no longer holds. */
  private readonly generations = new Map<K, number>();
  private settings: CacheSettings;
  /** Entries removed to make room. */
  evictions = 0;
  /** Entries found expired (past their TTL and any grace) and removed. */
  expirations = 0;

  constructor(
    settings: CacheSettings,
    private readonly rng: Rng | null = null,
    private readonly listener: CacheListener<K, V> = {},
  ) {
    this.settings = { ...settings };
    this.order = evictionOrder(settings.eviction, rng);
  }

  /** Entries held, expired ones not yet removed included. */
  get size(): number {
    return this.entries.size;
  }

  get config(): Readonly<CacheSettings> {
    return this.settings;
  }

  /** Change settings mid-run: a smaller capacity evicts at once; another policy starts from the current entries. */
  configure(settings: CacheSettings): void {
    const policyChanged = settings.eviction !== this.settings.eviction;
    this.settings = { ...settings };
    if (policyChanged) {
      this.order = evictionOrder(settings.eviction, this.rng);
      for (const key of this.entries.keys()) this.order.inserted(key);
    }
    this.makeRoom(0);
  }

  /** Look `key` up: a hit counts as a use (LRU, LFU) and, with a sliding TTL, restarts its time to live. */
  get(key: K, now: number): CacheLookup<K, V> {
    const entry = this.entries.get(key);
    if (entry === undefined) return { status: 'miss', expired: false };
    if (now < entry.expiresAt) {
      entry.hits++;
      entry.lastHitAt = now;
      if (this.settings.ttlMode === 'sliding') entry.expiresAt = this.expiry(now);
      this.order.used(key);
      return { status: 'hit', entry };
    }
    if (now < entry.expiresAt + this.settings.staleGraceMs) return { status: 'stale', entry };
    this.remove(entry, 'expired');
    this.expirations++;
    return { status: 'miss', expired: true };
  }

  /** The entry for `key` as it is, expired or not, without counting a use. */
  peek(key: K): CacheEntry<K, V> | undefined {
    return this.entries.get(key);
  }

  /** Whether `entry` is within its time to live at `now`. */
  isFresh(entry: CacheEntry<K, V>, now: number): boolean {
    return now < entry.expiresAt;
  }

  /**
   * A lease on `key`, taken by a reader that missed before it loads the value: a store with it
   * is refused if a write or delete of the key happened in between.
   */
  lease(key: K): number {
    return this.generations.get(key) ?? 0;
  }

  /**
   * Store a loaded value. With `lease`, refused (false) if the key was written or deleted since the
   * lease was taken, so a load that read the old row cannot put it back after the write.
   */
  fill(key: K, value: V, now: number, lease?: number): boolean {
    if (lease !== undefined && lease !== this.lease(key)) return false;
    this.store(key, value, now);
    return true;
  }

  /** Store a value a writer gives (write-through, write-behind, update on write): outstanding leases no longer hold. */
  write(key: K, value: V, now: number): void {
    this.bump(key);
    this.store(key, value, now);
  }

  /** Remove `key` (an invalidation): outstanding leases no longer hold. Returns whether it was there. */
  delete(key: K): boolean {
    this.bump(key);
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.remove(entry, 'deleted');
    return true;
  }

  /** Make `key` expire now (as if its TTL had run out): stale-servable within the grace, else gone at the next lookup. */
  expire(key: K, now: number): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    entry.expiresAt = Math.min(entry.expiresAt, now);
    return true;
  }

  /** Drop everything, leases included (a crash or a restart loses the cache's memory). Returns how many entries went. */
  clear(): number {
    const n = this.entries.size;
    for (const entry of [...this.entries.values()]) this.remove(entry, 'cleared');
    this.generations.clear();
    return n;
  }

  /** Entries within their TTL at `now`. */
  liveCount(now: number): number {
    let n = 0;
    for (const e of this.entries.values()) if (now < e.expiresAt) n++;
    return n;
  }

  /** Every entry held, expired ones included. */
  values(): IterableIterator<CacheEntry<K, V>> {
    return this.entries.values();
  }

  private store(key: K, value: V, now: number): void {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      existing.value = value;
      existing.storedAt = now;
      existing.expiresAt = this.expiry(now);
      this.order.used(key);
      return;
    }
    this.makeRoom(1);
    if (this.settings.capacity > 0 && this.entries.size >= this.settings.capacity) return;
    this.entries.set(key, { key, value, storedAt: now, expiresAt: this.expiry(now), hits: 0, lastHitAt: NaN });
    this.order.inserted(key);
  }

  /** Evict until `incoming` more entries fit. */
  private makeRoom(incoming: number): void {
    const capacity = this.settings.capacity;
    if (capacity <= 0) return;
    while (this.entries.size + incoming > capacity) {
      const victim = this.order.victim();
      if (victim === undefined) return;
      this.remove(this.entries.get(victim)!, 'capacity');
      this.evictions++;
    }
  }

  private remove(entry: CacheEntry<K, V>, reason: RemovalReason): void {
    this.entries.delete(entry.key);
    this.order.removed(entry.key);
    this.listener.removed?.(entry, reason);
  }

  private bump(key: K): void {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  private expiry(now: number): number {
    return this.settings.ttlMs > 0 ? now + this.settings.ttlMs : Infinity;
  }
}

/**
 * Probabilistic early expiration ("XFetch", Vattani, Chierichetti and Lowenstein, VLDB 2015):
 * a reader refreshes an entry before it expires with a probability that grows as expiry nears and
 * with how long the value takes to load (`loadMs`), so one reader of a hot key reloads it while
 * the others still hit, and the key never expires under load. `u` is uniform in [0, 1).
 */
export function refreshEarly(expiresAt: number, now: number, loadMs: number, u: number, beta = 1): boolean {
  if (expiresAt === Infinity) return false;
  return now - loadMs * beta * ln(1 - u) >= expiresAt;
}
