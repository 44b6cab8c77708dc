/**
 * What the cache holds for a key: which version of the customer's row (the write that made it, in
 * commit order) and how it got there, so a stale read can say where its value came from.
 */
export interface CachedValue {
  /** The write whose row this is (0: the row as the dataset loaded it). */
  writeId: number;
  /** Commit order of that version (0: as loaded; NaN: a write-behind write not in the database yet). */
  seq: number;
  /** A load (a reader that missed), a background refresh, or a writer (update, write-through, write-behind). */
  source: 'load' | 'refresh' | 'write';
  /** The request that put it there (a refresh: the request that started it). */
  by: number;
  /** When the database read it (a load) or the writer sent it. */
  readAt: number;
  /** When it was stored in the cache. */
  storedAt: number;
  /** How long its load took, ms (early refresh starts sooner for slower loads). */
  loadMs: number;
  /** The database already held a newer write when it was stored (a load that lost the race with a write). */
  staleOnStore: boolean;
  /** That newer write, when stale on store. */
  supersededBy: number;
}
