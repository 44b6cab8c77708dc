import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import type { ProcessGenerator } from './process';
import { Resource } from './resource';
import { Rng } from './rng';
import { Trace, type TraceEntry } from './trace';

/** Fake asynchronous work: resolves with `value` after a real, random wall-clock delay (0–`maxMs` ms). */
function slowly<T>(value: T, maxMs = 5): () => Promise<T> {
  return () =>
    new Promise<T>((resolve) => {
      setTimeout(() => resolve(value), Math.random() * maxMs);
    });
}

/**
 * A small model in which clients run "queries" through a pool of 2 connections. Each query
 * is an external call (real async work when `real`, or `null` work with the same fallback);
 * its simulated duration comes from the model, never from the work.
 */
function queryModel(real: boolean, seed: number): { env: Environment; trace: Trace; results: unknown[] } {
  const trace = new Trace();
  const env = new Environment({ trace });
  const rng = new Rng(seed);
  const pool = new Resource(env, 2);
  const results: unknown[] = [];
  function* client(id: number): ProcessGenerator<void> {
    yield env.timeout(rng.exponential(1));
    const conn = pool.request();
    yield conn;
    env.log(`client-${id}`, 'query');
    const rows: unknown = yield env.external(real ? slowly(`rows-${id}`) : null, `rows-${id}`);
    results.push(rows);
    yield env.timeout(rng.exponential(2)); // simulated service time from the "cost model"
    env.log(`client-${id}`, 'done', { rows });
    pool.release(conn);
  }
  for (let i = 0; i < 12; i++) env.process(client(i));
  return { env, trace, results };
}

describe('external calls', () => {
  it('run() returns "blocked" at an unsettled call and resumes at the same virtual time once settled', async () => {
    const env = new Environment();
    const log: [number, string][] = [];
    env.process(
      (function* () {
        yield env.timeout(5);
        log.push([env.now, 'calling']);
        const v: string = yield env.external(slowly('result'));
        log.push([env.now, `got ${v}`]);
        yield env.timeout(1);
        log.push([env.now, 'after']);
      })(),
    );
    expect(env.run()).toBe('blocked');
    expect(env.now).toBe(5);
    expect(env.isBlocked()).toBe(true);
    expect(env.step()).toBe(false); // step() refuses too
    expect(env.run()).toBe('blocked'); // still blocked: nothing was awaited
    await env.settleExternal();
    expect(env.isBlocked()).toBe(false);
    expect(env.run()).toBe('idle');
    expect(log).toEqual([
      [5, 'calling'],
      [5, 'got result'],
      [6, 'after'],
    ]);
  });

  it('events before the call are processed; events after it wait, even if the work is slow', async () => {
    const env = new Environment();
    const log: [number, string][] = [];
    env.timeout(1).addCallback(() => log.push([env.now, 'before']));
    env.timeout(2).addCallback(() => {
      const call = env.external(slowly('x', 20));
      call.addCallback(() => log.push([env.now, 'call done']));
    });
    env.timeout(2).addCallback(() => log.push([env.now, 'same time, scheduled earlier']));
    env.timeout(3).addCallback(() => log.push([env.now, 'after']));
    expect(env.run()).toBe('blocked');
    expect(log).toEqual([
      [1, 'before'],
      [2, 'same time, scheduled earlier'],
    ]);
    expect(await env.runAsync()).toBe('idle');
    expect(log).toEqual([
      [1, 'before'],
      [2, 'same time, scheduled earlier'],
      [2, 'call done'],
      [3, 'after'],
    ]);
  });

  it('run({ until }) before the call returns "until", not "blocked"', () => {
    const env = new Environment();
    env.timeout(10).addCallback(() => env.external(slowly(1)));
    expect(env.run({ until: 10 })).toBe('until');
    expect(env.run({ until: 11 })).toBe('blocked');
    expect(env.now).toBe(10);
  });

  it('with null work it never blocks and carries the fallback', () => {
    const env = new Environment();
    const call = env.external<number>(null, 7);
    expect(call.pending).toBeNull();
    expect(env.isBlocked()).toBe(false);
    expect(env.run()).toBe('idle');
    expect(call.value).toBe(7);
  });

  it('simulated times are identical with real async work and with external(null, fallback)', async () => {
    for (const seed of [1, 2, 3]) {
      const model = queryModel(false, seed);
      expect(model.env.run()).toBe('idle');
      const real = queryModel(true, seed);
      let blocked = 0;
      for (;;) {
        const status = real.env.run();
        if (status !== 'blocked') break;
        blocked++;
        await real.env.settleExternal();
      }
      expect(blocked).toBeGreaterThan(0);
      const times = (entries: TraceEntry[]) => entries.map((e) => [e.t, e.actor, e.kind]);
      expect(times(real.trace.all())).toEqual(times(model.trace.all()));
      expect(real.trace.all()).toEqual(model.trace.all()); // the same rows too: work and fallback agree
      expect(real.env.now).toBe(model.env.now);
      expect(real.env.eventsProcessed).toBe(model.env.eventsProcessed);
      expect(real.trace.all().length).toBe(24);
    }
  });

  it('runAsync() awaits every call and ends idle', async () => {
    const a = queryModel(true, 9);
    const b = queryModel(false, 9);
    expect(await a.env.runAsync()).toBe('idle');
    b.env.run();
    expect(a.trace.all()).toEqual(b.trace.all());
    expect(a.results.sort()).toEqual(b.results.sort());
  });

  it('a rejected call throws its error at the yield', async () => {
    const env = new Environment();
    let caught: unknown;
    env.process(
      (function* () {
        try {
          yield env.external(() => new Promise((_, reject) => setTimeout(() => reject(new Error('SQL error')), 1)));
        } catch (error) {
          caught = error;
        }
      })(),
    );
    expect(await env.runAsync()).toBe('idle');
    expect((caught as Error).message).toBe('SQL error');
  });

  it('work that throws synchronously fails the call without blocking', () => {
    const env = new Environment();
    let caught: unknown;
    env.process(
      (function* () {
        try {
          yield env.external(() => {
            throw new Error('bad statement');
          });
        } catch (error) {
          caught = error;
        }
      })(),
    );
    expect(env.run()).toBe('idle');
    expect((caught as Error).message).toBe('bad statement');
  });

  it('a cancelled external call does not block the run', () => {
    const env = new Environment();
    const call = env.external(slowly(1, 1000));
    call.cancel();
    env.timeout(1);
    expect(env.run()).toBe('idle');
    expect(env.now).toBe(1);
  });

  it('settleExternal() resolves at once when not blocked', async () => {
    const env = new Environment();
    await env.settleExternal();
    env.timeout(1);
    await env.settleExternal();
    expect(env.run()).toBe('idle');
  });
});
