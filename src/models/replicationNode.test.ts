import { describe, expect, it } from 'vitest';
import { Environment } from '../engine';
import { ReplicationNode, STANDBY_ACK_MS, STANDBY_FLUSH_MS, type Change, type StreamSettings } from './replicationNode';

/** A replica whose changes take the listed delays in turn (then the last one), replayed at `applyRatePerS`. */
function replica(delays: number[], applyRatePerS = 0) {
  const env = new Environment();
  let i = 0;
  const applied: { lsn: number; at: number }[] = [];
  const settings: StreamSettings = {
    delay: () => delays[Math.min(i++, delays.length - 1)]!,
    applyRatePerS: () => applyRatePerS,
    onApplied: (_node, change) => applied.push({ lsn: change.lsn, at: env.now }),
  };
  const node = new ReplicationNode(env, 'replica-1', 'replica', settings);
  const change = (lsn: number): Change => ({ lsn, writeId: lsn, rowId: 1, shippedAt: env.now, committedAt: env.now });
  return { env, node, applied, change };
}

describe('ReplicationNode', () => {
  it('replays a change its delay after the commit (the standby flush inside it), and never out of LSN order', () => {
    const { env, node, applied, change } = replica([100, 10]);
    node.ship(change(1));
    node.ship(change(2)); // drawn 10 ms, but may not overtake LSN 1
    env.run();
    expect(applied).toEqual([
      { lsn: 1, at: 100 },
      { lsn: 2, at: 100 },
    ]);
    expect(node.applied).toBe(2);
  });

  it('answers a commit waiting for a stage once it is reached, after the reply travels back', () => {
    const { env, node, change } = replica([20]);
    node.ship(change(1));
    const times: Record<string, number> = {};
    for (const stage of ['received', 'flushed', 'applied'] as const) node.waitFor(stage, 1).addCallback(() => (times[stage] = env.now));
    env.run();
    const received = 20 - STANDBY_FLUSH_MS;
    expect(times).toEqual({ received: received + STANDBY_ACK_MS, flushed: 20 + STANDBY_ACK_MS, applied: 20 + STANDBY_ACK_MS });
  });

  it('replays at most applyRatePerS changes per second, so a backlog builds and its lag grows', () => {
    const { env, node, change } = replica([0], 10);
    for (let lsn = 1; lsn <= 5; lsn++) node.ship(change(lsn));
    env.run({ until: 250 });
    expect(node.applied).toBe(2);
    expect(node.backlogSize).toBe(3);
    expect(node.lagMsNow(env.now)).toBe(250);
    env.run();
    expect(node.applied).toBe(5);
  });

  it('receives nothing over a cut link and catches up when it heals', () => {
    const { env, node, change } = replica([10]);
    node.cutLink();
    node.ship(change(1));
    env.run({ until: 1000 });
    expect(node.received).toBe(0);
    node.healLink();
    env.run();
    expect(node.applied).toBe(1);
  });

  it('on promotion replays what it received and drops what was still on the wire', () => {
    const { env, node, change } = replica([10, 500]);
    node.ship(change(1));
    node.ship(change(2));
    env.run({ until: 100 });
    const { lsn, dropped } = node.promote();
    expect(lsn).toBe(1);
    expect(dropped.map((c) => c.lsn)).toEqual([2]);
    expect(node.role).toBe('primary');
    expect(node.shipped).toBe(node.appliedCount + node.discarded);
  });
});
