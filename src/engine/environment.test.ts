import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import { NORMAL, SimEvent, URGENT } from './event';
import type { ProcessGenerator } from './process';
import { Trace } from './trace';

type LogEntry = [t: number, actor: string, what: string];

describe('event ordering', () => {
  it('processes events in time order, whatever the order they were scheduled in', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    for (const [name, delay] of [['c', 3], ['a', 1], ['d', 4], ['b', 2]] as const) {
      env.timeout(delay).addCallback(() => log.push([env.now, name, 'fired']));
    }
    expect(env.run()).toBe('idle');
    expect(log).toEqual([
      [1, 'a', 'fired'],
      [2, 'b', 'fired'],
      [3, 'c', 'fired'],
      [4, 'd', 'fired'],
    ]);
  });

  it('breaks ties at the same time by priority, then by insertion order', () => {
    const env = new Environment();
    const order: string[] = [];
    const at = (name: string, priority: number) => {
      const e = env.event();
      e.addCallback(() => order.push(name));
      e.succeed(undefined, 5, priority);
    };
    at('normal-1', NORMAL);
    at('urgent-1', URGENT);
    at('normal-2', NORMAL);
    at('urgent-2', URGENT);
    at('normal-3', NORMAL);
    env.run();
    expect(order).toEqual(['urgent-1', 'urgent-2', 'normal-1', 'normal-2', 'normal-3']);
  });

  it('keeps insertion order among many simultaneous events (the heap is stable by serial)', () => {
    const env = new Environment();
    const order: number[] = [];
    // Interleave times so that the heap has to reorder, and put 50 events at each time.
    for (let i = 0; i < 200; i++) env.timeout(i % 4).addCallback(() => order.push(i));
    env.run();
    const expected = [0, 1, 2, 3].flatMap((t) => Array.from({ length: 50 }, (_, k) => t + 4 * k));
    expect(order).toEqual(expected);
  });

  it('runs zero-delay events after the current one, in the order they were created', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    env.timeout(1).addCallback(() => {
      log.push([env.now, 'outer', 'start']);
      env.timeout(0).addCallback(() => {
        log.push([env.now, 'zero-1', 'fired']);
        env.timeout(0).addCallback(() => log.push([env.now, 'zero-3', 'fired']));
      });
      env.timeout(0).addCallback(() => log.push([env.now, 'zero-2', 'fired']));
      log.push([env.now, 'outer', 'end']);
    });
    env.timeout(1).addCallback(() => log.push([env.now, 'sibling', 'fired']));
    env.run();
    expect(log).toEqual([
      [1, 'outer', 'start'],
      [1, 'outer', 'end'],
      [1, 'sibling', 'fired'], // scheduled before the zero-delay events, so it runs first
      [1, 'zero-1', 'fired'],
      [1, 'zero-2', 'fired'],
      [1, 'zero-3', 'fired'],
    ]);
  });

  it('gives a process started now its first step before normal events at the same time', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    env.timeout(0).addCallback(() => log.push([env.now, 'timeout', 'fired']));
    env.process(
      (function* () {
        log.push([env.now, 'p', 'start']);
        yield env.timeout(0);
        log.push([env.now, 'p', 'after zero timeout']);
      })(),
    );
    env.run();
    expect(log).toEqual([
      [0, 'p', 'start'],
      [0, 'timeout', 'fired'],
      [0, 'p', 'after zero timeout'],
    ]);
  });

  it('runs several callbacks of one event in registration order', () => {
    const env = new Environment();
    const order: number[] = [];
    const e = env.timeout(1);
    for (let i = 0; i < 5; i++) e.addCallback(() => order.push(i));
    e.removeCallback(() => order.push(99)); // not registered: no effect
    env.run();
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('callbacks pushed directly onto `callbacks` run in order with waiting processes', () => {
    const env = new Environment();
    const order: string[] = [];
    const t = env.timeout(1);
    env.process(
      (function* () {
        yield t;
        order.push('process');
      })(),
    );
    env.run({ until: 0.5 }); // the process now waits on t
    t.callbacks!.push(() => order.push('pushed'));
    t.addCallback(() => order.push('added'));
    env.run();
    expect(order).toEqual(['process', 'pushed', 'added']);
    expect(t.callbacks).toBeNull(); // processed
    const c = env.timeout(1);
    c.cancel();
    expect(c.callbacks).toBeNull(); // cancelled
  });

  it('schedules a callback added to an already processed event at the current time', () => {
    const env = new Environment();
    const e = env.timeout(1, 'v');
    env.run();
    expect(e.processed).toBe(true);
    const seen: [number, unknown][] = [];
    e.addCallback((ev) => seen.push([env.now, ev.value]));
    expect(seen).toEqual([]); // not synchronously
    env.run();
    expect(seen).toEqual([[1, 'v']]);
  });
});

describe('timeouts', () => {
  it('fire after their delay with their value', () => {
    const env = new Environment({ initialTime: 10 });
    const t = env.timeout(2.5, 'hello');
    expect(t.triggered).toBe(true);
    expect(t.processed).toBe(false);
    expect(t.time).toBe(12.5);
    env.run();
    expect(t.processed).toBe(true);
    expect(t.value).toBe('hello');
    expect(env.now).toBe(12.5);
  });

  it('reject negative and NaN delays', () => {
    const env = new Environment();
    expect(() => env.timeout(-1)).toThrow(RangeError);
    expect(() => env.timeout(Number.NaN)).toThrow(RangeError);
    expect(() => env.event().succeed(undefined, -0.5)).toThrow(RangeError);
    expect(() => env.event().fail(new Error('x'), Number.NaN)).toThrow(RangeError);
    // A rejected trigger leaves the event pending, so it can still be triggered properly.
    const e = env.event<number>();
    expect(() => e.succeed(1, -1)).toThrow(RangeError);
    expect([e.triggered, e.ok, e.value]).toEqual([false, true, undefined]);
    e.succeed(2, 1);
    env.run();
    expect([e.processed, e.value, env.now]).toEqual([true, 2, 1]);
  });

  it('accepts an infinite delay (an event that never comes) without advancing the clock', () => {
    const env = new Environment();
    env.timeout(Infinity);
    expect(env.run({ until: 1e9 })).toBe('until');
    expect(env.now).toBe(1e9);
  });
});

describe('cancellation', () => {
  it('cancelled timeouts never fire and do not advance the clock', () => {
    const env = new Environment();
    const fired: string[] = [];
    const a = env.timeout(1);
    a.addCallback(() => fired.push('a'));
    const b = env.timeout(5);
    b.addCallback(() => fired.push('b'));
    env.timeout(2).addCallback(() => fired.push('c'));
    b.cancel();
    expect(b.cancelled).toBe(true);
    expect(b.processed).toBe(false);
    expect(env.run()).toBe('idle');
    expect(fired).toEqual(['a', 'c']);
    expect(env.now).toBe(2); // the cancelled event at 5 did not move the clock
    expect(env.eventsProcessed).toBe(2);
  });

  it('a timeout cancelled from a callback at the same instant does not fire', () => {
    const env = new Environment();
    const fired: string[] = [];
    const later = env.timeout(3);
    later.addCallback(() => fired.push('later'));
    env.timeout(3).addCallback(() => fired.push('other'));
    // Scheduled before both, at the same time: cancels `later` before it is popped.
    const first = env.event();
    first.addCallback(() => later.cancel());
    first.succeed(undefined, 3, URGENT);
    env.run();
    expect(fired).toEqual(['other']);
  });

  it('cancelling a processed event does nothing', () => {
    const env = new Environment();
    const t = env.timeout(1);
    env.run();
    t.cancel();
    expect(t.cancelled).toBe(false);
    expect(t.processed).toBe(true);
  });

  it('a pending event cancelled before it is triggered is skipped once triggered', () => {
    const env = new Environment();
    const e = env.event<string>();
    let ran = false;
    e.addCallback(() => (ran = true));
    e.cancel();
    e.succeed('late', 1);
    env.run();
    expect(ran).toBe(false);
    expect(env.now).toBe(0);
  });

  it('peek() and scheduledCount skip or count cancelled events', () => {
    const env = new Environment();
    const a = env.timeout(1);
    env.timeout(2);
    a.cancel();
    expect(env.scheduledCount).toBe(2); // removed lazily
    expect(env.peek()).toBe(2);
    expect(env.scheduledCount).toBe(1);
  });
});

describe('run, step and the clock', () => {
  it('run({ until }) processes events strictly before `until` and sets now to it', () => {
    const env = new Environment();
    const fired: number[] = [];
    for (const t of [1, 2, 3, 4]) env.timeout(t).addCallback(() => fired.push(env.now));
    expect(env.run({ until: 3 })).toBe('until');
    expect(fired).toEqual([1, 2]);
    expect(env.now).toBe(3);
    expect(env.run({ until: 3 })).toBe('until'); // idempotent
    expect(fired).toEqual([1, 2]);
    expect(env.run({ until: 10 })).toBe('until');
    expect(fired).toEqual([1, 2, 3, 4]);
    expect(env.now).toBe(10);
    expect(env.run()).toBe('idle');
    expect(env.now).toBe(10);
  });

  it('run({ until }) refuses a time in the past or NaN', () => {
    const env = new Environment({ initialTime: 5 });
    expect(() => env.run({ until: 4 })).toThrow(RangeError);
    expect(() => env.run({ until: Number.NaN })).toThrow(RangeError);
    expect(env.now).toBe(5);
  });

  it('run({ maxEvents }) stops after the budget and resumes where it left off', () => {
    const env = new Environment();
    const fired: number[] = [];
    for (let i = 1; i <= 5; i++) env.timeout(i).addCallback(() => fired.push(i));
    expect(env.run({ maxEvents: 2 })).toBe('budget');
    expect(fired).toEqual([1, 2]);
    expect(env.now).toBe(2);
    expect(env.run({ maxEvents: 0 })).toBe('budget');
    expect(env.run({ maxEvents: 100 })).toBe('idle');
    expect(fired).toEqual([1, 2, 3, 4, 5]);
  });

  it('step() processes one event at a time; stepInstant() all events of the next instant', () => {
    const env = new Environment();
    const fired: string[] = [];
    env.timeout(1).addCallback(() => fired.push('a'));
    env.timeout(1).addCallback(() => fired.push('b'));
    env.timeout(2).addCallback(() => fired.push('c'));
    expect(env.peek()).toBe(1);
    expect(env.step()).toBe(true);
    expect(fired).toEqual(['a']);
    expect(env.stepInstant()).toBe(true);
    expect(fired).toEqual(['a', 'b']);
    expect(env.stepInstant()).toBe(true);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(env.step()).toBe(false);
    expect(env.stepInstant()).toBe(false);
    expect(env.peek()).toBe(Infinity);
  });

  it('counts processed events', () => {
    const env = new Environment();
    env.process(
      (function* () {
        yield env.timeout(1);
        yield env.timeout(1);
      })(),
    );
    env.run();
    // start + two timeouts (the finished process has no waiter, so it costs no event)
    expect(env.eventsProcessed).toBe(3);
  });
});

describe('failures', () => {
  it('an unhandled failed event crashes run() with its error', () => {
    const env = new Environment();
    const boom = new Error('boom');
    env.event().fail(boom, 1);
    expect(() => env.run()).toThrow(boom);
    expect(env.now).toBe(1);
  });

  it('a non-Error failure is wrapped', () => {
    const env = new Environment();
    env.event().fail('just a string');
    expect(() => env.run()).toThrow(/unhandled failed event: just a string/);
  });

  it('a defused failed event does not crash', () => {
    const env = new Environment();
    const e = env.event();
    e.fail(new Error('handled'));
    e.defused = true;
    expect(env.run()).toBe('idle');
  });

  it('an event cannot be triggered twice', () => {
    const env = new Environment();
    const e = env.event();
    e.succeed(1);
    expect(() => e.succeed(2)).toThrow(/already triggered/);
    expect(() => e.fail(new Error('x'))).toThrow(/already triggered/);
    expect(() => env.timeout(1).succeed()).toThrow(/already triggered/);
  });
});

describe('whole traces (SimPy style)', () => {
  it('two clocks ticking at different rates', () => {
    // The first example of the SimPy documentation.
    const env = new Environment();
    const log: [number, string][] = [];
    function* clock(name: string, tick: number): ProcessGenerator<void> {
      for (;;) {
        log.push([env.now, name]);
        yield env.timeout(tick);
      }
    }
    env.process(clock('fast', 0.5));
    env.process(clock('slow', 1));
    env.run({ until: 2 });
    expect(log).toEqual([
      [0, 'fast'],
      [0, 'slow'],
      [0.5, 'fast'],
      [1, 'slow'],
      [1, 'fast'],
      [1.5, 'fast'],
    ]);
  });

  it('a car alternately parking and driving, with a trace', () => {
    const trace = new Trace();
    const env = new Environment({ trace });
    function* car(): ProcessGenerator<void> {
      for (;;) {
        env.log('car', 'park');
        yield env.timeout(5);
        env.log('car', 'drive', { km: 2 });
        yield env.timeout(2);
      }
    }
    env.process(car());
    env.run({ until: 15 });
    expect(trace.all().map((e) => [e.t, e.actor, e.kind])).toEqual([
      [0, 'car', 'park'],
      [5, 'car', 'drive'],
      [7, 'car', 'park'],
      [12, 'car', 'drive'],
      [14, 'car', 'park'],
    ]);
    expect(trace.all()[1]).toEqual({ t: 5, actor: 'car', kind: 'drive', data: { km: 2 } });
  });

  it('log() is a no-op without a trace', () => {
    const env = new Environment();
    expect(env.trace).toBeNull();
    env.log('x', 'y');
  });

  it('pending events created with event() are triggered by model code', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const signal = env.event<string>();
    env.process(
      (function* () {
        const v: string = yield signal;
        log.push([env.now, 'waiter', v]);
      })(),
    );
    env.process(
      (function* () {
        yield env.timeout(3);
        log.push([env.now, 'signaller', 'go']);
        signal.succeed('go!');
      })(),
    );
    env.run();
    expect(log).toEqual([
      [3, 'signaller', 'go'],
      [3, 'waiter', 'go!'],
    ]);
  });
});

describe('SimEvent basics', () => {
  it('is pending, then triggered, then processed', () => {
    const env = new Environment();
    const e = new SimEvent<number>(env);
    expect([e.triggered, e.processed]).toEqual([false, false]);
    e.succeed(42, 1);
    expect([e.triggered, e.processed]).toEqual([true, false]);
    env.run();
    expect([e.triggered, e.processed, e.ok, e.value]).toEqual([true, true, true, 42]);
  });
});
