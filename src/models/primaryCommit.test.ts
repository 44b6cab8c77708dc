import { describe, expect, it } from 'vitest';
import { Environment, type ProcessGenerator } from '../engine';
import { WAL_FLUSH_MS, commitOnPrimary, standbyStageOf, type SyncCommitLevel } from './primaryCommit';
import { ReplicaSet } from './replicaSet';
import { STANDBY_ACK_MS, STANDBY_FLUSH_MS } from './replicationNode';

const DELAY_MS = 10;

/** One write committed at `level` on a primary with one replica `DELAY_MS` away; what its client saw. */
function commitAt(level: SyncCommitLevel, fault?: (set: ReplicaSet, env: Environment) => void) {
  const env = new Environment();
  const set = new ReplicaSet(env, 1, { delay: () => DELAY_MS, applyRatePerS: () => 0, onApplied: () => {} });
  const seen: { acknowledgedAt: number; phases: string[]; failure: string | null } = { acknowledgedAt: NaN, phases: [], failure: null };
  const write = { lsn: 0, writeId: 1, rowId: 1, level };
  set.assignLsn(write);
  env.process(
    (function* (): ProcessGenerator<void> {
      seen.failure = yield* commitOnPrimary(env, set, set.primary, set.timeline, write, {
        phase: (p) => seen.phases.push(p),
        flushed: () => seen.phases.push('flushed'),
        acknowledged: () => (seen.acknowledgedAt = env.now),
      });
    })(),
  );
  fault?.(set, env);
  env.run();
  return { ...seen, replica: set.followers()[0]! };
}

describe('commitOnPrimary', () => {
  it('waits for what each synchronous_commit level promises', () => {
    const received = DELAY_MS - STANDBY_FLUSH_MS;
    expect(commitAt('off').acknowledgedAt).toBe(0);
    expect(commitAt('local').acknowledgedAt).toBe(WAL_FLUSH_MS);
    expect(commitAt('remote_write').acknowledgedAt).toBe(WAL_FLUSH_MS + received + STANDBY_ACK_MS);
    expect(commitAt('on').acknowledgedAt).toBe(WAL_FLUSH_MS + DELAY_MS + STANDBY_ACK_MS);
    expect(commitAt('remote_apply').acknowledgedAt).toBe(WAL_FLUSH_MS + DELAY_MS + STANDBY_ACK_MS);
    expect(standbyStageOf('local')).toBeUndefined();
    expect(standbyStageOf('remote_apply')).toBe('applied');
  });

  it('ships the change when the WAL is flushed, even with off (just after the acknowledgement)', () => {
    expect(commitAt('off').replica.applied).toBe(1);
    expect(commitAt('on').phases).toEqual(['flushing', 'flushed', 'waiting']);
  });

  it('fails a commit whose primary stops before it is acknowledged', () => {
    const stopped = commitAt('on', (set, env) => env.timeout(WAL_FLUSH_MS + 2).addCallback(() => set.stop(set.primary)));
    expect(stopped.failure).toBe('the primary (primary) stopped before the commit was acknowledged');
    expect(stopped.acknowledgedAt).toBeNaN();
    const beforeFlush = commitAt('local', (set) => set.stop(set.primary));
    expect(beforeFlush.failure).toBe('the primary (primary) stopped before the commit');
  });
});
