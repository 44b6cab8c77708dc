import { describe, expect, it } from 'vitest';
import { Environment } from '../engine';
import { failOver, type VersionedWrite } from './failover';
import { ReplicaSet } from './replicaSet';
import { RowVersions } from './rowVersions';

interface Write extends VersionedWrite {
  id: number;
  acknowledged: boolean;
}

describe('failOver', () => {
  it('loses the acknowledged writes the promoted replica never received, and commits the ones it had', () => {
    const env = new Environment();
    const set = new ReplicaSet<Write>(env, 1, { delay: () => 50, applyRatePerS: () => 0, onApplied: () => {} });
    const rows = new RowVersions();
    const write = (id: number, acknowledged: boolean) => {
      const w: Write = { lsn: 0, id, acknowledged };
      set.assignLsn(w);
      w.version = { lsn: w.lsn, writeId: id, visible: acknowledged, lost: false };
      rows.add(1, w.version);
      set.ship({ lsn: w.lsn, writeId: id, rowId: 1, shippedAt: env.now, committedAt: env.now });
    };
    write(1, false); // its client never heard back, but the replica has it
    env.run({ until: 100 });
    write(2, true); // acknowledged (asynchronous commit), still on the wire
    write(3, false);
    set.stop(set.primary);
    const outcome = failOver(set, (w) => w.acknowledged)!;
    expect(outcome.promotion.promoted.id).toBe('replica-1');
    expect(outcome.lostCommits.map((w) => w.id)).toEqual([2]);
    expect(rows.committed(1).writeId).toBe(1);
  });

  it('does nothing when no replica runs', () => {
    const set = new ReplicaSet(new Environment(), 1, { delay: () => 0, applyRatePerS: () => 0, onApplied: () => {} });
    set.stop(set.followers()[0]!);
    expect(failOver(set, () => true)).toBeNull();
    expect(set.primary.id).toBe('primary');
  });
});
