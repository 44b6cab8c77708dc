import type { SimEvent } from '../../engine';
import type { CachedValue } from './cachedValue';

/**
 * What the database holds for each key, as the model counts it, and what is happening to the key
 * right now: the committed version (which write, in which commit order, when), the commits whose
 * effect on the cache has not landed yet, the loads in flight and the one a lock shares. Arrays
 * indexed by key (1…max), so a request's bookkeeping allocates nothing.
 */
export class KeyBook {
  /** The write whose row the database holds (0: the row as loaded). */
  readonly committedWriteId: Int32Array;
  /** Commit order of that version (0: as loaded); a cached copy with a smaller one is stale. */
  readonly committedSeq: Float64Array;
  readonly committedAt: Float64Array;
  /**
   * Commits whose delete or update has not reached the cache yet: until it lands, the cache serves
   * the older row (the invalidation is in flight).
   */
  readonly unpropagated: Int32Array;
  /** Database loads of the key in flight now. */
  readonly loadsInFlight: Int32Array;
  /** When the latest delete or update of the key reached the cache (NaN: none yet). */
  readonly invalidatedAt: Float64Array;
  /** The load a lock (or a revalidation) shares among the readers of a key, while one is in flight. */
  readonly flights = new Map<number, SimEvent<CachedValue>>();
  /** Most loads of one key in flight at once since the last reset. */
  maxConcurrentLoads = 0;
  /** The same since the chart's last sample (the sampler resets it). */
  windowMaxLoads = 0;
  private commits = 0;

  constructor(maxKey: number) {
    this.committedWriteId = new Int32Array(maxKey + 1);
    this.committedSeq = new Float64Array(maxKey + 1);
    this.committedAt = new Float64Array(maxKey + 1);
    this.unpropagated = new Int32Array(maxKey + 1);
    this.loadsInFlight = new Int32Array(maxKey + 1);
    this.invalidatedAt = new Float64Array(maxKey + 1).fill(NaN);
  }

  /** The database commits `writeId` for `key` now; returns its commit order. */
  commit(key: number, writeId: number, now: number): number {
    const seq = ++this.commits;
    this.committedWriteId[key] = writeId;
    this.committedSeq[key] = seq;
    this.committedAt[key] = now;
    return seq;
  }

  loadStarted(key: number): void {
    const n = ++this.loadsInFlight[key]!;
    if (n > this.maxConcurrentLoads) this.maxConcurrentLoads = n;
    if (n > this.windowMaxLoads) this.windowMaxLoads = n;
  }

  loadEnded(key: number): void {
    this.loadsInFlight[key]!--;
  }

  /** Keys with loads in flight now, most first (at most `limit`). */
  busiestLoads(limit: number): { key: number; loads: number }[] {
    const out: { key: number; loads: number }[] = [];
    for (let k = 1; k < this.loadsInFlight.length; k++) if (this.loadsInFlight[k]! > 0) out.push({ key: k, loads: this.loadsInFlight[k]! });
    return out.sort((a, b) => b.loads - a.loads || a.key - b.key).slice(0, limit);
  }

  resetStatistics(): void {
    this.maxConcurrentLoads = Math.max(0, ...this.loadsInFlight);
  }
}
