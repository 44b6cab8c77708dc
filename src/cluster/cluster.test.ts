import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './cluster';
import { inProcessNodes } from './inProcessNodes';
import { primaryWithReplicas } from './nodeList';
import { Rng } from '../engine';

// Real PGlite nodes in this process, booted from the prebuilt image and base backups of it
// (a few tenths of a second each on an idle machine). One cluster serves the tests in order;
// those that need LSN 0 reset it first.
const DATASET = { customers: 1000, seed: 1 };
let cluster: Cluster;
/** The dataset's checksums as booted. */
let initial: Record<string, string>;

beforeAll(async () => {
  cluster = await Cluster.boot(inProcessNodes, DATASET, primaryWithReplicas(2));
}, 300_000);
afterAll(async () => {
  await cluster?.close();
});

const changelog = async (node: string) =>
  (await cluster.query('select lsn::int as lsn, tbl, op from _changelog order by lsn', [], node)).rows as { lsn: number; tbl: string; op: string }[];

const nameOf = async (node: string, id: number) => (await cluster.query('select name from customers where id = $1', [id], node)).rows[0]?.name;

/** Random single-row writes on the primary: updates, deletes and inserts; returns how many rows changed. */
async function randomWrites(rng: Rng, count: number, firstNewId: number): Promise<number> {
  let nextId = firstNewId;
  for (let i = 0; i < count; i++) {
    const r = rng.uniform(0, 1);
    if (r < 0.5) {
      await cluster.query('update customers set name = $2, city = $3 where id = $1', [rng.int(1, 1000), `renamed ${i}`, 'Oslo']);
    } else if (r < 0.7) {
      await cluster.query('update accounts set balance = balance + 1 where id = $1', [rng.int(1, 1000)]);
    } else if (r < 0.85) {
      const id = nextId++;
      await cluster.query("insert into customers values ($1, $2, 'x@example.com', 'Lima', '2024-05-01T10:00:00.123456Z')", [id, `new ${id}`]);
    } else {
      // A customer inserted here has no orders or accounts, so the delete is one row.
      const id = nextId++;
      await cluster.query("insert into customers values ($1, 'short-lived', 'y@example.com', 'Pune', now())", [id]);
      await cluster.query('delete from customers where id = $1', [id]);
    }
  }
  return (await cluster.appliedLsn(cluster.primary));
}

describe('a PGlite cluster: a primary and two base-backup replicas', () => {
  it('starts with every node equal, at LSN 0, replicas read-only', async () => {
    expect(cluster.nodeIds).toEqual(['primary', 'replica-1', 'replica-2']);
    const primary = await cluster.checksums('primary');
    initial = primary;
    expect(Object.keys(primary).sort()).toEqual(['accounts', 'categories', 'customers', 'order_items', 'orders', 'products']);
    expect(await cluster.checksums('replica-1')).toEqual(primary);
    expect(await cluster.checksums('replica-2')).toEqual(primary);
    for (const node of cluster.nodeIds) expect(await cluster.appliedLsn(node)).toBe(0);
    await expect(cluster.query("update customers set name = 'x' where id = 1", [], 'replica-1')).rejects.toMatchObject({ code: '25006' });
    expect(cluster.statuses().map((s) => [s.id, s.role, s.state])).toEqual([
      ['primary', 'primary', 'running'],
      ['replica-1', 'replica', 'running'],
      ['replica-2', 'replica', 'running'],
    ]);
  });

  it('captures one change per changed row with LSNs 1, 2, 3… and none for a failed or rolled-back statement', async () => {
    await cluster.reset(primaryWithReplicas(2));
    await cluster.query("update customers set name = 'A' where id = 1");
    await cluster.query("insert into categories values (100, 'New')");
    await cluster.query('delete from categories where id = 100');
    await expect(cluster.query("insert into categories values (1, 'duplicate')")).rejects.toMatchObject({ code: '23505' });
    // One statement, three rows: three changes.
    await cluster.query("update categories set name = name || '!' where id in (1, 2, 3)");
    const log = await changelog('primary');
    expect(log.map((c) => c.lsn)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.map((c) => `${c.op}:${c.tbl}`)).toEqual(['U:customers', 'I:categories', 'D:categories', 'U:categories', 'U:categories', 'U:categories']);
    // The status line's "last LSN" of a primary is read from it after writes, not only when shipping asks.
    await cluster.refreshCapturedLsn();
    expect(cluster.statuses().find((s) => s.id === 'primary')?.appliedLsn).toBe(6);
  });

  it('applies changes in LSN order up to the LSN asked for, and only those', async () => {
    await cluster.reset(primaryWithReplicas(2));
    for (let i = 1; i <= 5; i++) await cluster.query('update customers set name = $1 where id = 7', [`v${i}`]);
    expect(await cluster.applyChanges('replica-1', 3)).toBe(3);
    expect(await nameOf('replica-1', 7)).toBe('v3');
    expect(await nameOf('replica-2', 7)).toBe('Customer 7');
    // Asking again for less, or for the same, ships nothing.
    expect(await cluster.applyChanges('replica-1', 2)).toBe(3);
    // Asking beyond what the primary captured applies what there is.
    expect(await cluster.applyChanges('replica-1', 99)).toBe(5);
    expect(await nameOf('replica-1', 7)).toBe('v5');
    // The replica's own changelog holds what it applied, in order, and its triggers did not capture twice.
    expect((await changelog('replica-1')).map((c) => c.lsn)).toEqual([1, 2, 3, 4, 5]);
    // Overlapping calls (the model may ship to one node twice at one instant) apply each change once.
    const both = await Promise.all([cluster.applyChanges('replica-2', 4), cluster.applyChanges('replica-2', 2)]);
    expect(both).toEqual([4, 4]);
    expect(await nameOf('replica-2', 7)).toBe('v4');
  });

  it('gives equal checksums on every node once shipping stops and lag drains, after random writes, deletes and inserts and a cut link', async () => {
    await cluster.reset(primaryWithReplicas(2));
    const rng = new Rng(11);
    const first = await randomWrites(rng, 60, 5000);
    // replica-1 keeps up in small batches; replica-2's link is cut (nothing shipped) while more writes land.
    for (let lsn = 5; lsn < first; lsn += 7) await cluster.applyChanges('replica-1', lsn);
    const last = await randomWrites(rng, 60, 6000);
    expect(await cluster.checksums('replica-2')).not.toEqual(await cluster.checksums('primary'));
    // Heal: both drain.
    expect(await cluster.applyChanges('replica-1', last)).toBe(last);
    expect(await cluster.applyChanges('replica-2', last)).toBe(last);
    const primary = await cluster.checksums('primary');
    expect(await cluster.checksums('replica-1')).toEqual(primary);
    expect(await cluster.checksums('replica-2')).toEqual(primary);
  }, 120_000);

  it('promote: the new primary continues from its applied LSN + 1, unapplied changes are lost, a replica ahead of it is re-cloned, the old primary is fenced', async () => {
    await cluster.reset(primaryWithReplicas(2));
    for (let i = 1; i <= 6; i++) await cluster.query('update customers set name = $1 where id = 9', [`w${i}`]);
    await cluster.applyChanges('replica-1', 2);
    await cluster.applyChanges('replica-2', 5);
    const result = await cluster.promote('replica-1');
    expect(result).toMatchObject({ lostFromLsn: 3, lostToLsn: 6, recloned: ['replica-2'] });
    expect(cluster.primary).toBe('replica-1');
    expect(await nameOf('replica-1', 9)).toBe('w2');
    // Writes go to the new primary and are captured from LSN 3.
    await cluster.query("update customers set name = 'after' where id = 9", [], 'replica-1');
    expect((await changelog('replica-1')).map((c) => c.lsn)).toEqual([1, 2, 3]);
    await cluster.refreshCapturedLsn();
    expect(cluster.statuses().find((s) => s.id === 'replica-1')).toMatchObject({ role: 'primary', appliedLsn: 3 });
    // replica-2 had applied up to 5 (beyond 2): re-cloned, it holds the new timeline and follows it.
    expect(await cluster.appliedLsn('replica-2')).toBe(2);
    expect(await cluster.applyChanges('replica-2', 3)).toBe(3);
    expect(await nameOf('replica-2', 9)).toBe('after');
    expect(await cluster.checksums('replica-2')).toEqual(await cluster.checksums('replica-1'));
    // The old primary still shows the lost commits, refuses writes and receives nothing until re-cloned.
    expect(await nameOf('primary', 9)).toBe('w6');
    await expect(cluster.query("update customers set name = 'x' where id = 1", [], 'primary')).rejects.toMatchObject({ code: '25006' });
    await expect(cluster.applyChanges('primary', 3)).rejects.toThrow(/former primary: re-clone it/);
    await cluster.reclone('primary');
    expect(cluster.statuses().find((s) => s.id === 'primary')).toMatchObject({ role: 'replica', appliedLsn: 3 });
    expect(await cluster.checksums('primary')).toEqual(await cluster.checksums('replica-1'));
  }, 120_000);

  it('a stopped node refuses queries with a clear error, and restarts from its own data', async () => {
    await cluster.reset(primaryWithReplicas(2));
    await cluster.query("update customers set name = 'kept' where id = 3");
    await cluster.applyChanges('replica-2', 1);
    await cluster.stop('replica-2');
    expect(cluster.statuses().find((s) => s.id === 'replica-2')?.state).toBe('stopped');
    await expect(cluster.query('select 1', [], 'replica-2')).rejects.toMatchObject({ code: '08001', message: expect.stringMatching(/node "replica-2": it is stopped/) });
    await expect(cluster.applyChanges('replica-2', 1)).rejects.toMatchObject({ code: '08001' });
    // The rest of the cluster keeps working.
    await cluster.query("update customers set name = 'later' where id = 3");
    expect(await cluster.applyChanges('replica-1', 2)).toBe(2);
    await cluster.start('replica-2');
    expect(await nameOf('replica-2', 3)).toBe('kept');
    expect(await cluster.appliedLsn('replica-2')).toBe(1);
    expect(await cluster.applyChanges('replica-2', 2)).toBe(2);
    expect(await cluster.checksums('replica-2')).toEqual(await cluster.checksums('primary'));
    await expect(cluster.query('select 1', [], 'replica-9')).rejects.toThrow(/unknown node "replica-9": this cluster has "primary", "replica-1", "replica-2"/);
  }, 120_000);

  it('reset brings every node back to LSN 0 with the dataset, for any replica count', async () => {
    await cluster.query("update customers set name = 'dirty' where id = 1");
    await cluster.reset(primaryWithReplicas(3));
    expect(cluster.nodeIds).toEqual(['primary', 'replica-1', 'replica-2', 'replica-3']);
    expect(await nameOf('primary', 1)).toBe('Customer 1');
    for (const node of cluster.nodeIds) {
      expect(await cluster.appliedLsn(node)).toBe(0);
      expect(await cluster.checksums(node)).toEqual(initial);
    }
    await cluster.reset(primaryWithReplicas(1));
    expect(cluster.nodeIds).toEqual(['primary', 'replica-1']);
  }, 120_000);

  it('a primary-only cluster (no base backup taken yet) also resets to the dataset after writes, and can then grow replicas', async () => {
    const single = await Cluster.boot(inProcessNodes, DATASET, primaryWithReplicas(0));
    try {
      await single.query("update customers set name = 'changed' where id = 2");
      await single.reset(primaryWithReplicas(0));
      expect(await single.appliedLsn('primary')).toBe(0);
      expect(await single.checksums('primary')).toEqual(initial);
      await single.reset(primaryWithReplicas(1));
      expect(await single.checksums('replica-1')).toEqual(initial);
    } finally {
      await single.close();
    }
  }, 120_000);
});
