import { describe, expect, it } from 'vitest';
import { Environment } from '../engine';
import { HealthChecks, type CheckedNode } from './healthChecks';

const node = (id: string): CheckedNode & { up: boolean; role: string } => ({ id, up: true, role: 'replica', routerUp: true, failedChecks: 0 });

describe('HealthChecks', () => {
  it('marks a node down after the configured failures in a row, and up again at the first probe it answers', () => {
    const env = new Environment();
    const a = node('a');
    const b = node('b');
    const events: string[] = [];
    new HealthChecks(env, [a, b], { everyMs: () => 100, failuresToMarkDown: () => 3 }, {
      markedUp: (n) => events.push(`${env.now} ${n.id} up`),
      markedDown: (n) => events.push(`${env.now} ${n.id} down after ${n.failedChecks}`),
    }).start();
    env.timeout(150).addCallback(() => (a.up = false));
    env.timeout(650).addCallback(() => (a.up = true));
    env.run({ until: 1000 });
    expect(events).toEqual(['400 a down after 3', '700 a up']);
    expect(b.routerUp).toBe(true);
  });

  it('does not probe a retired node', () => {
    const env = new Environment();
    const old = { ...node('old'), up: false, role: 'retired' };
    const events: string[] = [];
    new HealthChecks(env, [old], { everyMs: () => 100, failuresToMarkDown: () => 1 }, { markedUp: () => events.push('up'), markedDown: () => events.push('down') }).start();
    env.run({ until: 1000 });
    expect(events).toEqual([]);
    expect(old.failedChecks).toBe(0);
  });
});
