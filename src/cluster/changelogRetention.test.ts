import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbNode } from '../db/dbNode';
import { Cluster, type NodeEvents, type NodeFactory } from './cluster';
import { inProcessNodes } from './inProcessNodes';
import { primaryWithReplicas } from './nodeList';

// Issue 19 (soak): a lab left playing at 1000× must not hold more the longer it runs. Every node's
// `_changelog` kept every change of the run (about 1 MB per 120 simulated s per node in the
// replication lab), and so did the shipping cache up to its limit. A change every replica has
// applied is needed by no one (as WAL below every standby's flush position): it is dropped.
const DATASET = { customers: 1000, seed: 1 };
let cluster: Cluster;

/** In-process nodes that can be restarted from the image they booted from, as the browser's watchdog does. */
const restartFromBoot = new Map<string, () => Promise<void>>();
const restartableNodes: NodeFactory = {
  fromDataset: (name, dataset, events, boot) => inProcessNodes.fromDataset(name, dataset, events, boot),
  async fromImage(name, image, events: NodeEvents, boot) {
    let current = await inProcessNodes.fromImage(name, image, events, boot);
    restartFromBoot.set(name, async () => {
      events.onRestart?.();
      await current.close();
      current = await inProcessNodes.fromImage(name, image, events, boot);
      const session = events.sessionSql?.();
      if (session) await current.exec(session);
      events.onRestarted?.();
    });
    const node: DbNode = {
      name,
      query: (sql, params) => current.query(sql, params),
      exec: (sql) => current.exec(sql),
      explain: (sql, params, options) => current.explain(sql, params, options),
      get statementsRun() {
        return current.statementsRun;
      },
      dump: () => current.dump!(),
      close: () => current.close(),
    };
    return node;
  },
};

beforeAll(async () => {
  cluster = await Cluster.boot(restartableNodes, DATASET, primaryWithReplicas(2));
}, 300_000);
afterAll(async () => {
  await cluster?.close();
});

/** `count` changes on the primary (ten rows updated per statement), shipped to both replicas every 50, as the lab's model ships. */
async function writeAndShip(count: number, from: number): Promise<number> {
  let lsn = 0;
  for (let i = 0; i < count; i += 10) {
    const first = ((from + i) % 990) + 1;
    await cluster.query('update customers set name = $2 where id between $1 and $1 + 9', [first, `write ${from + i}`]);
    if (i % 50 === 40) {
      lsn = await cluster.appliedLsn(cluster.primary);
      await cluster.applyChanges('replica-1', lsn);
      // replica-2 lags a little behind replica-1.
      await cluster.applyChanges('replica-2', lsn - 15);
    }
  }
  return lsn;
}

/** `count` single-row updates on the primary, shipped to no one. */
async function writeOnly(count: number, label: string): Promise<void> {
  for (let i = 0; i < count; i++) await cluster.query('update customers set name = $2 where id = $1', [(i % 1000) + 1, `${label} ${i}`]);
}

interface Retained {
  /** Rows in each node's changelog. */
  rows: number[];
  /** Bytes of each node's changelog table and its index. */
  bytes: number[];
  /** Changes held by the shipping cache. */
  cached: number;
}

async function retained(): Promise<Retained> {
  const rows: number[] = [];
  const bytes: number[] = [];
  for (const node of cluster.nodeIds) {
    const { rows: r } = await cluster.query("select count(*)::int as n, pg_total_relation_size('_changelog')::int as bytes from _changelog", [], node);
    rows.push(Number(r[0]!.n));
    bytes.push(Number(r[0]!.bytes));
  }
  return { rows, bytes, cached: cluster.cachedChanges };
}

describe("the cluster's change log over a long run", () => {
  it('holds no more changes after 6,000 than after 2,000 once the replicas applied them, on every node and in the shipping cache', async () => {
    const first = await writeAndShip(2000, 0);
    const after2000 = await retained();
    const last = await writeAndShip(4000, 2000);
    expect(last).toBeGreaterThan(first * 2.5);
    const after6000 = await retained();
    for (const rows of after6000.rows) expect(rows).toBeLessThan(1500);
    for (let i = 0; i < after6000.bytes.length; i++) expect(after6000.bytes[i]!).toBeLessThanOrEqual(after2000.bytes[i]! * 1.25);
    expect(after6000.cached).toBeLessThan(1500);
    // Every node still knows its applied LSN, and the replicas still converge.
    expect(await cluster.appliedLsn('primary')).toBe(last);
    expect(await cluster.applyChanges('replica-2', last)).toBe(last);
    const sums = await cluster.checksums('primary');
    expect(await cluster.checksums('replica-1')).toEqual(sums);
    expect(await cluster.checksums('replica-2')).toEqual(sums);
  }, 300_000);

  it('a failover after pruning: the promoted replica serves the others from what it kept', async () => {
    const lsn = await cluster.appliedLsn('primary');
    await writeAndShip(1500, 7000);
    // Ten more writes, shipped to replica-1 but for the last three; replica-2 stays 25 behind the primary.
    await writeOnly(10, 'unshipped');
    const last = await cluster.appliedLsn('primary');
    await cluster.applyChanges('replica-1', last - 3);
    expect(await cluster.appliedLsn('replica-2')).toBe(last - 25);
    expect(last).toBeGreaterThan(lsn + 1000);
    const result = await cluster.promote('replica-1');
    expect(result).toMatchObject({ lostFromLsn: last - 2, lostToLsn: last, recloned: [] });
    expect(await cluster.applyChanges('replica-2', last - 3)).toBe(last - 3);
    expect(await cluster.checksums('replica-2')).toEqual(await cluster.checksums('replica-1'));
  }, 300_000);

  it('a stopped replica holds the horizon (as a replication slot would), and catches up when started', async () => {
    await cluster.reset(primaryWithReplicas(2));
    await writeAndShip(50, 0);
    const stoppedAt = await cluster.appliedLsn('replica-2');
    await cluster.stop('replica-2');
    for (let i = 0; i < 1500; i += 10) {
      await cluster.query('update customers set name = $2 where id between $1 and $1 + 9', [(i % 990) + 1, `while stopped ${i}`]);
      if (i % 50 === 40) await cluster.applyChanges('replica-1', await cluster.appliedLsn(cluster.primary));
    }
    const last = await cluster.appliedLsn('primary');
    expect(await cluster.applyChanges('replica-1', last)).toBe(last);
    // What replica-2 needs is still on the primary: it catches up rather than being re-cloned.
    expect((await cluster.query('select min(lsn)::int as lsn from _changelog')).rows[0]!.lsn).toBeLessThanOrEqual(stoppedAt + 1);
    await cluster.start('replica-2');
    expect(await cluster.appliedLsn('replica-2')).toBe(stoppedAt);
    expect(await cluster.applyChanges('replica-2', last)).toBe(last);
    expect(await cluster.checksums('replica-2')).toEqual(await cluster.checksums('primary'));
  }, 300_000);

  it('a replica that restarted from its base backup after the changes it needs were pruned is re-cloned, as a standby whose WAL is gone', async () => {
    await cluster.reset(primaryWithReplicas(2));
    const last = await writeAndShip(1500, 0);
    expect((await cluster.query('select min(lsn)::int as lsn from _changelog')).rows[0]!.lsn).toBeGreaterThan(1);
    await restartFromBoot.get('replica-2')!();
    expect(await cluster.appliedLsn('replica-2')).toBe(0);
    expect(await cluster.applyChanges('replica-2', last)).toBe(last);
    expect(await cluster.checksums('replica-2')).toEqual(await cluster.checksums('primary'));
    await expect(cluster.query("update customers set name = 'x' where id = 1", [], 'replica-2')).rejects.toMatchObject({ code: '25006' });
    // It follows the primary again from there.
    await cluster.query("update customers set name = 'after the re-clone' where id = 1");
    expect(await cluster.applyChanges('replica-2', last + 1)).toBe(last + 1);
  }, 300_000);
});
