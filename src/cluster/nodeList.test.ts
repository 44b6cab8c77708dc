import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, type NodeFactory } from './cluster';
import { inProcessNodes } from './inProcessNodes';
import { primaryWithReplicas, type ClusterNodeSpec } from './nodeList';

// A cluster booted from a list of shards (real PGlite nodes in this process), shared by the tests
// in order: three shards, then a reset to another list. Five boots in all.
const DATASET = { customers: 1000, seed: 1 };
const COUNT = 3;

/** One partition of the demo data: the customers whose id ≡ index (mod count), with their orders, items and accounts. */
function partitionSql(index: number, count: number): string {
  const foreign = (column: string) => `${column} % ${count} <> ${index}`;
  return `
delete from order_items where order_id in (select id from orders where ${foreign('customer_id')});
delete from orders where ${foreign('customer_id')};
delete from accounts where ${foreign('customer_id')};
delete from customers where ${foreign('id')};`;
}

const shard = (index: number, extra: Partial<ClusterNodeSpec> = {}): ClusterNodeSpec => ({
  id: `shard-${index}`,
  role: 'shard',
  partition: { index, count: COUNT },
  prepareSql: partitionSql(index, COUNT),
  ...extra,
});

const SHARDS: ClusterNodeSpec[] = [shard(0, { capabilities: ['two-phase-commit'] }), shard(1), shard(2)];

let cluster: Cluster;
beforeAll(async () => {
  cluster = await Cluster.boot(inProcessNodes, DATASET, SHARDS);
}, 300_000);
afterAll(async () => {
  await cluster?.close();
});

const one = async (node: string, sql: string) => (await cluster.query(sql, [], node)).rows[0]!;
const nameOf = async (node: string, id: number) => (await cluster.query('select name from customers where id = $1', [id], node)).rows[0]?.name;
const prepared = async (node: string) => (await cluster.query('select gid from pg_prepared_xacts order by gid', [], node)).rows.map((r) => r.gid);

describe('a cluster booted from a list of shards', () => {
  it('boots each shard from the dataset with its own partition (prepared before capture: every shard at LSN 0)', async () => {
    expect(cluster.nodeIds).toEqual(['shard-0', 'shard-1', 'shard-2']);
    expect(cluster.statuses().map((s) => [s.id, s.role, s.state])).toEqual([
      ['shard-0', 'shard', 'running'],
      ['shard-1', 'shard', 'running'],
      ['shard-2', 'shard', 'running'],
    ]);
    // No primary listed: statements naming no node go to the first shard.
    expect(cluster.primary).toBe('shard-0');
    let total = 0;
    for (let i = 0; i < COUNT; i++) {
      const id = `shard-${i}`;
      const counts = await one(id, `select count(*)::int as n, count(*) filter (where id % ${COUNT} <> ${i})::int as foreign from customers`);
      expect(counts.foreign).toBe(0);
      total += Number(counts.n);
      expect(await cluster.appliedLsn(id)).toBe(0);
    }
    expect(total).toBe(DATASET.customers);
  });

  it('answers on each shard independently: a write on one is captured there and absent on the others', async () => {
    await cluster.query("insert into customers values (4001, 'Only on shard-1', 'o@example.com', 'Lima', now())", [], 'shard-1');
    expect(await nameOf('shard-1', 4001)).toBe('Only on shard-1');
    expect(await nameOf('shard-0', 4001)).toBeUndefined();
    expect(await nameOf('shard-2', 4001)).toBeUndefined();
    expect([await cluster.appliedLsn('shard-0'), await cluster.appliedLsn('shard-1'), await cluster.appliedLsn('shard-2')]).toEqual([0, 1, 0]);
    // A shard holds its own changes: nothing is shipped to it, and it has no primary to take over from.
    expect(await cluster.applyChanges('shard-1', 5)).toBe(1);
    await expect(cluster.promote('shard-2')).rejects.toThrow(/"shard-2" is a shard/);
  });

  it('a two-phase-commit node prepares and commits a prepared transaction; a default node refuses to prepare', async () => {
    const twoPhase = cluster.nodeHandle('shard-0');
    await twoPhase.exec("begin; update customers set name = 'moved' where id = 3; prepare transaction 'move-3'");
    expect(await prepared('shard-0')).toEqual(['move-3']);
    // In doubt: prepared, not committed, so not visible yet.
    expect(await nameOf('shard-0', 3)).toBe('Customer 3');
    await twoPhase.exec("commit prepared 'move-3'");
    expect(await nameOf('shard-0', 3)).toBe('moved');
    expect(await prepared('shard-0')).toEqual([]);

    const plain = cluster.nodeHandle('shard-2');
    await expect(plain.exec("begin; update customers set name = 'moved' where id = 2; prepare transaction 'move-2'")).rejects.toMatchObject({
      message: expect.stringMatching(/prepared transactions are disabled/),
    });
    await plain.exec('rollback').catch(() => {});
    expect(await nameOf('shard-2', 2)).toBe('Customer 2');
    expect(await prepared('shard-2')).toEqual([]);
    expect(await cluster.appliedLsn('shard-2')).toBe(0);

    // Left in doubt for the next test: a reset must not keep it. (No other write on shard-0 until
    // then: it would wait for the prepared transaction's changelog row, forever on one session.)
    await twoPhase.exec("begin; update customers set name = 'in doubt' where id = 6; prepare transaction 'move-6'");
    expect(await prepared('shard-0')).toEqual(['move-6']);
  });

  it('resets to another list: keeps the nodes untouched since boot, boots changed ones again, adds and removes nodes', async () => {
    const before = new Map(cluster.nodeIds.map((id) => [id, cluster.nodeHandle(id)]));
    const list: ClusterNodeSpec[] = [shard(2), SHARDS[0]!, { id: 'primary', role: 'primary' }];
    await cluster.reset(list);
    expect(cluster.nodeIds).toEqual(['shard-2', 'shard-0', 'primary']);
    await expect(cluster.query('select 1', [], 'shard-1')).rejects.toThrow(/unknown node "shard-1"/);
    // shard-2 never changed: the same node, not booted again.
    expect(cluster.nodeHandle('shard-2')).toBe(before.get('shard-2'));
    // shard-0 had a committed change and a transaction in doubt: booted again, as it started, still with two-phase commit.
    expect(cluster.nodeHandle('shard-0')).not.toBe(before.get('shard-0'));
    expect(await prepared('shard-0')).toEqual([]);
    expect(await nameOf('shard-0', 3)).toBe('Customer 3');
    expect((await one('shard-0', 'show max_prepared_transactions')).max_prepared_transactions).toBe('10');
    expect((await one('shard-2', 'show max_prepared_transactions')).max_prepared_transactions).toBe('0');
    // The new primary holds the whole dataset and takes the statements naming no node.
    expect(cluster.primary).toBe('primary');
    expect((await one('primary', 'select count(*)::int as n from customers')).n).toBe(DATASET.customers);
    for (const id of cluster.nodeIds) expect(await cluster.appliedLsn(id)).toBe(0);
    expect(cluster.statuses().map((s) => [s.id, s.role])).toEqual([
      ['shard-2', 'shard'],
      ['shard-0', 'shard'],
      ['primary', 'primary'],
    ]);

    // The same list again, nothing changed since: nothing boots.
    const handles = cluster.nodeIds.map((id) => cluster.nodeHandle(id));
    await cluster.reset(list);
    handles.forEach((h, i) => expect(cluster.nodeHandle(cluster.nodeIds[i]!)).toBe(h));
  }, 300_000);

  it('refuses a list it cannot boot before booting anything', async () => {
    const booted: string[] = [];
    const never: NodeFactory = {
      fromDataset: (name) => (booted.push(name), Promise.reject(new Error('no boot expected'))),
      fromImage: (name) => (booted.push(name), Promise.reject(new Error('no boot expected'))),
    };
    const boot = (nodes: ClusterNodeSpec[]) => Cluster.boot(never, DATASET, nodes);
    await expect(boot([])).rejects.toThrow(/at least one node/);
    await expect(boot([{ id: 'a', role: 'shard' }, { id: 'a', role: 'shard' }])).rejects.toThrow(/"a" is listed twice/);
    await expect(boot([{ id: 'p', role: 'primary' }, { id: 'q', role: 'primary' }])).rejects.toThrow(/at most one primary/);
    await expect(boot([{ id: 'replica-1', role: 'replica' }])).rejects.toThrow(/replicas need a primary/);
    expect(booted).toEqual([]);
    // The running cluster refuses it too, and stays as it was.
    const ids = cluster.nodeIds;
    await expect(cluster.reset([{ id: 'r', role: 'replica' }])).rejects.toThrow(/replicas need a primary/);
    expect(cluster.nodeIds).toEqual(ids);
  });

  it('names the replication lab its usual nodes', () => {
    expect(primaryWithReplicas(2)).toEqual([
      { id: 'primary', role: 'primary' },
      { id: 'replica-1', role: 'replica' },
      { id: 'replica-2', role: 'replica' },
    ]);
    expect(() => primaryWithReplicas(-1)).toThrow(/whole number/);
  });
});
