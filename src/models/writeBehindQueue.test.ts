import { describe, expect, it } from 'vitest';
import { Environment, type ProcessGenerator } from '../engine';
import { WriteBehindQueue, type FlushBatch, type QueuedWrite } from './writeBehindQueue';

/** A queue whose batches take `sendMs` to reach the database, recording what the database committed. */
function setup(flushIntervalMs: number, flushBatch: number, sendMs = 5) {
  const env = new Environment();
  const database: number[] = [];
  const batches: number[][] = [];
  const settings = { flushIntervalMs, flushBatch };
  function* send(batch: FlushBatch<QueuedWrite<string>>): ProcessGenerator<void> {
    yield env.timeout(sendMs);
    if (batch.commit()) {
      database.push(...batch.writes.map((w) => w.id));
      batches.push(batch.writes.map((w) => w.id));
    }
  }
  const queue = new WriteBehindQueue<QueuedWrite<string>>(env, () => settings, send);
  queue.start();
  let id = 0;
  const write = (key = 'k') => queue.enqueue({ id: ++id, key, acknowledgedAt: env.now });
  return { env, queue, database, batches, write, settings };
}

describe('write-behind queue', () => {
  it('flushes every interval, oldest first, in batches of at most flushBatch', () => {
    const { env, queue, database, batches, write } = setup(100, 3);
    for (let i = 0; i < 7; i++) write();
    env.run({ until: 99 });
    expect(database).toEqual([]);
    expect(queue.pending).toBe(7);
    env.run({ until: 200 });
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(queue.flushed).toBe(7);
    expect(queue.batches).toBe(3);
    expect(queue.pending).toBe(0);
    expect(queue.maxPending).toBe(7);
  });

  it('a crash loses exactly the writes acknowledged and not committed: queued and on their way', () => {
    const { env, queue, database, write } = setup(100, 2, 10);
    for (let i = 0; i < 5; i++) write();
    env.run({ until: 115 }); // batch [1,2] committed at 110; [3,4] left at 110 and is on its way
    expect(database).toEqual([1, 2]);
    const lost = queue.crash();
    expect(lost.map((w) => w.id)).toEqual([3, 4, 5]);
    expect(queue.pending).toBe(0);
    env.run({ until: 1000 });
    expect(database).toEqual([1, 2]); // the batch on its way never commits
    write('after');
    env.run({ until: 1200 });
    expect(database).toEqual([1, 2, 6]);
  });

  it('flushNow drains at once, and again if asked while draining', () => {
    const { env, queue, database, write } = setup(10_000, 10);
    write();
    write();
    env.run({ until: 50 });
    queue.flushNow();
    env.run({ until: 52 });
    write(); // while the first batch is on its way
    queue.flushNow();
    env.run({ until: 100 });
    expect(database).toEqual([1, 2, 3]);
  });

  it('a new interval takes effect at once; the newest pending write of a key is found', () => {
    const { env, queue, database, write, settings } = setup(60_000, 10);
    write('a');
    write('b');
    write('a');
    expect(queue.latestFor('a')!.id).toBe(3);
    expect(queue.latestFor('c')).toBeUndefined();
    settings.flushIntervalMs = 100;
    queue.reschedule();
    env.run({ until: 200 });
    expect(database).toEqual([1, 2, 3]);
  });
});
