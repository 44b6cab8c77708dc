import type { SyncCommitLevel } from '../../models/primaryCommit';
import type { RowVersion } from '../../models/rowVersions';

/** A session's write: one customer's row updated on the primary, then committed at `level`. */
export interface WriteRequest {
  kind: 'write';
  id: number;
  writeId: number;
  customerId: number;
  node: string;
  lsn: number;
  level: SyncCommitLevel;
  issuedAt: number;
  phase: 'executing' | 'flushing' | 'waiting' | 'done' | 'failed';
  phaseStart: number;
  flushedAt: number;
  committedAt: number;
  endedAt: number;
  /** Acknowledged, then thrown away by a failover. */
  lost: boolean;
  failure?: string;
  version?: RowVersion;
  sqlError?: string;
}

/** A read of one customer's row, on the node the router chose. */
export interface ReadRequest {
  kind: 'read';
  id: number;
  customerId: number;
  /** The session's own write this read should see, if it is a writer's read-back. */
  own: WriteRequest | null;
  issuedAt: number;
  node: string;
  route: string;
  phase: 'waiting' | 'reading' | 'done' | 'failed';
  phaseStart: number;
  phaseEnd: number;
  waitedMs: number;
  waitTimedOut: boolean;
  /** Why a wait for the write's LSN ended early (the replica stopped, was promoted, or changed timeline). */
  waitEnded?: string;
  endedAt: number;
  /** Older than the row the primary had committed, whoever wrote that. */
  stale: boolean;
  /** A writer's read-back that did not include the session's own write (the node had not applied it). */
  ownWriteMissed: boolean;
  sawWriteId: number;
  sawLsn: number;
  primaryWriteId: number;
  primaryLsn: number;
  nodeAppliedLsn: number;
  failure?: string;
  executed?: 'real' | 'modelled';
  rows?: Record<string, unknown>[];
  sqlError?: string;
}

export type Request = WriteRequest | ReadRequest;
