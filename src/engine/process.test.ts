import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import { Interrupt } from './errors';
import { URGENT, type SimEvent } from './event';
import type { Process, ProcessGenerator } from './process';

type LogEntry = [t: number, actor: string, what: string];

describe('processes', () => {
  it('take their first step at the current time, not synchronously', () => {
    const env = new Environment({ initialTime: 7 });
    const log: LogEntry[] = [];
    const p = env.process(
      (function* () {
        log.push([env.now, 'p', 'start']);
        yield env.timeout(1);
        log.push([env.now, 'p', 'end']);
      })(),
      'p',
    );
    expect(log).toEqual([]);
    expect(p.isAlive).toBe(true);
    expect(p.name).toBe('p');
    env.run();
    expect(log).toEqual([
      [7, 'p', 'start'],
      [8, 'p', 'end'],
    ]);
    expect(p.isAlive).toBe(false);
  });

  it('receive the value of the event they yielded', () => {
    const env = new Environment();
    const got: unknown[] = [];
    env.process(
      (function* () {
        got.push(yield env.timeout(1, 'a'));
        got.push(yield env.timeout(0, { b: 2 }));
        got.push(yield env.timeout(1));
      })(),
    );
    env.run();
    expect(got).toEqual(['a', { b: 2 }, undefined]);
  });

  it('can be joined: yielding a process waits for it and returns its return value', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    function* worker(): ProcessGenerator<number> {
      yield env.timeout(3);
      log.push([env.now, 'worker', 'done']);
      return 42;
    }
    env.process(
      (function* () {
        const w = env.process(worker());
        const result: number = yield w;
        log.push([env.now, 'parent', `joined ${result}`]);
        // Joining a finished process returns at once, with the same value.
        const again: number = yield w;
        log.push([env.now, 'parent', `joined again ${again}`]);
      })(),
    );
    env.run();
    expect(log).toEqual([
      [3, 'worker', 'done'],
      [3, 'parent', 'joined 42'],
      [3, 'parent', 'joined again 42'],
    ]);
  });

  it('several processes can join one process; they resume in the order they started waiting', () => {
    const env = new Environment();
    const log: string[] = [];
    const w = env.process(
      (function* () {
        yield env.timeout(1);
        return 'w';
      })(),
    );
    for (const name of ['x', 'y', 'z']) {
      env.process(
        (function* () {
          const v: string = yield w;
          log.push(`${name}:${v}`);
        })(),
      );
    }
    env.run();
    expect(log).toEqual(['x:w', 'y:w', 'z:w']);
  });

  it('a failing process throws into the process that joins it', () => {
    const env = new Environment();
    const caught: unknown[] = [];
    const w = env.process(
      (function* () {
        yield env.timeout(1);
        throw new Error('worker failed');
      })(),
    );
    env.process(
      (function* () {
        try {
          yield w;
        } catch (error) {
          caught.push([env.now, (error as Error).message]);
        }
      })(),
    );
    expect(env.run()).toBe('idle');
    expect(caught).toEqual([[1, 'worker failed']]);
    expect(w.ok).toBe(false);
  });

  it('a failing process nobody waits for crashes the run', () => {
    const env = new Environment();
    env.process(
      (function* () {
        yield env.timeout(2);
        throw new Error('unobserved');
      })(),
    );
    expect(() => env.run()).toThrow('unobserved');
    expect(env.now).toBe(2);
  });

  it('a failed event thrown into a process can be caught there', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const e = env.event();
    env.process(
      (function* () {
        try {
          yield e;
        } catch (error) {
          log.push([env.now, 'p', (error as Error).message]);
        }
        yield env.timeout(1);
        log.push([env.now, 'p', 'carried on']);
      })(),
    );
    e.fail(new Error('nope'), 2);
    env.run();
    expect(log).toEqual([
      [2, 'p', 'nope'],
      [3, 'p', 'carried on'],
    ]);
  });

  it('yielding an already processed event resumes at once with its value (or error)', () => {
    const env = new Environment();
    const t = env.timeout(1, 'old');
    const f = env.event();
    f.fail(new Error('old failure'), 1);
    f.defused = true;
    const got: unknown[] = [];
    env.process(
      (function* () {
        yield env.timeout(5);
        got.push([env.now, yield t]);
        try {
          yield f;
        } catch (error) {
          got.push([env.now, (error as Error).message]);
        }
      })(),
    );
    env.run();
    expect(got).toEqual([
      [5, 'old'],
      [5, 'old failure'],
    ]);
  });

  it('yielding something that is not an event throws a TypeError into the process', () => {
    const env = new Environment();
    let caught: unknown;
    env.process(
      (function* (): ProcessGenerator<void> {
        try {
          yield 42 as unknown as SimEvent;
        } catch (error) {
          caught = error;
        }
      })(),
      'confused',
    );
    env.run();
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(/confused yielded 42/);
  });

  it('yielding a cancelled event throws into the process instead of hanging it', () => {
    const env = new Environment();
    const t = env.timeout(5);
    t.cancel();
    let caught: unknown;
    env.process(
      (function* () {
        try {
          yield t;
        } catch (error) {
          caught = error;
        }
      })(),
    );
    env.run();
    expect((caught as Error).message).toMatch(/cancelled/);
  });

  it('a process returning at once finishes at its start time', () => {
    const env = new Environment({ initialTime: 3 });
    // eslint-disable-next-line require-yield
    const p = env.process((function* () { return 'quick'; })());
    env.run();
    expect([p.isAlive, p.processed, p.value, p.time]).toEqual([false, true, 'quick', 3]);
  });

  it('activeProcess is the process whose generator is running', () => {
    const env = new Environment();
    const seen: (Process<unknown> | null)[] = [];
    const p: Process<unknown> = env.process(
      (function* () {
        seen.push(env.activeProcess);
        yield env.timeout(1);
        seen.push(env.activeProcess);
      })(),
    );
    env.run();
    expect(seen).toEqual([p, p]);
    expect(env.activeProcess).toBeNull();
  });
});

describe('interrupts', () => {
  it('a process interrupted while waiting on a timeout gets Interrupt with the cause, and never resumes on the old timeout', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const sleeper = env.process(
      (function* () {
        try {
          yield env.timeout(10);
          log.push([env.now, 'sleeper', 'woke normally']);
        } catch (error) {
          expect(error).toBeInstanceOf(Interrupt);
          log.push([env.now, 'sleeper', `interrupted: ${String((error as Interrupt).cause)}`]);
        }
        yield env.timeout(20); // would be resumed at 10 by the old timeout if it were still attached
        log.push([env.now, 'sleeper', 'slept again']);
      })(),
    );
    env.process(
      (function* () {
        yield env.timeout(3);
        sleeper.interrupt('wake up');
        log.push([env.now, 'waker', 'sent']);
      })(),
    );
    env.run();
    expect(log).toEqual([
      [3, 'waker', 'sent'],
      [3, 'sleeper', 'interrupted: wake up'],
      [23, 'sleeper', 'slept again'],
    ]);
  });

  it('the interrupt is urgent: delivered before normal events at the same time, even earlier ones', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const p = env.process(
      (function* () {
        try {
          yield env.timeout(5);
          log.push([env.now, 'p', 'timeout']);
        } catch {
          log.push([env.now, 'p', 'interrupt']);
        }
      })(),
    );
    // Both scheduled before p's own timeout (p has not started yet), all at t=5.
    env.timeout(5).addCallback(() => {
      p.interrupt('now');
      log.push([env.now, 'A', 'interrupt sent']);
    });
    env.timeout(5).addCallback(() => log.push([env.now, 'B', 'normal']));
    env.run();
    expect(log).toEqual([
      [5, 'A', 'interrupt sent'],
      [5, 'p', 'interrupt'],
      [5, 'B', 'normal'],
    ]);
  });

  it('an unhandled interrupt fails the process (and the run, if nobody joins it)', () => {
    const env = new Environment();
    const p = env.process(
      (function* () {
        yield env.timeout(10);
      })(),
    );
    env.process(
      (function* () {
        yield env.timeout(1);
        p.interrupt({ reason: 'shutdown' });
      })(),
    );
    let error: unknown;
    try {
      env.run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Interrupt);
    expect((error as Interrupt).cause).toEqual({ reason: 'shutdown' });
    expect(env.now).toBe(1);
  });

  it('interrupting a finished process throws', () => {
    const env = new Environment();
    const p = env.process(
      (function* () {
        yield env.timeout(1);
      })(),
    );
    env.run();
    expect(() => p.interrupt()).toThrow(/finished/);
  });

  it('an interrupt that arrives after the process finished (same instant) is dropped', () => {
    const env = new Environment();
    const log: string[] = [];
    const go = env.event();
    const p = env.process(
      (function* () {
        yield go;
        log.push('finished');
      })(),
    );
    env.timeout(1).addCallback(() => {
      go.succeed(undefined, 0, URGENT); // scheduled first: p resumes and finishes…
      p.interrupt('too late'); // …before this urgent interrupt is delivered
    });
    expect(env.run()).toBe('idle');
    expect(log).toEqual(['finished']);
  });

  it('two interrupts are delivered in order', () => {
    const env = new Environment();
    const causes: unknown[] = [];
    const p = env.process(
      (function* () {
        for (let i = 0; i < 2; i++) {
          try {
            yield env.timeout(100);
          } catch (error) {
            causes.push([env.now, (error as Interrupt).cause]);
          }
        }
      })(),
    );
    env.process(
      (function* () {
        yield env.timeout(1);
        p.interrupt('first');
        p.interrupt('second');
      })(),
    );
    env.run();
    expect(causes).toEqual([
      [1, 'first'],
      [1, 'second'],
    ]);
    expect(env.now).toBe(101); // the abandoned timeouts were not cancelled, so they still fire
  });

  it('an interrupted process waiting on another process stops waiting on it', () => {
    const env = new Environment();
    const log: LogEntry[] = [];
    const child = env.process(
      (function* () {
        yield env.timeout(10);
        log.push([env.now, 'child', 'done']);
        return 'child result';
      })(),
    );
    const parent = env.process(
      (function* () {
        try {
          yield child;
        } catch {
          log.push([env.now, 'parent', 'gave up']);
        }
      })(),
    );
    env.process(
      (function* () {
        yield env.timeout(4);
        parent.interrupt();
      })(),
    );
    env.run();
    expect(log).toEqual([
      [4, 'parent', 'gave up'],
      [10, 'child', 'done'],
    ]);
  });

  it('a process can be interrupted right after it was created', () => {
    const env = new Environment();
    const log: string[] = [];
    const p = env.process(
      (function* () {
        log.push('started');
        try {
          yield env.timeout(5);
        } catch (error) {
          log.push(`caught ${String((error as Interrupt).cause)}`);
        }
      })(),
    );
    p.interrupt('early');
    env.run();
    // The process start is scheduled before the interrupt, so the body runs to its first yield.
    expect(log).toEqual(['started', 'caught early']);
  });
});
