import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import { Interrupt, RequestCancelled, RequestTimeout } from './errors';
import type { ProcessGenerator } from './process';
import { Resource, type ResourceRequest } from './resource';

type LogEntry = [t: number, actor: string, what: string];

/** A user that arrives at `arrive`, holds one unit for `hold`, and logs what happens. */
function user(env: Environment, res: Resource, log: LogEntry[], name: string, arrive: number, hold: number, timeout?: number): ProcessGenerator<void> {
  return (function* () {
    yield env.timeout(arrive);
    log.push([env.now, name, 'request']);
    const req = res.request({ timeout });
    try {
      yield req;
    } catch (error) {
      log.push([env.now, name, (error as Error).name]);
      return;
    }
    log.push([env.now, name, 'granted']);
    yield env.timeout(hold);
    res.release(req);
    log.push([env.now, name, 'released']);
  })();
}

describe('Resource', () => {
  it('grants at once while units are free, as an event at the current time', () => {
    const env = new Environment();
    const res = new Resource(env, 2);
    const a = res.request();
    const b = res.request();
    const c = res.request();
    expect([a.state, b.state, c.state]).toEqual(['granted', 'granted', 'waiting']);
    expect([res.inUse, res.waiting, res.capacity]).toEqual([2, 1, 2]);
    expect(a.triggered && !a.processed).toBe(true);
    env.run();
    expect(a.value).toBe(a); // a granted request's value is itself
    expect(c.triggered).toBe(false);
  });

  it('serves waiters first come, first served (a whole trace)', () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const log: LogEntry[] = [];
    env.process(user(env, res, log, 'a', 0, 4));
    env.process(user(env, res, log, 'b', 1, 1));
    env.process(user(env, res, log, 'c', 2, 1));
    env.process(user(env, res, log, 'd', 2, 1));
    env.run();
    expect(log).toEqual([
      [0, 'a', 'request'],
      [0, 'a', 'granted'],
      [1, 'b', 'request'],
      [2, 'c', 'request'],
      [2, 'd', 'request'],
      [4, 'a', 'released'],
      [4, 'b', 'granted'],
      [5, 'b', 'released'],
      [5, 'c', 'granted'],
      [6, 'c', 'released'],
      [6, 'd', 'granted'],
      [7, 'd', 'released'],
    ]);
  });

  it('is fair under load: grant order equals request order (FIFO) across many users', () => {
    const env = new Environment();
    const res = new Resource(env, 3);
    const requested: number[] = [];
    const granted: number[] = [];
    for (let i = 0; i < 100; i++) {
      env.process(
        (function* () {
          yield env.timeout((i * 7) % 13); // arrival times out of creation order
          requested.push(i);
          const req = res.request();
          yield req;
          granted.push(i);
          yield env.timeout(1 + (i % 5));
          res.release(req);
        })(),
      );
    }
    env.run();
    expect(granted).toEqual(requested);
    expect([res.inUse, res.waiting]).toEqual([0, 0]);
  });

  it('a newcomer never overtakes a waiter, even when a unit is free at that instant', () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const log: LogEntry[] = [];
    const holder = res.request();
    const waiter = res.request();
    env.timeout(1).addCallback(() => {
      res.release(holder); // hands the unit to `waiter` (its grant event is pending)…
      const newcomer = res.request(); // …so this one must queue
      log.push([env.now, 'newcomer', newcomer.state]);
      log.push([env.now, 'waiter', waiter.state]);
    });
    env.run();
    expect(log).toEqual([
      [1, 'newcomer', 'waiting'],
      [1, 'waiter', 'granted'],
    ]);
  });

  it('records when a request was made and granted, and how long it waited', () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const first = res.request();
    let second: ResourceRequest | undefined;
    env.timeout(2).addCallback(() => (second = res.request()));
    env.timeout(5).addCallback(() => res.release(first));
    env.run({ until: 3 });
    expect(second!.waited).toBe(1);
    expect(Number.isNaN(second!.grantedAt)).toBe(true);
    env.run();
    expect([second!.requestedAt, second!.grantedAt, second!.waited]).toEqual([2, 5, 3]);
    expect(first.waited).toBe(0);
  });

  describe('request timeouts', () => {
    it('throw RequestTimeout at the yield, remove the waiter and keep the counts right', () => {
      const env = new Environment();
      const res = new Resource(env, 1);
      const log: LogEntry[] = [];
      env.process(user(env, res, log, 'holder', 0, 10));
      env.process(user(env, res, log, 'impatient', 1, 1, 3));
      env.process(user(env, res, log, 'patient', 2, 1));
      const counts: [number, number, number][] = [];
      for (const t of [1.5, 2.5, 4.5]) env.timeout(t).addCallback(() => counts.push([env.now, res.inUse, res.waiting]));
      env.run();
      expect(log).toEqual([
        [0, 'holder', 'request'],
        [0, 'holder', 'granted'],
        [1, 'impatient', 'request'],
        [2, 'patient', 'request'],
        [4, 'impatient', 'RequestTimeout'],
        [10, 'holder', 'released'],
        [10, 'patient', 'granted'], // the timed-out waiter was skipped
        [11, 'patient', 'released'],
      ]);
      expect(counts).toEqual([
        [1.5, 1, 1],
        [2.5, 1, 2],
        [4.5, 1, 1],
      ]);
    });

    it('the error says how long the request waited, and the request is marked timedOut', () => {
      const env = new Environment();
      const res = new Resource(env, 0);
      const req = res.request({ timeout: 2.5 });
      let caught: unknown;
      env.process(
        (function* () {
          try {
            yield req;
          } catch (error) {
            caught = error;
          }
        })(),
      );
      env.run();
      expect(caught).toBeInstanceOf(RequestTimeout);
      expect((caught as RequestTimeout).waitedFor).toBe(2.5);
      expect(req.state).toBe('timedOut');
      expect(env.now).toBe(2.5);
      expect(res.waiting).toBe(0);
    });

    it('a request granted before its deadline cancels its timer (no stray event later)', () => {
      const env = new Environment();
      const res = new Resource(env, 1);
      const first = res.request();
      const second = res.request({ timeout: 100 });
      env.timeout(1).addCallback(() => res.release(first));
      env.run();
      expect(second.state).toBe('granted');
      expect(env.now).toBe(1); // the cancelled timer at 100 did not move the clock
    });

    it('a request that times out at the instant it would be granted: the earlier event wins', () => {
      // Release scheduled before the deadline's timer → granted.
      const env1 = new Environment();
      const res1 = new Resource(env1, 1);
      const held1 = res1.request();
      env1.timeout(2).addCallback(() => res1.release(held1));
      const r1 = res1.request({ timeout: 2 });
      env1.run();
      expect(r1.state).toBe('granted');
      // Deadline's timer scheduled before the release → timed out; the unit stays free.
      const env2 = new Environment();
      const res2 = new Resource(env2, 1);
      const held2 = res2.request();
      const r2 = res2.request({ timeout: 2 });
      env2.timeout(2).addCallback(() => res2.release(held2));
      env2.run();
      expect(r2.state).toBe('timedOut');
      expect([res2.inUse, res2.waiting]).toEqual([0, 0]);
    });

    it('a timed-out request nobody is waiting for does not crash the run', () => {
      const env = new Environment();
      const res = new Resource(env, 0);
      const req = res.request({ timeout: 1 });
      expect(env.run()).toBe('idle');
      expect(req.state).toBe('timedOut');
    });

    it('timeout 0, Infinity or omitted means wait forever', () => {
      const env = new Environment();
      const res = new Resource(env, 0);
      const reqs = [res.request({ timeout: 0 }), res.request({ timeout: Infinity }), res.request()];
      env.run({ until: 1e6 });
      expect(reqs.map((r) => r.state)).toEqual(['waiting', 'waiting', 'waiting']);
      res.setCapacity(3);
      env.run();
      expect(reqs.map((r) => r.state)).toEqual(['granted', 'granted', 'granted']);
    });

    it('the queue stays correct after thousands of timed-out waiters (lazy removal and compaction)', () => {
      const env = new Environment();
      const res = new Resource(env, 1);
      const holder = res.request();
      const timedOut: ResourceRequest[] = [];
      for (let i = 0; i < 3000; i++) timedOut.push(res.request({ timeout: 1 + (i % 10) }));
      const survivor = res.request();
      env.timeout(20).addCallback(() => res.release(holder));
      env.run();
      expect(timedOut.every((r) => r.state === 'timedOut')).toBe(true);
      expect(survivor.state).toBe('granted');
      expect([res.inUse, res.waiting]).toEqual([1, 0]);
      // After compaction, FIFO still holds.
      const later = [res.request(), res.request()];
      res.release(survivor);
      env.run();
      expect(later.map((r) => r.state)).toEqual(['granted', 'waiting']);
    });
  });

  describe('cancellation', () => {
    it('cancelling a waiting request withdraws it: it fails with RequestCancelled, the queue skips it', () => {
      const env = new Environment();
      const res = new Resource(env, 1);
      const held = res.request();
      const cancelled = res.request();
      const next = res.request();
      expect(res.waiting).toBe(2);
      cancelled.cancel();
      expect(cancelled.state).toBe('cancelled');
      expect(res.waiting).toBe(1);
      res.release(held);
      expect(next.state).toBe('granted');
      expect(env.run()).toBe('idle'); // the failure is defused: nobody was waiting for it
      expect(cancelled.ok).toBe(false);
      expect(cancelled.value).toBeInstanceOf(RequestCancelled);
    });

    it('cancelling a granted request releases it; cancelling twice is harmless', () => {
      const env = new Environment();
      const res = new Resource(env, 1);
      const a = res.request();
      const b = res.request();
      a.cancel();
      expect([a.state, b.state, res.inUse]).toEqual(['released', 'granted', 1]);
      a.cancel();
      expect([a.state, res.inUse]).toEqual(['released', 1]);
    });

    it('an interrupted waiter cancels its request in `finally` and the unit goes to the next', () => {
      const env = new Environment();
      const res = new Resource(env, 1);
      const log: LogEntry[] = [];
      env.process(user(env, res, log, 'holder', 0, 5));
      const impatient = env.process(
        (function* () {
          yield env.timeout(1);
          const req = res.request();
          try {
            yield req;
            log.push([env.now, 'impatient', 'granted']);
          } catch (error) {
            if (!(error instanceof Interrupt)) throw error;
            log.push([env.now, 'impatient', 'interrupted']);
          } finally {
            req.cancel();
          }
        })(),
      );
      env.process(user(env, res, log, 'next', 2, 1));
      env.timeout(3).addCallback(() => impatient.interrupt());
      env.run();
      expect(log).toEqual([
        [0, 'holder', 'request'],
        [0, 'holder', 'granted'],
        [2, 'next', 'request'],
        [3, 'impatient', 'interrupted'],
        [5, 'holder', 'released'],
        [5, 'next', 'granted'],
        [6, 'next', 'released'],
      ]);
    });
  });

  describe('setCapacity', () => {
    it('growing grants waiters at once, in FIFO order', () => {
      const env = new Environment();
      const res = new Resource(env, 1);
      const reqs = [res.request(), res.request(), res.request(), res.request()];
      res.setCapacity(3);
      expect(reqs.map((r) => r.state)).toEqual(['granted', 'granted', 'granted', 'waiting']);
      expect([res.inUse, res.waiting, res.capacity]).toEqual([3, 1, 3]);
    });

    it('shrinking never takes units back, but no new grant happens until usage is under the new capacity', () => {
      const env = new Environment();
      const res = new Resource(env, 3);
      const held = [res.request(), res.request(), res.request()];
      const waiter = res.request();
      res.setCapacity(1);
      expect([res.inUse, res.capacity]).toEqual([3, 1]);
      res.release(held[0]!);
      res.release(held[1]!);
      expect(waiter.state).toBe('waiting'); // 1 in use, capacity 1
      res.release(held[2]!);
      expect(waiter.state).toBe('granted');
      expect(res.inUse).toBe(1);
    });

    it('rejects a negative or fractional capacity', () => {
      const env = new Environment();
      expect(() => new Resource(env, -1)).toThrow(RangeError);
      expect(() => new Resource(env, 1.5)).toThrow(RangeError);
      expect(() => new Resource(env, 1).setCapacity(-2)).toThrow(RangeError);
    });
  });

  it('release checks its argument', () => {
    const env = new Environment();
    const res = new Resource(env, 1);
    const other = new Resource(env, 1);
    const a = res.request();
    const waiting = res.request();
    expect(() => other.release(a)).toThrow(/another resource/);
    expect(() => res.release(waiting)).toThrow(/waiting/);
    res.release(a);
    expect(() => res.release(a)).toThrow(/released/);
  });
});
