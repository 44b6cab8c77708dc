import type { RowVersion } from '../../models/rowVersions';
import type { SyncCommitLevel } from '../../models/primaryCommit';

/** Where a request's time goes: the parts of its latency, ms. They add up to its latency. */
export interface LatencyParts {
  /** Waiting for a connection (pool borrow), or opening one without a pool. */
  poolWait: number;
  /** Statements' round trips to the database. */
  network: number;
  /** Round trips to the cache (lookups, invalidations, write-behind queueing). */
  cache: number;
  /** Waiting for a database core: the part of a statement's CPU time spent sharing cores. */
  dbQueue: number;
  /** Executing: CPU alone, I/O, and the WAL flush of a commit. */
  dbExecution: number;
  /** Waiting on replication: a commit waiting for its standby, or a read waiting for its LSN. */
  replicationWait: number;
}

export const PART_NAMES = ['poolWait', 'network', 'cache', 'dbQueue', 'dbExecution', 'replicationWait'] as const satisfies readonly (keyof LatencyParts)[];

/** The request types the latency breakdown is kept for. */
export type RequestKind = 'read' | 'write' | 'readBack';
export const REQUEST_KINDS: readonly RequestKind[] = ['read', 'write', 'readBack'];

export function noParts(): LatencyParts {
  return { poolWait: 0, network: 0, cache: 0, dbQueue: 0, dbExecution: 0, replicationWait: 0 };
}

/** One request through the stack, as plain numbers (its story is told only when inspected). */
export interface StackRequest {
  id: number;
  kind: RequestKind;
  /** The row it reads or writes. */
  key: number;
  arrivedAt: number;
  /** Where it is now, for the particles. */
  at: 'cache' | 'pool' | 'database' | 'done' | 'failed';
  /** The database node serving it, once routed. */
  node: string;
  phaseStart: number;
  endedAt: number;
  parts: LatencyParts;
  /** Served by the cache. */
  cacheHit: boolean;
  /** A read that returned an older row than the primary had committed. */
  stale: boolean;
  /** The session's own write, for a read-back. */
  own: StackWrite | null;
  failure?: string;
}

/** A write as the replica set and a failover see it. */
export interface StackWrite {
  lsn: number;
  writeId: number;
  key: number;
  level: SyncCommitLevel;
  committedAt: number;
  acknowledged: boolean;
  version?: RowVersion;
}

export function arrivingRequest(id: number, kind: RequestKind, key: number, now: number, own: StackWrite | null = null): StackRequest {
  return { id, kind, key, arrivedAt: now, at: 'pool', node: '', phaseStart: now, endedAt: NaN, parts: noParts(), cacheHit: false, stale: false, own };
}
