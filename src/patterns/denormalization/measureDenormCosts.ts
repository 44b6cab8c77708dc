import { Cluster } from '../../cluster/cluster';
import { inProcessNodes } from '../../cluster/inProcessNodes';
import { planCostMs } from '../../db/costModel';
import type { DbNode } from '../../db/dbNode';
import type { DenormCosts, RefreshFigures } from './costs';
import { DENORM_DATASET } from './costs';
import { CLEANUP_SQL, COPY_TABLE, CREATE_COPY_SQL, createViewSql, READ_SQL, REFRESH_SQL, STORAGE_SQL, VIEW_NAME, WRITE_SQL } from './sql';
import { writeCostsWhenRun } from '../../lab/kit/costsFile';

const round = (ms: number) => Math.round(ms * 1e6) / 1e6;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function run(node: DbNode, statements: readonly string[]): Promise<void> {
  for (const s of statements) await node.query(s);
}

async function facts(node: DbNode): Promise<DenormCosts['facts']> {
  const orders = await node.query('select id, customer_id from orders order by id');
  const lines = await node.query('select order_id, array_agg(product_id order by line) as products from order_items group by order_id order by order_id');
  const products = await node.query('select round(price * 100)::int as cents from products order by id');
  const customers = await node.query('select count(*)::int as n from customers');
  const byOrder = new Map(lines.rows.map((r) => [Number(r.order_id), (r.products as number[]).map(Number)]));
  return {
    customers: Number(customers.rows[0]!.n),
    orders: orders.rows.length,
    products: products.rows.length,
    productCents: products.rows.map((r) => Number(r.cents)),
    orderCustomer: orders.rows.map((r) => Number(r.customer_id)),
    orderLines: orders.rows.map((r) => byOrder.get(Number(r.id)) ?? []),
  };
}

/** The statements PostgreSQL runs inside REFRESH … CONCURRENTLY (src/backend/commands/matview.c), planned on a copy of the view's data. */
async function concurrentlyUnits(node: DbNode): Promise<{ duplicateCheckUnits: number; diffUnits: number }> {
  await node.query(`create temp table newdata (like ${VIEW_NAME})`);
  try {
    await node.query(`insert into newdata select * from ${VIEW_NAME}`);
    await node.query('analyze newdata');
    const duplicate = await node.explain(
      'select newdata.* from newdata newdata where newdata.* is not null and exists (select 1 from newdata newdata2 where newdata2.* is not null and newdata2.* operator(pg_catalog.*=) newdata.* and newdata2.ctid operator(pg_catalog.<>) newdata.ctid)',
    );
    const diff = await node.explain(
      `select mv.ctid as tid, newdata from ${VIEW_NAME} mv full join newdata newdata on (newdata.order_id operator(pg_catalog.=) mv.order_id and newdata.line operator(pg_catalog.=) mv.line and newdata.* operator(pg_catalog.*=) mv.*) where newdata.* is null or mv.* is null order by tid`,
    );
    return { duplicateCheckUnits: duplicate['Total Cost'], diffUnits: diff['Total Cost'] };
  } finally {
    await node.query('drop table newdata');
  }
}

async function refreshFigures(node: DbNode): Promise<RefreshFigures> {
  const query = await node.explain(`select * from (${READ_SQL.normalized.replace(/\nwhere c\.id = \$1$/, '')}) v`);
  const pages = await node.query(
    `select relname, relpages, reltuples from pg_class where relname in ('${VIEW_NAME}', '${VIEW_NAME}_key', '${VIEW_NAME}_customer_idx')`,
  );
  const by = new Map(pages.rows.map((r) => [String(r.relname), r]));
  return {
    queryUnits: query['Total Cost'],
    rows: Number(by.get(VIEW_NAME)!.reltuples),
    heapPages: Number(by.get(VIEW_NAME)!.relpages),
    keyIndexPages: Number(by.get(`${VIEW_NAME}_key`)!.relpages),
    customerIndexPages: Number(by.get(`${VIEW_NAME}_customer_idx`)!.relpages),
    ...(await concurrentlyUnits(node)),
  };
}

async function storage(node: DbNode, relation: string): Promise<{ base: number; copy: number }> {
  const { rows } = await node.query(STORAGE_SQL, [relation]);
  return { base: Number(rows[0]!.base_bytes), copy: Number(rows[0]!.copy_bytes) };
}

/**
 * Everything the lab's model takes from PostgreSQL, measured on its dataset as the host loads it:
 * the rows (who ordered what), the cost model of each read's and write's real plan, the planner's
 * figures of both refreshes, the relations' sizes, and PostgreSQL's refusal of CONCURRENTLY
 * without a unique index. Builds the copy and the view exactly as a run does.
 */
export async function measureDenormCosts(node: DbNode): Promise<DenormCosts> {
  const cost = async (sql: string, params: unknown[] = []) => round(planCostMs(await node.explain(sql, params)));
  await run(node, CLEANUP_SQL);
  const f = await facts(node);
  await run(node, CREATE_COPY_SQL);
  const copySize = await storage(node, COPY_TABLE);
  await run(node, createViewSql(false));
  const viewWithoutKey = await storage(node, VIEW_NAME);
  let concurrentlyRefused = '';
  try {
    await node.query(REFRESH_SQL.concurrently);
  } catch (error) {
    const e = error as { message: string; hint?: string };
    concurrentlyRefused = e.hint ? `${e.message}. HINT: ${e.hint}` : e.message;
  }
  await run(node, CLEANUP_SQL);
  await run(node, CREATE_COPY_SQL);
  await run(node, createViewSql(true));
  const view = await storage(node, VIEW_NAME);
  const customers = range(DENORM_DATASET.customers);
  const reads: DenormCosts['reads'] = { normalized: [], copy: [], view: [] };
  const copyRename: number[] = [];
  for (const id of customers) {
    reads.normalized.push(await cost(READ_SQL.normalized, [id]));
    reads.copy.push(await cost(READ_SQL.copy, [id]));
    reads.view.push(await cost(READ_SQL.view, [id]));
    copyRename.push(await cost(WRITE_SQL.copyRename, [id, 'x']));
  }
  const copyPrice: number[] = [];
  for (const id of range(f.products)) copyPrice.push(await cost(WRITE_SQL.copyPrice, [id, '1.00']));
  const at = '2026-01-01T00:00:00.000Z';
  const writes: DenormCosts['writes'] = {
    renameCustomer: await cost(WRITE_SQL.renameCustomer, [1, 'x']),
    changePrice: await cost(WRITE_SQL.changePrice, [1, '1.00']),
    newOrder: round(
      (await cost(WRITE_SQL.insertOrder, [f.orders + 1, 1, at])) +
        (await cost(WRITE_SQL.insertItems, [f.orders + 1, [1, 2], [1, 2], [1, 1]])) +
        (await cost(WRITE_SQL.orderTotal, [f.orders + 1])),
    ),
    copyRename,
    copyPrice,
    copyOrder: await cost(WRITE_SQL.copyOrder, [1]),
    copyLine: await cost(WRITE_SQL.copyLine, [1, 1]),
  };
  const refresh = await refreshFigures(node);
  await run(node, CLEANUP_SQL);
  return {
    dataset: { ...DENORM_DATASET },
    facts: f,
    reads,
    writes,
    refresh,
    storage: { baseBytes: view.base, copyBytes: copySize.copy, viewBytes: view.copy, viewBytesWithoutKey: viewWithoutKey.copy },
    concurrentlyRefused,
  };
}

/** Boot a primary with the lab's dataset (as the host does) and measure it. */
export async function measureOnFreshNode(): Promise<DenormCosts> {
  const cluster = await Cluster.boot(inProcessNodes, DENORM_DATASET, [{ id: 'primary', role: 'primary' }]);
  try {
    return await measureDenormCosts(cluster.nodeHandle('primary'));
  } finally {
    await cluster.close();
  }
}

await writeCostsWhenRun(import.meta.url, 'denormCosts.json', measureOnFreshNode);
