import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import type { ConditionValue } from './condition';

type LogEntry = [t: number, actor: string, what: string];

describe('anyOf', () => {
  it('triggers on the first event; its value holds the events processed so far', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const slow = env.timeout(5, 'slow');
    const fast = env.timeout(2, 'fast');
    env.process(
      (function* () {
        const done: ConditionValue = yield env.anyOf([slow, fast]);
        log.push([env.now, 'p', [...done.values()].join(',')]);
        expect(done.has(fast)).toBe(true);
        expect(done.has(slow)).toBe(false);
      })(),
    );
    env.run();
    expect(log).toEqual([[2, 'p', 'fast']]);
  });

  it('the classic race: a request against a timeout', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const reply = env.event<string>();
    env.process(
      (function* () {
        const deadline = env.timeout(3);
        const done: ConditionValue = yield env.anyOf([reply, deadline]);
        if (done.has(reply)) log.push([env.now, 'client', `reply ${String(done.get(reply))}`]);
        else log.push([env.now, 'client', 'timed out']);
        deadline.cancel();
      })(),
    );
    reply.succeed('pong', 1);
    env.run();
    expect(log).toEqual([[1, 'client', 'reply pong']]);
    expect(env.now).toBe(1); // the cancelled deadline never fired
  });

  it('counts events processed at the same instant before the condition fires', () => {
    const env = new Environment();
    const a = env.timeout(1, 'a');
    const b = env.timeout(1, 'b');
    let value: ConditionValue | undefined;
    env.process(
      (function* () {
        value = yield env.anyOf([a, b]);
      })(),
    );
    env.run();
    // a triggers the condition; b is processed before the condition itself is (it was scheduled first).
    expect([...value!.values()]).toEqual(['a']);
  });

  it('succeeds at once with an already processed event', () => {
    const env = new Environment();
    const t = env.timeout(1, 'x');
    env.run();
    const c = env.anyOf([env.timeout(10), t]);
    expect(c.triggered).toBe(true);
    env.run({ until: 2 });
    expect(c.processed).toBe(true);
    expect(c.value!.get(t)).toBe('x');
  });

  it('of no events succeeds at once, with an empty value', () => {
    const env = new Environment();
    const c = env.anyOf([]);
    env.run();
    expect(c.processed).toBe(true);
    expect(c.value!.size).toBe(0);
    expect(env.now).toBe(0);
  });

  it('fails when the first event to be processed fails, and the error reaches the waiter', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const bad = env.event();
    env.process(
      (function* () {
        try {
          yield env.anyOf([env.timeout(5), bad]);
        } catch (error) {
          log.push([env.now, 'p', (error as Error).message]);
        }
      })(),
    );
    bad.fail(new Error('sub-event failed'), 1);
    expect(env.run()).toBe('idle');
    expect(log).toEqual([[1, 'p', 'sub-event failed']]);
  });
});

describe('allOf', () => {
  it('waits for every event and collects all values', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const events = [env.timeout(3, 'c'), env.timeout(1, 'a'), env.timeout(2, 'b')];
    env.process(
      (function* () {
        const done: ConditionValue = yield env.allOf(events);
        log.push([env.now, 'p', events.map((e) => done.get(e)).join(',')]);
      })(),
    );
    env.run();
    expect(log).toEqual([[3, 'p', 'c,a,b']]);
  });

  it('joins several processes', () => {
    const env = new Environment();
    const workers = [3, 1, 2].map((d) =>
      env.process(
        (function* () {
          yield env.timeout(d);
          return d * 10;
        })(),
      ),
    );
    let results: unknown[] = [];
    env.process(
      (function* () {
        const done: ConditionValue = yield env.allOf(workers);
        results = workers.map((w) => done.get(w));
      })(),
    );
    env.run();
    expect(results).toEqual([30, 10, 20]);
    expect(env.now).toBe(3);
  });

  it('of no events succeeds at once', () => {
    const env = new Environment();
    const c = env.allOf([]);
    env.run();
    expect(c.ok).toBe(true);
    expect(c.processed).toBe(true);
  });

  it('fails as soon as one event fails, without waiting for the others', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const failing = env.process(
      (function* () {
        yield env.timeout(2);
        throw new Error('worker 2 crashed');
      })(),
    );
    env.process(
      (function* () {
        try {
          yield env.allOf([env.timeout(10), failing]);
          log.push([env.now, 'p', 'all done']);
        } catch (error) {
          log.push([env.now, 'p', (error as Error).message]);
        }
      })(),
    );
    expect(env.run()).toBe('idle');
    expect(log).toEqual([[2, 'p', 'worker 2 crashed']]);
  });

  it('fails at once when built over an already failed event', () => {
    const env = new Environment();
    const bad = env.event();
    bad.fail(new Error('old'));
    bad.defused = true;
    env.run();
    const c = env.allOf([env.timeout(1), bad]);
    c.defused = true;
    env.run();
    expect(c.ok).toBe(false);
    expect((c.value as unknown as Error).message).toBe('old');
  });

  it('conditions nest', () => {
    const env = new Environment();
    const a = env.timeout(1);
    const b = env.timeout(4);
    const c = env.timeout(2);
    let at = -1;
    env.process(
      (function* () {
        yield env.allOf([env.anyOf([a, b]), c]); // (a or b) and c
        at = env.now;
      })(),
    );
    env.run();
    expect(at).toBe(2);
  });

  it('refuses events from another environment', () => {
    const env = new Environment();
    const other = new Environment();
    expect(() => env.allOf([env.timeout(1), other.timeout(1)])).toThrow(/different environments/);
  });
});
