import { describe, expect, it } from 'vitest';
import { Environment, Rng, type ProcessGenerator } from '../engine';
import { ReadWriteRouter, WAIT_FOR_LSN_TIMEOUT_MS, type LsnWait, type ReadRouting, type ReadYourWrites } from './readWriteRouter';
import { ReplicaSet } from './replicaSet';

function router(routing: ReadRouting, readYourWrites: ReadYourWrites = 'none', replicas = 2, delayMs = 0) {
  const env = new Environment();
  const set = new ReplicaSet(env, replicas, { delay: () => delayMs, applyRatePerS: () => 0, onApplied: () => {} });
  const r = new ReadWriteRouter(env, new Rng(1).fork('router'), set, { routing: () => routing, readYourWrites: () => readYourWrites, primaryWindowMs: () => 1000 });
  return { env, set, router: r };
}

describe('ReadWriteRouter', () => {
  it('sends writes to the primary and spreads reads over the replicas marked up', () => {
    const { set, router: r } = router('round-robin', 'none', 3);
    expect(r.routeWrite()).toBe(set.primary);
    expect([1, 2, 3, 4].map(() => r.routeRead(null).node.id)).toEqual(['replica-1', 'replica-2', 'replica-3', 'replica-1']);
    set.find('replica-2')!.routerUp = false;
    // The turn counts on over the replicas still marked up.
    expect([1, 2, 3].map(() => r.routeRead(null).node.id)).toEqual(['replica-1', 'replica-3', 'replica-1']);
  });

  it('least-connections picks the replica with the fewest reads running; with none marked up, reads go to the primary', () => {
    const { set, router: r } = router('least-connections');
    set.find('replica-1')!.readsInFlight = 3;
    expect(r.routeRead(null)).toEqual({ node: set.find('replica-2'), why: 'to replica-2 (least-connections)' });
    for (const n of set.followers()) n.routerUp = false;
    expect(r.routeRead(null)).toEqual({ node: set.primary, why: 'to the primary: no replica is marked up' });
  });

  it('primary-window sends a session’s reads to the primary for a while after its write', () => {
    const { env, set, router: r } = router('random', 'primary-window');
    const own = { lsn: 1, committedAt: 0 };
    expect(r.routeRead(own).node).toBe(set.primary);
    env.run({ until: 1000 });
    expect(r.routeRead(own).node).not.toBe(set.primary);
  });

  it('wait-for-lsn holds a read on a replica until it has applied the write, or gives up after the timeout', () => {
    for (const [delayMs, expected] of [
      [50, { wait: { outcome: 'applied' }, at: 50 }],
      [5000, { wait: { outcome: 'timed-out' }, at: WAIT_FOR_LSN_TIMEOUT_MS }],
    ] as const) {
      const { env, set, router: r } = router('round-robin', 'wait-for-lsn', 1, delayMs);
      set.ship({ lsn: 1, writeId: 1, rowId: 1, shippedAt: 0, committedAt: 0 });
      const replica = set.followers()[0]!;
      const own = { lsn: 1, committedAt: 0 };
      expect(r.mustWaitForLsn(own, replica)).toBe(true);
      expect(r.mustWaitForLsn(own, set.primary)).toBe(false);
      let outcome: { wait: LsnWait | null; at: number } = { wait: null, at: NaN };
      env.process(
        (function* (): ProcessGenerator<void> {
          const wait = yield* r.waitForLsn(replica, own.lsn);
          outcome = { wait, at: env.now };
        })(),
      );
      env.run({ until: 10_000 });
      expect(outcome).toEqual(expected);
    }
  });

  /** A read waiting on replica-1 for LSN 2 (of 2 shipped; replica-2 receives only LSN 1 in time), then `fault` at 100 ms. */
  function waitThrough(fault: (set: ReplicaSet) => void) {
    const env = new Environment();
    let draws = 0;
    // replica-1 gets each change after 500 ms, replica-2 gets LSN 1 after 10 ms and LSN 2 after 5 s.
    const delays = [500, 10, 500, 5000];
    const set = new ReplicaSet(env, 2, { delay: () => delays[draws++] ?? 0, applyRatePerS: () => 0, onApplied: () => {} });
    const r = new ReadWriteRouter(env, new Rng(1).fork('router'), set, { routing: () => 'round-robin', readYourWrites: () => 'wait-for-lsn', primaryWindowMs: () => 0 });
    for (const lsn of [1, 2]) {
      set.assignLsn({ lsn: 0 });
      set.ship({ lsn, writeId: lsn, rowId: 1, shippedAt: 0, committedAt: 0 });
    }
    const replica = set.find('replica-1')!;
    let outcome: { wait: LsnWait | null; at: number } = { wait: null, at: NaN };
    env.process(
      (function* (): ProcessGenerator<void> {
        const wait = yield* r.waitForLsn(replica, 2);
        outcome = { wait, at: env.now };
      })(),
    );
    env.run({ until: 100 });
    fault(set);
    env.run({ until: 10_000 }); // no crash: every ending of the wait is an outcome, not an error
    return outcome;
  }

  it('a wait for an LSN is not ended by the primary stopping: the replica keeps waiting (its stream broke), then times out', () => {
    expect(waitThrough((set) => set.stop(set.primary))).toEqual({ wait: { outcome: 'timed-out' }, at: WAIT_FOR_LSN_TIMEOUT_MS });
  });

  it('a wait ends at once, with its reason, when its replica stops or a failover ends the timeline before its LSN', () => {
    expect(waitThrough((set) => set.stop(set.find('replica-1')!))).toEqual({
      wait: { outcome: 'ended', why: 'replica-1 stopped while the read waited for it to apply LSN 2', nodeStopped: true },
      at: 100,
    });
    // replica-2 received only LSN 1, so the new timeline has no LSN 2: replica-1 will never apply the write.
    expect(
      waitThrough((set) => {
        set.stop(set.primary);
        set.promote(set.find('replica-2')!);
      }),
    ).toEqual({ wait: { outcome: 'ended', why: 'a failover ended the timeline at LSN 1: LSN 2 was lost with it', nodeStopped: false }, at: 100 });
    // Promoted itself before applying it (replica-1 received nothing yet: replica-2 is stopped, so replica-1 is the candidate).
    expect(
      waitThrough((set) => {
        set.stop(set.find('replica-2')!);
        set.promote(set.promotionCandidate()!);
      }),
    ).toEqual({ wait: { outcome: 'ended', why: 'replica-1 was promoted at LSN 0, before it applied LSN 2 (lost with the old timeline)', nodeStopped: false }, at: 100 });
  });
});
