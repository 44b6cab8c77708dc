import { describe, expect, it } from 'vitest';
import { Environment, Rng, type ProcessGenerator } from '../engine';
import { ReadWriteRouter, WAIT_FOR_LSN_TIMEOUT_MS, type ReadRouting, type ReadYourWrites } from './readWriteRouter';
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
      [50, { applied: true, at: 50 }],
      [5000, { applied: false, at: WAIT_FOR_LSN_TIMEOUT_MS }],
    ] as const) {
      const { env, set, router: r } = router('round-robin', 'wait-for-lsn', 1, delayMs);
      set.ship({ lsn: 1, writeId: 1, rowId: 1, shippedAt: 0, committedAt: 0 });
      const replica = set.followers()[0]!;
      const own = { lsn: 1, committedAt: 0 };
      expect(r.mustWaitForLsn(own, replica)).toBe(true);
      expect(r.mustWaitForLsn(own, set.primary)).toBe(false);
      let outcome = { applied: false, at: NaN };
      env.process(
        (function* (): ProcessGenerator<void> {
          const applied = yield* r.waitForLsn(replica, own.lsn);
          outcome = { applied, at: env.now };
        })(),
      );
      env.run({ until: 10_000 });
      expect(outcome).toEqual(expected);
    }
  });
});
