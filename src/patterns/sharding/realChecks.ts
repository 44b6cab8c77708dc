import { CITIES } from './dataset';
import type { ShardingModel } from './model';
import { ordersApart } from './placement';
import { mergeReports, reportDifference, type CityFigures, type Report, type ReportPartial } from './scatterReport';
import { COPY_IN_SQL, COPY_OUT_SQL, DELETE_MOVED_SQL, REPORT_APART_SQL, REPORT_COLOCATED_SQL, REPORT_REFERENCE_SQL, TABLE_CHECKSUM_SQL } from './statements';
import { SHARDED_TABLES, type Unit } from './units';

/** The node holding every row, that the merged reports and the shards' checksums are compared with. */
export const REFERENCE_NODE = 'reference';

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Money as PostgreSQL prints a numeric, in cents. */
const cents = (v: unknown) => Math.round(Number(v) * 100);

/** Shards holding rows now (owned or copies), each with the ids of the copies it holds but does not own. */
function holders(model: ShardingModel): { node: string; customers: number[]; orders: number[] }[] {
  const out = model.nodes.filter((n) => model.data.rowsOn(n.index) > 0).map((n) => ({ node: n.id, index: n.index, customers: [] as number[], orders: [] as number[] }));
  const byIndex = new Map(out.map((h) => [h.index, h]));
  for (const u of model.resharding.moving) {
    const h = u.copy >= 0 ? byIndex.get(u.copy) : undefined;
    if (h) (u.kind === 'customer' ? h.customers : h.orders).push(u.id);
  }
  return out;
}

async function shardPartial(q: Query, apart: boolean, customers: number[], orders: number[]): Promise<ReportPartial> {
  const balance = cents((await q(REPORT_COLOCATED_SQL.balance, [customers])).rows[0]!.total);
  if (!apart) {
    const top = (await q(REPORT_COLOCATED_SQL.top, [customers])).rows.map((r) => ({ customerId: Number(r.customer_id), revenueCents: cents(r.revenue) }));
    const cities = new Map<number, CityFigures>();
    for (const r of (await q(REPORT_COLOCATED_SQL.cities, [customers])).rows) cities.set(cityIndex(r.city), { revenueCents: cents(r.revenue), orders: Number(r.orders) });
    return { kind: 'colocated', top, cities, balanceCents: balance };
  }
  const perCustomer = new Map<number, CityFigures>();
  for (const r of (await q(REPORT_APART_SQL.perCustomer, [orders])).rows) perCustomer.set(Number(r.customer_id), { revenueCents: cents(r.revenue), orders: Number(r.orders) });
  const cityOf = new Map<number, number>();
  for (const r of (await q(REPORT_APART_SQL.cities, [customers])).rows) cityOf.set(Number(r.id), cityIndex(r.city));
  return { kind: 'apart', perCustomer, cityOf, balanceCents: balance };
}

const cityIndex = (name: unknown) => CITIES.indexOf(String(name) as (typeof CITIES)[number]);

async function referenceReport(q: Query): Promise<Report> {
  const top = (await q(REPORT_REFERENCE_SQL.top)).rows.map((r) => ({ customerId: Number(r.customer_id), revenueCents: cents(r.revenue) }));
  const cities = (await q(REPORT_REFERENCE_SQL.cities)).rows
    .map((r) => ({ city: cityIndex(r.city), revenueCents: cents(r.revenue), orders: Number(r.orders), averageCents: Number(r.average) * 100 }))
    .sort((a, b) => a.city - b.city);
  return { top, cities, balanceCents: cents((await q(REPORT_REFERENCE_SQL.balance)).rows[0]!.total) };
}

/**
 * The report run for real: on every shard holding rows (copies it does not own excluded), merged
 * as the router merges, and compared with the same SQL on the reference node and with the model's
 * report. Null without SQL, or while a shard is down (the report could not be complete).
 */
export function checkReportForReal(model: ShardingModel, expected: Report): (() => Promise<void>) | null {
  const shards = holders(model);
  if (model.nodes.some((n) => !n.up && model.data.rowsOn(n.index) > 0)) return null;
  const apart = ordersApart(model.data.shardKey);
  const { sql } = model;
  return sql.across(
    [...shards.map((s) => s.node), REFERENCE_NODE],
    async (on) => {
      const partials: ReportPartial[] = [];
      for (const s of shards) partials.push(await shardPartial(on(s.node), apart, s.customers, s.orders));
      const merged = mergeReports(partials);
      const reference = await referenceReport(on(REFERENCE_NODE));
      const difference = reportDifference(merged, reference) ?? reportDifference(reference, expected);
      sql.scattersChecked++;
      if (difference !== null) {
        sql.scatterMismatches++;
        sql.lastMismatch = difference;
      }
    },
    undefined,
  );
}

/** A batch's ids as the copy and delete statements take them. */
function batchIds(model: ShardingModel, batch: readonly Unit[]): [number[], number[], number[]] {
  const customers = batch.filter((u) => u.kind === 'customer').map((u) => u.id);
  const orders = batch.filter((u) => u.kind === 'order').map((u) => u.id);
  return [customers, ordersApart(model.data.shardKey) ? [] : customers, orders];
}

/** A batch read from the shard giving it up and written on the one taking it, at the instant it lands. */
export function copyBatchForReal(model: ShardingModel, from: number, to: number, batch: readonly Unit[]): (() => Promise<void>) | null {
  const source = model.nodes[from]!.id;
  const target = model.nodes[to]!.id;
  return model.sql.across(
    [source, target],
    async (on) => {
      const { rows } = await on(source)(COPY_OUT_SQL, batchIds(model, batch));
      const r = rows[0]!;
      await on(target)(COPY_IN_SQL, [r.customers, r.accounts, r.orders, r.order_items]);
    },
    undefined,
  );
}

/** Cleanup: a batch's old copies deleted from the shard that gave them up. */
export function deleteBatchForReal(model: ShardingModel, shard: number, batch: readonly Unit[]): (() => Promise<void>) | null {
  return model.sql.on(model.nodes[shard]!.id, (q) => q(DELETE_MOVED_SQL, batchIds(model, batch)).then(() => undefined), undefined);
}

/**
 * After resharding: per table, the rows and checksum (a sum of row hashes, so shards add up) of
 * the union of every shard, against the reference node's. Equal: nothing lost, nothing twice, every
 * value the same.
 */
export function checksumsForReal(model: ShardingModel): (() => Promise<void>) | null {
  const { sql } = model;
  const shards = model.nodes.filter((n) => n.up).map((n) => n.id);
  if (model.nodes.some((n) => !n.up)) return null;
  return sql.across(
    [...shards, REFERENCE_NODE],
    async (on) => {
      let same = true;
      for (const table of SHARDED_TABLES) {
        let n = 0;
        let sum = 0n;
        for (const s of shards) {
          const row = (await on(s)(TABLE_CHECKSUM_SQL(table))).rows[0]!;
          n += Number(row.n);
          sum += BigInt(String(row.sum));
        }
        const ref = (await on(REFERENCE_NODE)(TABLE_CHECKSUM_SQL(table))).rows[0]!;
        if (n !== Number(ref.n) || sum !== BigInt(String(ref.sum))) same = false;
      }
      sql.checksumsChecked++;
      if (!same) sql.checksumMismatches++;
    },
    undefined,
  );
}
