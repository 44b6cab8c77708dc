import { describe, expect, it } from 'vitest';
import { Environment } from '../engine';
import { ReplicaSet } from './replicaSet';

/** A primary and two replicas; each change ships to replica-1 then replica-2, which draw these delays in turn. */
function cluster(delays: Record<string, number>) {
  const env = new Environment();
  let draws = 0;
  const set = new ReplicaSet<{ lsn: number; id: number }>(env, 2, {
    delay: () => delays[draws++ % 2 === 0 ? 'replica-1' : 'replica-2'] ?? 0,
    applyRatePerS: () => 0,
    onApplied: () => {},
  });
  const write = (id: number) => {
    const w = { lsn: 0, id };
    set.assignLsn(w);
    set.ship({ lsn: w.lsn, writeId: id, rowId: id, shippedAt: env.now, committedAt: env.now });
    return w;
  };
  return { env, set, write };
}

describe('ReplicaSet', () => {
  it('gives each write the next LSN and ships it to every follower; replica-1 is the synchronous standby', () => {
    const { env, set, write } = cluster({ 'replica-1': 5, 'replica-2': 50 });
    expect(write(1).lsn).toBe(1);
    expect(write(2).lsn).toBe(2);
    env.run();
    expect(set.followers().map((n) => n.applied)).toEqual([2, 2]);
    expect(set.syncStandby()?.id).toBe('replica-1');
  });

  it('promotes the running replica that received the most; writes it lacked are abandoned with the old timeline', () => {
    const { env, set, write } = cluster({ 'replica-1': 500, 'replica-2': 20 });
    write(1);
    write(2);
    env.run({ until: 100 });
    write(3);
    env.run({ until: 110 });
    set.stop(set.primary);
    const best = set.promotionCandidate()!;
    expect(best.id).toBe('replica-2');
    const p = set.promote(best);
    expect(p.lsn).toBe(2);
    expect(p.endedTimeline).toBe(1);
    expect(p.abandoned.map((w) => w.id)).toEqual([3]);
    expect(p.kept.map((w) => w.id)).toEqual([1, 2]);
    expect(set.primary).toBe(best);
    expect(p.old.role).toBe('retired');
    expect(set.timeline).toBe(2);
    expect(set.lsn).toBe(2);
    // replica-1 follows the new primary: it gets LSNs 1–2 (still on the wire), never 3.
    env.run();
    expect(set.find('replica-1')!.applied).toBe(2);
    expect(write(4).lsn).toBe(3);
  });

  it('a stopped primary fails the commits waiting on its standby', () => {
    const { env, set, write } = cluster({ 'replica-1': 100 });
    write(1);
    const waiting = set.syncStandby()!.waitFor('applied', 1);
    let failure = '';
    waiting.addCallback((e) => {
      if (!e.ok) failure = (e.value as Error).message;
    });
    set.stop(set.primary);
    env.run();
    expect(failure).toBe('the primary (primary) stopped before the commit was acknowledged');
    expect(set.promotionCandidate()).not.toBeNull();
  });

  it('has no candidate when no replica runs', () => {
    const { set } = cluster({});
    for (const n of set.followers()) set.stop(n);
    expect(set.promotionCandidate()).toBeNull();
  });
});
