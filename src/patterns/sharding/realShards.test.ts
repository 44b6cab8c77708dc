import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterBackend } from '../../cluster/clusterBackend';
import { bootLabSql, type LabSql } from '../../db/labSql';
import { labNodes } from '../../cluster/labNodes';
import type { MetricTree } from '../../lab/snapshot';
import { SimulationRun } from '../../runner/simulationRun';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { CITIES, demoData } from './dataset';
import { shardingDetail, type ShardingDetail } from './detail';
import { shardingLab } from './lab';
import { PREPARED_XACTS_SQL } from './statements';
import { SHARDED_TABLES } from './units';

/**
 * The sharding lab on real PGlite shards (src/cluster): five shard nodes (four in the map and a
 * spare) plus a reference node holding every row, booted once for the file and reset per test.
 * The model's mirror of the data is the real data; the merged reports equal the reference node's;
 * resharding under load leaves every row on exactly one shard (checksums of the union equal the
 * reference's); 2PC leaves real prepared transactions in doubt, which survive a restart.
 */
const BASE = { shards: 4, strategy: 'jump', shardKey: 'customer_id', txnProtocol: '2pc', customers: 1000 };

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'sharding', durationS: 12, warmupS: 1, parameters: { ...BASE, ...parameters }, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

let sql: LabSql;
beforeAll(async () => {
  sql = (await bootLabSql(shardingLab, load({ reshardAtS: 3, reshardTo: 5 }).params))!;
}, 900_000);
afterAll(async () => {
  await sql?.close();
});

const strip = (m: MetricTree) => ({ ...m, sql: null });
const rowsOf = async (node: string, sqlText: string) => (await sql.cluster.query(sqlText, [], node)).rows;

/** Every shard's real row count per table equals what the model says it holds. */
async function expectShardRows(detail: ShardingDetail): Promise<void> {
  for (const shard of detail.shards) {
    for (const table of SHARDED_TABLES) {
      const [row] = await rowsOf(shard.id, `select count(*)::int as n from ${table}`);
      expect({ shard: shard.id, table, n: Number(row!.n) }).toEqual({ shard: shard.id, table, n: shard.byTable[table] });
    }
  }
}

describe('sharding lab on real PGlite shards', () => {
  it('the model’s mirror of the demo dataset is the data on the reference node, row for row', async () => {
    const data = demoData(1000);
    const customers = await rowsOf('reference', 'select c.id, c.city, a.balance::text as balance, extract(epoch from c.created_at)::int as created from customers c join accounts a on a.customer_id = c.id order by c.id');
    expect(customers).toHaveLength(1000);
    for (const c of customers) {
      const id = Number(c.id);
      expect([id, CITIES[data.city[id]!], Math.round(Number(c.balance) * 100), Number(c.created) - 1704067200]).toEqual([id, c.city, data.balanceCents[id], data.customerCreatedS[id]]);
    }
    const orders = await rowsOf('reference', 'select o.id, o.customer_id, o.total::text as total, extract(epoch from o.created_at)::int as created, (select count(*)::int from order_items i where i.order_id = o.id) as items from orders o order by o.id');
    expect(orders.map((o) => [Number(o.id), Number(o.customer_id), Math.round(Number(o.total) * 100), Number(o.created) - 1704067200, Number(o.items)])).toEqual(
      data.orders.map((o) => [o.id, o.customerId, o.totalCents, o.createdS, o.items]),
    );
  }, 300_000);

  it('resharding 4 → 5 under load: same metrics as model-only, every row on exactly one shard, checksums of the union equal the reference’s', async () => {
    await sql.cluster.reset(labNodes(shardingLab, load({ reshardAtS: 3, reshardTo: 5 }).params));
    const scenario = () => load({ reshardAtS: 3, reshardTo: 5, arrivalRate: 60, moveRatePerS: 3000, moveBatchRows: 150 }, { seed: 3 });
    const run = new SimulationRun(scenario(), { sql });
    const real = await run.runToEnd();
    const modelOnly = await new SimulationRun(scenario()).runToEnd();
    expect(strip(real)).toEqual(strip(modelOnly));
    const m = real as { resharding: MetricTree; sql: MetricTree; scatter: MetricTree };
    expect(m.resharding.rowsMoved).toBeGreaterThan(1000);
    expect(m.resharding.checksumsMatch).toBe(true);
    expect(m.sql).toMatchObject({ checksumsChecked: 1, checksumMismatches: 0, reportMismatches: 0, errors: 0 });
    expect(Number(m.sql.reportsChecked)).toBeGreaterThan(5);
    const detail = shardingDetail(run.snapshot().detail)!;
    expect(detail.resharding.phase).toBe('done');
    await expectShardRows(detail);
    // Each customer on exactly one shard, and on the one the map says.
    const seen = new Map<number, string>();
    for (const shard of detail.shards) {
      for (const r of await rowsOf(shard.id, 'select id from customers')) {
        expect(seen.has(Number(r.id))).toBe(false);
        seen.set(Number(r.id), shard.id);
        expect(detail.customerShard![Number(r.id)]).toBe(shard.index);
      }
    }
    expect(seen.size).toBe(1000);
  }, 900_000);

  it('a coordinator crash leaves real prepared transactions in doubt (surviving a shard restart) until recovery resolves them', async () => {
    // 80 req/s leaves a handful of transfers in doubt on every shard (200 proved no more, for 2.5x the SQL).
    const params = { networkRttMs: 50, arrivalRate: 80, crossShardTxnFraction: 0.5, pointReadFraction: 0.2, coordinatorCrashAtS: 3 };
    const events = [
      { atS: 5, action: 'stopShard', args: { node: 'shard-1' } },
      { atS: 6, action: 'startShard', args: { node: 'shard-1' } },
      { atS: 9, action: 'recoverCoordinator' },
    ];
    await sql.cluster.reset(labNodes(shardingLab, load(params).params));
    const backend = clusterBackend(sql.cluster);
    const run = new SimulationRun(load(params, { seed: 5, events }), { sql: backend });
    await run.advanceToAsync(7000);
    const during = shardingDetail(run.snapshot().detail)!;
    let inDoubt = 0;
    for (const shard of during.shards) {
      const gids = (await rowsOf(shard.id, PREPARED_XACTS_SQL)).map((r) => String(r.gid)).sort();
      expect(gids).toEqual(shard.prepared.map((p) => p.gid).sort());
      inDoubt += gids.length;
    }
    expect(inDoubt).toBeGreaterThan(0);
    expect(inDoubt).toBe(during.coordinator.inDoubt.reduce((n, t) => n + t.shards.length, 0));
    // shard-1 was stopped and started with transactions in doubt: they are still there, still prepared.
    expect(during.shards[1]!.prepared.filter((p) => p.inDoubt).length).toBeGreaterThan(0);
    const real = await run.runToEnd();
    const modelOnly = await new SimulationRun(load(params, { seed: 5, events })).runToEnd();
    expect(strip(real)).toEqual(strip(modelOnly));
    expect((real.crossShard as MetricTree).inDoubt).toBe(0);
    expect((real.sql as MetricTree).errors).toBe(0);
    const after = shardingDetail(run.snapshot().detail)!;
    let total = 0;
    for (const shard of after.shards) {
      // What is still prepared belongs to transfers under way when the run ended, none in doubt.
      expect((await rowsOf(shard.id, PREPARED_XACTS_SQL)).map((r) => String(r.gid)).sort()).toEqual(shard.prepared.map((p) => p.gid).sort());
      expect(shard.prepared.every((p) => !p.inDoubt)).toBe(true);
      total += Math.round(Number((await rowsOf(shard.id, 'select coalesce(sum(balance), 0)::text as s from accounts'))[0]!.s) * 100);
    }
    const reference = Math.round(Number((await rowsOf('reference', 'select sum(balance)::text as s from accounts'))[0]!.s) * 100);
    expect(total).toBe(reference);
    expect((real.invariants as MetricTree).balanceSumDrift).toBe(0);
  }, 900_000);

  it('orders placed apart from their customers (order_id): the router joins and ranks; reports still equal the reference', async () => {
    const params = { shardKey: 'order_id', arrivalRate: 40, pointReadFraction: 0.55, scatterFraction: 0.1, reshardAtS: 4, reshardTo: 5, moveRatePerS: 5000 };
    await sql.cluster.reset(labNodes(shardingLab, load(params).params));
    const run = new SimulationRun(load(params, { seed: 8, durationS: 10 }), { sql });
    const real = await run.runToEnd();
    const modelOnly = await new SimulationRun(load(params, { seed: 8, durationS: 10 })).runToEnd();
    expect(strip(real)).toEqual(strip(modelOnly));
    expect((real.pointReadFanout as number)).toBeGreaterThan(1);
    expect(real.sql).toMatchObject({ reportMismatches: 0, errors: 0, checksumMismatches: 0 });
    expect(Number((real.sql as MetricTree).reportsChecked)).toBeGreaterThan(3);
    await expectShardRows(shardingDetail(run.snapshot().detail)!);
  }, 900_000);
});
