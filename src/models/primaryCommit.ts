import type { Environment, ProcessGenerator } from '../engine';
import type { ReplicaSet } from './replicaSet';
import type { ReplicationNode, StandbyStage } from './replicationNode';

/** The primary's WAL flush (fsync) before a commit is durable locally, ms. `local` waits for it. */
export const WAL_FLUSH_MS = 1;

/** PostgreSQL's `synchronous_commit` levels. */
export type SyncCommitLevel = 'off' | 'local' | 'remote_write' | 'on' | 'remote_apply';

const STANDBY_STAGE: Record<SyncCommitLevel, StandbyStage | undefined> = { off: undefined, local: undefined, remote_write: 'received', on: 'flushed', remote_apply: 'applied' };

/** What a commit at `level` waits for on the synchronous standby, or undefined if it waits for none. */
export function standbyStageOf(level: SyncCommitLevel): StandbyStage | undefined {
  return STANDBY_STAGE[level];
}

/** A write the primary executed: its change (one row) and the level its commit runs at. */
export interface PrimaryWrite {
  lsn: number;
  writeId: number;
  rowId: number;
  level: SyncCommitLevel;
}

/** What the commit tells its caller as it goes. */
export interface CommitProgress {
  /** It started a phase: the WAL flush, or the wait for the synchronous standby. */
  phase(phase: 'flushing' | 'waiting'): void;
  /** The WAL is on the primary's disk and the change is shipped. */
  flushed(): void;
  /** The client hears "committed" (with `off`, before the WAL is flushed). */
  acknowledged(): void;
}

/**
 * The commit of a write that `node` executed as primary of `timeline`, as `synchronous_commit`
 * makes it: `off` acknowledges at once and flushes just after; `local` flushes the WAL first; the
 * synchronous levels then wait until the standby has received, flushed or applied it (and its reply
 * came back). The change ships to the replicas when the WAL is flushed. Yields to the engine;
 * returns null once the client heard "committed", or why the commit failed (the primary stopped, or
 * a failover replaced it, before the commit was acknowledged).
 */
export function* commitOnPrimary(
  env: Environment,
  set: ReplicaSet,
  node: ReplicationNode,
  timeline: number,
  write: PrimaryWrite,
  progress: CommitProgress,
): ProcessGenerator<string | null> {
  const gone = () => set.timeline !== timeline || !node.up;
  const ship = (committedAt: number) => set.ship({ lsn: write.lsn, writeId: write.writeId, rowId: write.rowId, shippedAt: env.now, committedAt });
  if (gone()) return `the primary (${node.id}) stopped before the commit`;
  if (write.level === 'off') {
    // The client hears "committed" before the WAL is flushed; the WAL writer flushes it just after.
    const acknowledgedAt = env.now;
    progress.acknowledged();
    yield env.timeout(WAL_FLUSH_MS);
    if (!gone()) ship(acknowledgedAt);
    return null;
  }
  progress.phase('flushing');
  yield env.timeout(WAL_FLUSH_MS);
  if (gone()) return `the primary (${node.id}) stopped before the commit's WAL reached disk`;
  progress.flushed();
  ship(env.now);
  const stage = standbyStageOf(write.level);
  const standby = set.syncStandby();
  if (stage !== undefined && standby !== null) {
    progress.phase('waiting');
    try {
      yield standby.waitFor(stage, write.lsn);
    } catch (error) {
      return (error as Error).message;
    }
    if (gone()) return `the primary (${node.id}) stopped before the commit was acknowledged`;
  }
  progress.acknowledged();
  return null;
}
