import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import type { SimEvent } from './event';

/**
 * A plan: each event, when processed, schedules some children (delay, priority) and may
 * cancel an earlier event. The kernel's order must equal a naive reference that keeps every
 * pending event in a list and always takes the least (time, priority, insertion) one.
 */
interface Child {
  delay: number;
  priority: number;
  /** Cancel the event created this many creations ago (if still pending), before scheduling. */
  cancelBack: number | null;
}

const child: fc.Arbitrary<Child> = fc.record({
  // Many zero delays and equal times, so the FIFO lanes and ties are exercised.
  delay: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 5, noNaN: true })),
  priority: fc.oneof(fc.constant(0), fc.constant(1), fc.constant(1), fc.integer({ min: 0, max: 5 })),
  cancelBack: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 4 }),
});

/** Children of the n-th processed event: plan[n % plan.length], up to a total budget. */
function runKernel(roots: Child[], plan: Child[][], budget: number): number[] {
  const env = new Environment();
  const order: number[] = [];
  const created: SimEvent[] = [];
  let next = 0;
  const spawn = (c: Child) => {
    if (c.cancelBack !== null) created[created.length - c.cancelBack]?.cancel();
    if (next >= budget) return;
    const id = next++;
    const e = env.event<number>();
    created.push(e);
    e.addCallback(() => {
      order.push(id);
      for (const k of plan[order.length % plan.length] ?? []) spawn(k);
    });
    e.succeed(id, c.delay, c.priority);
  };
  for (const r of roots) spawn(r);
  env.run();
  return order;
}

function runReference(roots: Child[], plan: Child[][], budget: number): number[] {
  type Entry = { time: number; priority: number; serial: number; id: number; cancelled: boolean; processed: boolean };
  const pending: Entry[] = [];
  const created: Entry[] = [];
  const order: number[] = [];
  let now = 0;
  let serial = 0;
  let next = 0;
  const spawn = (c: Child) => {
    if (c.cancelBack !== null) {
      const e = created[created.length - c.cancelBack];
      if (e && !e.processed) e.cancelled = true;
    }
    if (next >= budget) return;
    const e: Entry = { time: now + c.delay, priority: c.priority, serial: serial++, id: next++, cancelled: false, processed: false };
    created.push(e);
    pending.push(e);
  };
  for (const r of roots) spawn(r);
  while (pending.length > 0) {
    let best = 0;
    for (let i = 1; i < pending.length; i++) {
      const a = pending[i]!;
      const b = pending[best]!;
      if (a.time < b.time || (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.serial < b.serial)))) best = i;
    }
    const e = pending.splice(best, 1)[0]!;
    if (e.cancelled) continue;
    now = e.time;
    e.processed = true;
    order.push(e.id);
    for (const k of plan[order.length % plan.length] ?? []) spawn(k);
  }
  return order;
}

describe('the agenda (heap + zero-delay lanes)', () => {
  it('processes events in exactly the (time, priority, insertion) order of a naive reference (fast-check seed 99)', () => {
    fc.assert(
      fc.property(
        fc.array(child, { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(child, { maxLength: 4 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 300 }),
        (roots, plan, budget) => {
          expect(runKernel(roots, plan, budget)).toEqual(runReference(roots, plan, budget));
        },
      ),
      { seed: 99, numRuns: 400 },
    );
  });

  it('rejects priorities outside [0, 1024) and non-integers', () => {
    const env = new Environment();
    expect(() => env.event().succeed(1, 0, -1)).toThrow(RangeError);
    expect(() => env.event().succeed(1, 0, 1024)).toThrow(RangeError);
    expect(() => env.event().succeed(1, 0, 0.5)).toThrow(RangeError);
    expect(() => env.event().succeed(1, 0, Number.NaN)).toThrow(RangeError);
    env.event().succeed(1, 0, 1023);
    expect(env.run()).toBe('idle');
  });

  it('only triggered events are scheduled', () => {
    const env = new Environment();
    expect(() => env.schedule(env.event(), 1)).toThrow(/triggered/);
  });

  it('grows past its initial capacity and drains in order', () => {
    const env = new Environment();
    const order: number[] = [];
    // 1,000 future events in reverse time order, plus 1,000 zero-delay ones.
    for (let i = 999; i >= 0; i--) env.timeout(i + 1).addCallback(() => order.push(i + 1));
    for (let i = 0; i < 1000; i++) env.timeout(0).addCallback(() => order.push(0));
    env.run();
    expect(order).toEqual([...new Array<number>(1000).fill(0), ...Array.from({ length: 1000 }, (_, i) => i + 1)]);
  });
});
