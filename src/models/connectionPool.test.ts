import { describe, expect, it } from 'vitest';
import { Environment, type ProcessGenerator } from '../engine';
import { BorrowError, ConnectionPool, TOO_MANY_CLIENTS, type Connection, type PoolSettings } from './connectionPool';

const base: PoolSettings = { min: 0, max: 2, borrowTimeoutMs: 0, connectMs: 10, idleTimeoutMs: 0, maxLifetimeMs: 0, leakDetectionMs: 0 };

function setup(settings: Partial<PoolSettings> = {}, maxServer = 100) {
  const env = new Environment();
  const log: [number, string][] = [];
  let server = 0;
  const pool = new ConnectionPool(
    env,
    { ...base, ...settings },
    { tryAccept: () => (server < maxServer ? (server++, true) : false), release: () => void server-- },
    {
      onOpened: (c) => log.push([env.now, `open ${c.id}`]),
      onClosed: (c, why) => log.push([env.now, `close ${c.id} ${why}`]),
      onOpenFailed: (m) => log.push([env.now, m]),
      onLeakSuspected: (c, held) => log.push([env.now, `leak? ${c.id} held ${held}`]),
    },
  );
  /** A borrower that holds its connection for `holdMs`, logging what happens. */
  function* user(name: string, holdMs: number, leak = false): ProcessGenerator<void> {
    let c: Connection;
    try {
      c = yield pool.borrow();
    } catch (e) {
      log.push([env.now, `${name} failed: ${(e as BorrowError).reason}`]);
      return;
    }
    log.push([env.now, `${name} got ${c.id}`]);
    yield env.timeout(holdMs);
    if (leak) pool.leak(c);
    else pool.giveBack(c);
  }
  return { env, pool, log, user, serverCount: () => server };
}

describe('ConnectionPool', () => {
  it('opens connections on demand up to max and serves waiters first come, first served', () => {
    const { env, pool, log, user } = setup();
    for (const [name, at] of [['a', 0], ['b', 1], ['c', 2], ['d', 3]] as const) env.process((function* () { yield env.timeout(at); yield* user(name, 100); })());
    env.run();
    expect(log).toEqual([
      [10, 'open 1'], [10, 'a got 1'],
      [11, 'open 2'], [11, 'b got 2'],
      [110, 'c got 1'],
      [111, 'd got 2'],
    ]);
    expect(pool.total).toBe(2);
  });

  it('fails a waiter at the borrow timeout and keeps serving the others in order', () => {
    const { env, log, user } = setup({ max: 1, connectMs: 0, borrowTimeoutMs: 50 });
    env.process(user('a', 100));
    env.process(user('b', 10));
    env.process((function* () { yield env.timeout(60); yield* user('c', 10); })());
    env.run();
    expect(log).toEqual([[0, 'open 1'], [0, 'a got 1'], [50, 'b failed: timeout'], [100, 'c got 1']]);
  });

  it('closes idle connections above min after the idle timeout, never below min', () => {
    const { env, pool, log, user } = setup({ min: 1, max: 3, connectMs: 0, idleTimeoutMs: 1000 });
    pool.start();
    env.process(user('a', 10));
    env.process(user('b', 10));
    env.process(user('c', 10));
    env.run();
    expect(log.filter(([, what]) => what.startsWith('close'))).toEqual([[1010, 'close 1 idle-timeout'], [1010, 'close 2 idle-timeout']]);
    expect(pool.total).toBe(1);
  });

  it('an idle cap closes connections given back beyond it at once, and the next burst opens them again (the cost of too small a cap)', () => {
    const { env, pool, log, user } = setup({ max: 3, connectMs: 10, maxIdle: 1 });
    const burst = (at: number) =>
      ['a', 'b', 'c'].forEach((name) => env.process((function* () { yield env.timeout(at); yield* user(`${name}@${at}`, 100); })()));
    burst(0);
    burst(1000);
    env.run();
    const opensAndCloses = log.filter(([, what]) => what.startsWith('open') || what.startsWith('close'));
    expect(opensAndCloses).toEqual([
      [10, 'open 1'], [10, 'open 2'], [10, 'open 3'],
      [110, 'close 2 idle-limit'], [110, 'close 3 idle-limit'],
      [1010, 'open 4'], [1010, 'open 5'],
      [1110, 'close 4 idle-limit'], [1110, 'close 5 idle-limit'],
    ]);
    expect(log).toContainEqual([1000, 'a@1000 got 1']);
    expect(log).toContainEqual([1010, 'b@1000 got 4']);
    expect(pool.total).toBe(1);
    expect(pool.idleCount).toBe(1);
  });

  it('without an idle cap the same bursts reuse the connections they opened', () => {
    const { env, pool, log, user } = setup({ max: 3, connectMs: 10 });
    for (const at of [0, 1000]) for (const name of ['a', 'b', 'c']) env.process((function* () { yield env.timeout(at); yield* user(name, 100); })());
    env.run();
    expect(log.filter(([, what]) => what.startsWith('open') || what.startsWith('close'))).toEqual([[10, 'open 1'], [10, 'open 2'], [10, 'open 3']]);
    expect(pool.total).toBe(3);
  });

  it('lowering the idle cap closes the idle connections beyond it, keeping the minimum', () => {
    const { env, pool, log, user } = setup({ min: 1, max: 3, connectMs: 0 });
    for (const name of ['a', 'b', 'c']) env.process(user(name, 10));
    env.run();
    pool.update({ ...base, min: 1, max: 3, connectMs: 0, maxIdle: 1 });
    expect(log.filter(([, what]) => what.startsWith('close'))).toEqual([[10, 'close 1 idle-limit'], [10, 'close 2 idle-limit']]);
    expect(pool.total).toBe(1);
  });

  it('retires a connection past its lifetime only when it is idle, never while in use', () => {
    const { env, pool, log, user } = setup({ min: 1, max: 1, connectMs: 5, maxLifetimeMs: 100 });
    pool.start();
    env.process((function* () { yield env.timeout(50); yield* user('a', 200); })());
    env.run({ until: 1000 });
    // Opened at 5, lifetime up at 105 while 'a' holds it (50–250): closed when given back, then replaced to keep min.
    expect(log.slice(0, 4)).toEqual([[5, 'open 1'], [50, 'a got 1'], [250, 'close 1 max-lifetime'], [255, 'open 2']]);
    expect(pool.total).toBe(1);
  });

  it('a leaked connection keeps its slot for good, and leak detection only reports it', () => {
    const { env, pool, log, user } = setup({ max: 1, connectMs: 0, borrowTimeoutMs: 500, leakDetectionMs: 200 });
    env.process(user('a', 10, true));
    env.process((function* () { yield env.timeout(20); yield* user('b', 10); })());
    env.run();
    expect(log).toEqual([[0, 'open 1'], [0, 'a got 1'], [200, 'leak? 1 held 200'], [520, 'b failed: timeout']]);
    expect(pool.leakedCount).toBe(1);
    expect(pool.total).toBe(1);
  });

  it('past max_connections the database refuses new connections', () => {
    const { env, pool, log, user, serverCount } = setup({ max: 5, connectMs: 0, borrowTimeoutMs: 100 }, 2);
    for (const name of ['a', 'b', 'c']) env.process(user(name, 50));
    env.run();
    expect(log).toContainEqual([0, TOO_MANY_CLIENTS]);
    expect(log).toContainEqual([50, 'c got 1']);
    expect(pool.total).toBe(2);
    expect(serverCount()).toBe(2);
  });

  it('shrinking max closes idle connections beyond it', () => {
    const { env, pool, user } = setup({ max: 3, connectMs: 0 });
    for (const name of ['a', 'b', 'c']) env.process(user(name, 10));
    env.run();
    expect(pool.total).toBe(3);
    pool.update({ ...base, max: 1, connectMs: 0 });
    expect(pool.total).toBe(1);
  });
});
