import { describe, expect, it } from 'vitest';
import { trackInFlight } from './inFlightSql';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('trackInFlight: a run’s statements still on their way to PGlite', () => {
  it('settles only once every call has landed, failures included', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const calls = [first, second];
    const inner = { statementsRun: 7, query: () => calls.shift()!.promise };
    const { backend, settled } = trackInFlight(inner);
    expect(backend.statementsRun).toBe(7);
    const a = backend.query();
    const b = backend.query().catch((e: Error) => e.message);
    let done = false;
    const waiting = settled().then(() => (done = true));
    first.resolve('rows');
    await a;
    await Promise.resolve();
    expect(done).toBe(false);
    second.reject(new Error('node closed'));
    await waiting;
    expect(done).toBe(true);
    expect(await b).toBe('node closed');
  });

  it('settles at once with nothing in flight, and passes plain values through', async () => {
    const { backend, settled } = trackInFlight({ name: () => 'primary' });
    expect(backend.name()).toBe('primary');
    await expect(settled()).resolves.toBeUndefined();
  });
});
