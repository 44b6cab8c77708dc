import type { CachedValue } from './cachedValue';

/** Where a request is drawn: the topology's node ids. */
export type Place = 'clients' | 'app' | 'cache' | 'primary';

/** Why a read returned a row older than the database's committed one. */
export type StaleCause = 'no-invalidation' | 'race' | 'write-around' | 'invalidation-in-flight' | 'other';

/** What a read found in the cache. */
export type Lookup =
  /** No cache: straight to the database. */
  | 'no-cache'
  /** The cache was down: the application read the database itself. */
  | 'cache-down'
  | 'hit'
  /** Expired but within the stale-while-revalidate grace: served, one refresh started. */
  | 'stale-served'
  | 'miss'
  /** Missed while another reader was loading the key: waited for its load (a lock). */
  | 'waited'
  /** Missed, but the write-behind queue held a newer write of the key: served from it. */
  | 'queued-write';

/** A load from the database a read made (or waited for). */
export interface LoadRecord {
  sentAt: number;
  /** When the database read the row (the statement's snapshot). */
  readAt: number;
  returnedAt: number;
  writeId: number;
  /** Whether the cache took the value: refused when a write had cancelled the lease. */
  stored: 'stored' | 'refused' | 'cache-down' | 'pending';
  storedAt: number;
}

/**
 * One request, as plain fields: it is created for every arrival, so its story is only put into
 * words when a learner inspects it (requestStory.ts).
 */
export interface CacheRequest {
  id: number;
  kind: 'read' | 'write';
  key: number;
  arrivedAt: number;
  /** The leg it is on now, for the particle layer (from = to: waiting there). */
  from: Place;
  to: Place;
  legStart: number;
  legEnd: number;
  phase: 'active' | 'done' | 'failed';
  endedAt: number;
  failure?: string;
  // Reads
  lookup?: Lookup;
  /** When it reached the cache (NaN without one). */
  lookupAt: number;
  /** The value returned: which write's row, in which commit order. */
  servedWriteId: number;
  /** The entry served from the cache (hits), for the story. */
  entry?: CachedValue;
  /** The database's committed write when the value was served (a stale read's newer version). */
  dbWriteId: number;
  /** When the database committed that write. */
  dbCommittedAt: number;
  staleCause?: StaleCause;
  load?: LoadRecord;
  /** A hit that started an early refresh or a revalidation. */
  startedRefresh?: boolean;
  // Writes
  writeId: number;
  committedAt: number;
  /** Commit order of its write (NaN until it commits; write-behind writes commit in a flush). */
  commitSeq: number;
  /** When its delete or update reached the cache (cache-aside), or the cache updated itself (write-through). */
  propagatedAt: number;
  /** Write-behind: when the cache acknowledged it (queued). */
  queuedAt: number;
  // Real SQL
  executed?: 'real' | 'modelled';
  sql?: string;
  params?: unknown[];
  rows?: Record<string, unknown>[];
  sqlError?: string;
}

/** A request that has just arrived at the application. */
export function arrivingRequest(id: number, kind: 'read' | 'write', key: number, now: number): CacheRequest {
  return {
    id,
    kind,
    key,
    arrivedAt: now,
    from: 'clients',
    to: 'app',
    legStart: now,
    legEnd: now,
    phase: 'active',
    endedAt: NaN,
    lookupAt: NaN,
    servedWriteId: -1,
    dbWriteId: -1,
    dbCommittedAt: NaN,
    writeId: 0,
    committedAt: NaN,
    commitSeq: NaN,
    propagatedAt: NaN,
    queuedAt: NaN,
  };
}
