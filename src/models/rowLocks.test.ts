import { describe, expect, it } from 'vitest';
import { Environment, type ProcessGenerator } from '../engine';
import { RowLocks } from './rowLocks';

describe('RowLocks', () => {
  it('grants a free row at once, queues the others in arrival order, hands over on release', () => {
    const env = new Environment();
    const locks = new RowLocks<number>(env);
    const log: [string, number][] = [];
    function* txn(owner: number, startAt: number, holdMs: number): ProcessGenerator<void> {
      yield env.timeout(startAt);
      yield locks.acquire(7, owner);
      log.push([`T${owner} got`, env.now]);
      yield env.timeout(holdMs);
      locks.release(7, owner);
    }
    env.process(txn(1, 0, 10));
    env.process(txn(2, 1, 5));
    env.process(txn(3, 2, 5));
    env.run({ until: 5 });
    expect(locks.holder(7)).toBe(1);
    expect(locks.waiting(7)).toBe(2);
    expect(locks.waitingTotal).toBe(2);
    env.run();
    expect(log).toEqual([
      ['T1 got', 0],
      ['T2 got', 10],
      ['T3 got', 15],
    ]);
    expect(locks.held()).toEqual([]);
  });

  it('keeps a row held until its holder releases it, however long (a transaction in doubt)', () => {
    const env = new Environment();
    const locks = new RowLocks<string>(env);
    locks.acquire('acct-1', 99);
    let got = NaN;
    env.process(
      (function* () {
        yield locks.acquire('acct-1', 1);
        got = env.now;
      })(),
    );
    env.run({ until: 60_000 });
    expect(Number.isNaN(got)).toBe(true);
    expect(locks.held()).toEqual([{ key: 'acct-1', holder: 99, since: 0, waiting: 1 }]);
    env.timeout(1).addCallback(() => locks.release('acct-1', 99));
    env.run();
    expect(got).toBe(60_001);
    // Releasing a row one does not hold changes nothing; re-acquiring one's own is immediate.
    locks.release('acct-1', 5);
    expect(locks.holder('acct-1')).toBe(1);
    expect(locks.acquire('acct-1', 1).triggered).toBe(true);
  });
});
