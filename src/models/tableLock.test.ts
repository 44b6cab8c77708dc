import { describe, expect, it } from 'vitest';
import { Environment } from '../engine';
import { TableLock, lockModesConflict, TABLE_LOCK_MODES } from './tableLock';

describe('TableLock (PostgreSQL table-level locks)', () => {
  it('has the manual\'s conflict table: symmetric, AccessShare conflicting only with AccessExclusive', () => {
    for (const a of TABLE_LOCK_MODES) for (const b of TABLE_LOCK_MODES) expect(lockModesConflict(a, b)).toBe(lockModesConflict(b, a));
    expect(TABLE_LOCK_MODES.filter((m) => lockModesConflict('AccessShareLock', m))).toEqual(['AccessExclusiveLock']);
    expect(lockModesConflict('ExclusiveLock', 'ExclusiveLock')).toBe(true);
    expect(lockModesConflict('RowExclusiveLock', 'RowExclusiveLock')).toBe(false);
  });

  it('a plain REFRESH waits for a running reader, and later readers queue behind it', () => {
    const env = new Environment();
    const lock = new TableLock(env, 'mv');
    const r1 = lock.acquire('AccessShareLock', 'S1');
    const refresh = lock.acquire('AccessExclusiveLock', 'S2');
    const r3 = lock.acquire('AccessShareLock', 'S3');
    expect([r1.holding, refresh.holding, r3.holding]).toEqual([true, false, false]);
    expect(r3.blockedBy).toEqual(['AccessExclusiveLock']);
    lock.release(r1);
    expect([refresh.holding, r3.holding]).toEqual([true, false]);
    lock.release(refresh);
    expect(r3.holding).toBe(true);
  });

  it('CONCURRENTLY lets readers in; a second CONCURRENTLY waits for the first, readers do not wait for either', () => {
    const env = new Environment();
    const lock = new TableLock(env, 'mv');
    const first = lock.acquire('ExclusiveLock', 'S1');
    const second = lock.acquire('ExclusiveLock', 'S2');
    const reader = lock.acquire('AccessShareLock', 'S3');
    expect([first.holding, second.holding, reader.holding, reader.waited]).toEqual([true, false, true, false]);
    expect(lock.pgLocks()).toEqual([
      { owner: 'S1', mode: 'ExclusiveLock', granted: true },
      { owner: 'S3', mode: 'AccessShareLock', granted: true },
      { owner: 'S2', mode: 'ExclusiveLock', granted: false },
    ]);
    lock.release(first);
    expect(second.holding).toBe(true);
  });

  it('grants at the instant of the release, and a withdrawn waiter wakes those behind it', () => {
    const env = new Environment();
    const lock = new TableLock(env, 'mv');
    const reader = lock.acquire('AccessShareLock', 'S1');
    const refresh = lock.acquire('AccessExclusiveLock', 'S2');
    const late = lock.acquire('AccessShareLock', 'S3');
    const times: number[] = [];
    env.process(
      (function* () {
        yield late.granted;
        times.push(env.now);
      })(),
    );
    env.run({ until: 5 });
    lock.release(refresh); // the refresh gives up (a lock_timeout, say)
    env.run({ until: 10 });
    expect(times).toEqual([5]);
    expect(reader.holding && late.holding).toBe(true);
  });
});
