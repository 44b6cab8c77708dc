/**
 * What the caching lab puts in `snapshot.detail` for its view: plain, structured-cloneable data
 * (the simulation worker posts it to the page).
 */
import type { StaleCause } from './request';

/** A write the cache acknowledged and a crash lost before it was flushed. */
export interface LostWrite {
  writeId: number;
  key: number;
  acknowledgedAt: number;
  lostAt: number;
  /** The request that made it (its story). */
  requestId: number;
}

/** A crash, a restart, an expiry, a burst, a flush, or an action refused just then. */
export interface CacheEvent {
  t: number;
  kind: 'crash' | 'restart' | 'expire' | 'burst' | 'flush' | 'refused';
  what: string;
}

/** One cached entry as the view draws it. */
export interface EntryView {
  key: number;
  /** Hits since inserted, relative to the hottest drawn entry on a log scale (0–1): brightness. */
  heat: number;
  /** Time to live left, as a share of the TTL (1 fresh, 0 expiring; 1 when entries never expire): opacity. */
  life: number;
  /** Expired, served as stale while it is revalidated. */
  expired: boolean;
  /** A write-behind write the database does not have yet. */
  dirty: boolean;
  /** Older than the database's committed row. */
  stale: boolean;
  writeId: number;
}

/** A read that returned an older row than the database had committed. */
export interface StaleReadSummary {
  id: number;
  t: number;
  key: number;
  /** The write whose row it got (0: the row as loaded). */
  sawWriteId: number;
  /** The write the database had committed. */
  dbWriteId: number;
  cause: StaleCause;
}

export interface CachingDetail {
  kind: 'caching';
  strategy: string;
  cacheUp: boolean;
  ttlMs: number;
  capacity: number;
  keys: number;
  hitRatio: number;
  /** Entries held (expired ones not yet removed included). */
  entryCount: number;
  /** The hottest entries, at most a few hundred, sorted by key. */
  entries: EntryView[];
  recentEvictions: { key: number; t: number }[];
  /** Write-behind: the newest pending writes (queued and on their way). */
  queue: { writeId: number; key: number; acknowledgedAt: number; sending: boolean }[];
  pending: number;
  flushed: number;
  lostWrites: LostWrite[];
  lostTotal: number;
  staleReads: StaleReadSummary[];
  staleTotal: number;
  readsTotal: number;
  /** The metrics (hit ratio, reads, stale reads) count from this simulated time on. */
  warmupMs: number;
  /** Keys with database loads in flight now, most first. */
  loadsInFlight: { key: number; loads: number }[];
  maxConcurrentLoads: number;
  events: CacheEvent[];
}

/** The detail of a snapshot if it is the caching lab's. */
export function cachingDetailOf(detail: unknown): CachingDetail | null {
  return typeof detail === 'object' && detail !== null && (detail as { kind?: unknown }).kind === 'caching' ? (detail as CachingDetail) : null;
}
