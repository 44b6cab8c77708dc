import { PGlite } from '@electric-sql/pglite';
import { figure, type BenchContext, type Figure } from '../figure';
import { measure, timeOnce } from '../timing';
import { Cluster } from '../../src/cluster/cluster';
import { inProcessNodes } from '../../src/cluster/inProcessNodes';
import { ensureDataImage } from '../../src/db/dataImage';
import { shardingParams, type ShardingParams } from '../../src/patterns/sharding/params';
import { shardingCluster, startingData } from '../../src/patterns/sharding/partition';
import { SHARDING_DATASET } from '../../src/patterns/sharding/dataset';
import { COPY_IN_SQL, COPY_OUT_SQL, REPORT_COLOCATED_SQL, REPORT_REFERENCE_SQL } from '../../src/patterns/sharding/statements';

const defaults = Object.fromEntries(shardingParams.map((s) => [s.key, s.default])) as ShardingParams;

/**
 * The sharding lab's PGlite shards in Node: booting the lab's default cluster (four shards, a
 * spare, the reference node) against one cold PGlite boot; rows moved per second between two
 * shards in the lab's copy batches against copying the same rows inside one node; and the report
 * run on four shards (one after the other: in-process nodes share a thread) against the same
 * report on the one node holding every row.
 */
export async function shardingFigures(ctx: BenchContext): Promise<Figure[]> {
  await ensureDataImage(SHARDING_DATASET, ctx.log);
  ctx.log('sharding: one cold PGlite boot (initdb), the baseline');
  const cold = await timeOnce(async () => {
    const db = new PGlite();
    await db.waitReady;
    await db.query('select 1');
    return db;
  });
  await cold.result.close();

  const nodes = shardingCluster(defaults);
  ctx.log(`sharding: booting the lab's cluster (${nodes.length} nodes, each preparing its partition)`);
  const boot = await timeOnce(() => Cluster.boot(inProcessNodes, SHARDING_DATASET, nodes));
  const cluster = boot.result;
  try {
    const moved = await moveRate(ctx, cluster);
    const reports = await reportLatency(ctx, cluster);
    return [
      figure({ name: 'sharding.cluster.boot', value: boot.ms, unit: 'ms', baseline: cold.ms, better: 'lower', baselineLabel: 'one cold PGlite boot', note: `${nodes.length} nodes: 4 shards, a spare, the reference` }),
      moved,
      reports,
    ];
  } finally {
    await cluster.close();
  }
}

/** Customers of shard-0 copied to the spare in the lab's batches (out as JSON, in with one statement), against INSERT … SELECT inside shard-0. */
async function moveRate(ctx: BenchContext, cluster: Cluster): Promise<Figure> {
  const { data } = startingData(defaults);
  const customers = data.units.filter((u) => u.kind === 'customer' && u.owner === 0).map((u) => u.id);
  const batch = ctx.quick ? 20 : 10;
  let rows = 0;
  ctx.log(`sharding: moving ${customers.length} customers shard-0 → shard-4 in batches of ${batch}`);
  const copy = await timeOnce(async () => {
    for (let i = 0; i < customers.length; i += batch) {
      const ids = customers.slice(i, i + batch);
      const out = (await cluster.query(COPY_OUT_SQL, [ids, ids, []], 'shard-0')).rows[0]!;
      await cluster.query(COPY_IN_SQL, [out.customers, out.accounts, out.orders, out.order_items], 'shard-4');
      for (const t of ['customers', 'accounts', 'orders', 'order_items']) rows += (JSON.parse(String(out[t])) as unknown[]).length;
    }
  });
  const local = await timeOnce(async () => {
    await cluster.query('create table order_items_copy as select * from order_items where order_id in (select id from orders where customer_id = any($1::int[]))', [customers], 'shard-0');
    await cluster.query('create table orders_copy as select * from orders where customer_id = any($1::int[])', [customers], 'shard-0');
  });
  const localRows = Number((await cluster.query('select (select count(*) from orders_copy) + (select count(*) from order_items_copy) as n', [], 'shard-0')).rows[0]!.n);
  return figure({
    name: 'sharding.reshard.rowsPerS',
    value: rows / (copy.ms / 1000),
    unit: 'rows/s',
    baseline: localRows / (local.ms / 1000),
    better: 'higher',
    baselineLabel: 'copy within one node',
    note: `${rows} rows in batches of ${batch} customers`,
  });
}

/** The report on every shard (merged) against the same SQL on the reference node. */
async function reportLatency(ctx: BenchContext, cluster: Cluster): Promise<Figure> {
  const shards = ['shard-0', 'shard-1', 'shard-2', 'shard-3'];
  const runs = ctx.quick ? 3 : 10;
  ctx.log(`sharding: the report on 4 shards vs one node (${runs} runs each)`);
  const scatter = await measure(
    async () => {
      for (const s of shards) for (const sql of Object.values(REPORT_COLOCATED_SQL)) await cluster.query(sql, [[]], s);
    },
    { runs },
  );
  const single = await measure(
    async () => {
      for (const sql of Object.values(REPORT_REFERENCE_SQL)) await cluster.query(sql, [], 'reference');
    },
    { runs },
  );
  return figure({ name: 'sharding.scatter.reportMs', value: scatter.median.ms, unit: 'ms', baseline: single.median.ms, better: 'lower', baselineLabel: 'same report on one node', note: 'shards queried one after another (in-process nodes share a thread; a browser runs them in parallel)' });
}
