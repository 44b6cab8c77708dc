import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import type { ConditionValue } from './condition';
import { Store } from './store';

type LogEntry = [t: number, actor: string, what: string];

describe('Store', () => {
  it('get blocks while empty; put wakes the oldest getter (a whole trace)', () => {
    const env = new Environment();
    const store = new Store<string>(env);
    const log: LogEntry[] = [];
    for (const name of ['c1', 'c2']) {
      env.process(
        (function* () {
          log.push([env.now, name, 'get']);
          const item: string = yield store.get();
          log.push([env.now, name, `got ${item}`]);
        })(),
      );
    }
    env.process(
      (function* () {
        for (const item of ['x', 'y']) {
          yield env.timeout(2);
          log.push([env.now, 'producer', `put ${item}`]);
          yield store.put(item);
        }
      })(),
    );
    env.run();
    expect(log).toEqual([
      [0, 'c1', 'get'],
      [0, 'c2', 'get'],
      [2, 'producer', 'put x'],
      [2, 'c1', 'got x'],
      [4, 'producer', 'put y'],
      [4, 'c2', 'got y'],
    ]);
    expect(store.size).toBe(0);
  });

  it('put blocks while full and resumes when a get makes room', () => {
    const env = new Environment();
    const store = new Store<number>(env, 2);
    const log: LogEntry[] = [];
    env.process(
      (function* () {
        for (let i = 1; i <= 4; i++) {
          yield store.put(i);
          log.push([env.now, 'producer', `put ${i}`]);
        }
      })(),
    );
    env.process(
      (function* () {
        for (let i = 0; i < 4; i++) {
          yield env.timeout(5);
          const item: number = yield store.get();
          log.push([env.now, 'consumer', `got ${item}`]);
        }
      })(),
    );
    env.run();
    expect(log).toEqual([
      [0, 'producer', 'put 1'],
      [0, 'producer', 'put 2'],
      [5, 'consumer', 'got 1'],
      [5, 'producer', 'put 3'],
      [10, 'consumer', 'got 2'],
      [10, 'producer', 'put 4'],
      [15, 'consumer', 'got 3'],
      [20, 'consumer', 'got 4'],
    ]);
  });

  it('keeps items in FIFO order and exposes them', () => {
    const env = new Environment();
    const store = new Store<string>(env);
    store.put('a');
    store.put('b');
    store.put('c');
    expect(store.peekAll()).toEqual(['a', 'b', 'c']);
    expect(store.size).toBe(3);
    const g = store.get();
    env.run();
    expect(g.value).toBe('a');
    expect(store.peekAll()).toEqual(['b', 'c']);
  });

  it('a get that lost a race against a timeout can be withdrawn, so it takes no item', () => {
    const env = new Environment();
    const store = new Store<string>(env);
    const log: LogEntry[] = [];
    env.process(
      (function* () {
        const get = store.get();
        const done: ConditionValue = yield env.anyOf([get, env.timeout(1)]);
        if (!done.has(get)) {
          expect(store.cancelGet(get)).toBe(true);
          log.push([env.now, 'consumer', 'gave up']);
        }
        expect(store.cancelGet(get)).toBe(false);
        expect(store.waitingGetters).toBe(0);
      })(),
    );
    env.timeout(2).addCallback(() => store.put('late'));
    env.run();
    expect(log).toEqual([[1, 'consumer', 'gave up']]);
    expect(store.peekAll()).toEqual(['late']); // still there for the next consumer
  });

  it('rejects a capacity that is not positive', () => {
    const env = new Environment();
    expect(() => new Store(env, 0)).toThrow(RangeError);
    expect(() => new Store(env, Number.NaN)).toThrow(RangeError);
  });
});
