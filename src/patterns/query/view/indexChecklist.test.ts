import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootFromDataImage } from '../../../db/imageNode';
import type { DbNode } from '../../../db/dbNode';
import { errorInfo } from '../../../db/dbWorkerProtocol';
import { parsePlan } from '../../../plan/parsePlan';
import { QUERY_DATASET } from '../strategies';
import { columnRefs, indexChecklist, unusedIndexes } from './indexChecklist';
import { cleanQuery, createIndexSql, dropIndexSql, explainQuery, isReadOnly, listColumns, listIndexes, type RunSql } from './indexSql';
import { seedQueries } from './seedQueries';
import { CHANGELOG_TABLE } from '../../../cluster/changeCapture';
import { PROBE_SQL } from './useSchemaLink';
import { sameIndexNames } from './ordersIndexLink';

let node: DbNode;
const run: RunSql = async (sql) => {
  try {
    const r = await node.query(sql);
    return { ok: true, fields: r.fields, rows: r.rows, rowCount: r.rows.length, truncated: false };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
};
const seed = (id: string) => seedQueries.find((q) => q.id === id)!.sql;

async function checklistOf(sql: string) {
  const { plan } = await explainQuery(run, sql);
  return indexChecklist(parsePlan(plan), sql, await listIndexes(run), await listColumns(run));
}

beforeAll(async () => {
  node = await bootFromDataImage(QUERY_DATASET);
}, 120_000);
afterAll(async () => node?.close());

describe('the index view on real plans', () => {
  it('finds column references in plan expressions, ignoring literals, casts and functions', () => {
    expect(columnRefs("((city = 'Oslo'::text) AND (name = 'Customer 42'::text))")).toEqual([
      { qualifier: null, column: 'city' },
      { qualifier: null, column: 'name' },
    ]);
    expect(columnRefs('(o.customer_id = c.id)')).toEqual([
      { qualifier: 'o', column: 'customer_id' },
      { qualifier: 'c', column: 'id' },
    ]);
    expect(columnRefs('lower(name) = ANY (x)')).toEqual([{ qualifier: null, column: 'name' }, { qualifier: null, column: 'x' }]);
  });

  it('lists the filtered column as not covered, then covered once an index exists; the scan turns into an index scan', async () => {
    const sql = seed('orders-of-customer');
    expect(await checklistOf(sql)).toEqual([{ role: 'WHERE', table: 'orders', column: 'customer_id', coveredBy: null, notLeading: null }]);
    const before = parsePlan((await explainQuery(run, sql)).plan);
    expect(before.nodes.map((n) => n.nodeType)).toContain('Seq Scan');
    await node.exec(createIndexSql('orders', ['customer_id'], await listColumns(run)));
    try {
      expect((await checklistOf(sql))[0]!.coveredBy).toBe('ix_orders_customer_id');
      const after = parsePlan((await explainQuery(run, sql)).plan);
      expect(after.nodes.some((n) => /Index Scan/.test(n.nodeType))).toBe(true);
      expect(after.nodes.map((n) => n.nodeType)).not.toContain('Seq Scan');
    } finally {
      await node.exec(dropIndexSql('ix_orders_customer_id'));
    }
  }, 60_000);

  it('an index on (city, name) is not used for name alone, and the checklist says why; it is for city and name', async () => {
    await node.exec(createIndexSql('customers', ['city', 'name'], await listColumns(run)));
    try {
      const byName = await checklistOf(seed('customer-by-name'));
      expect(byName).toEqual([{ role: 'WHERE', table: 'customers', column: 'name', coveredBy: null, notLeading: { index: 'ix_customers_city_name', before: ['city'] } }]);
      expect(parsePlan((await explainQuery(run, seed('customer-by-name'))).plan).root.nodeType).toBe('Seq Scan');
      const both = await checklistOf(seed('customer-by-city-and-name'));
      expect(both.map((i) => [i.column, i.coveredBy])).toEqual([
        ['city', 'ix_customers_city_name'],
        ['name', 'ix_customers_city_name'],
      ]);
      expect(parsePlan((await explainQuery(run, seed('customer-by-city-and-name'))).plan).root.indexName).toBe('ix_customers_city_name');
    } finally {
      await node.exec(dropIndexSql('ix_customers_city_name'));
    }
  }, 60_000);

  it('sees JOIN and ORDER BY columns, and unused indexes from pg_stat_user_indexes', async () => {
    const join = await checklistOf(seed('join-city'));
    expect(join.map((i) => `${i.role} ${i.table}.${i.column}`).sort()).toEqual(['JOIN customers.id', 'JOIN orders.customer_id', 'WHERE customers.city']);
    expect(join.find((i) => i.column === 'id')!.coveredBy).toBe('customers_pkey');
    const latest = await checklistOf(seed('latest-orders'));
    expect(latest).toEqual([{ role: 'ORDER BY', table: 'orders', column: 'created_at', coveredBy: null, notLeading: null }]);
    await node.exec(createIndexSql('orders', ['created_at'], await listColumns(run)));
    try {
      // The index gives the order, so the plan has no Sort left: the SQL's ORDER BY still lists the column.
      expect((await checklistOf(seed('latest-orders')))[0]!.coveredBy).toBe('ix_orders_created_at');
      await node.exec(createIndexSql('orders', ['status'], await listColumns(run)));
      expect(unusedIndexes(await listIndexes(run)).map((i) => i.name)).toEqual(['ix_orders_status']);
    } finally {
      await node.exec('drop index ix_orders_created_at; drop index if exists ix_orders_status');
    }
  }, 60_000);

  it('refuses what it cannot run, with reasons; PostgreSQL errors come back with its message', async () => {
    expect(() => cleanQuery('explain select 1')).toThrow(/without EXPLAIN/);
    expect(() => cleanQuery('select 1; select 2')).toThrow(/one statement/);
    expect(() => createIndexSql('orders', ['nope'], { orders: ['id'] })).toThrow(/table orders has no column "nope"/);
    expect(isReadOnly("select * from orders where status = 'delete'")).toBe(true);
    expect(isReadOnly('with x as (delete from orders returning *) select * from x')).toBe(false);
    const write = await explainQuery(run, 'delete from orders where id = 1');
    expect(write.analyzed).toBe(false);
    expect((await node.query('select count(*)::int as n from orders where id = 1')).rows[0]!.n).toBe(1);
    await expect(explainQuery(run, 'select * from order')).rejects.toThrow(/syntax error at or near "order"/);
  }, 60_000);

  it('leaves the cluster’s change-capture table out of the tables a learner may index, and out of the index list', async () => {
    await node.exec(`create table ${CHANGELOG_TABLE} (lsn bigint primary key, tbl text not null)`);
    try {
      expect(Object.keys(await listColumns(run))).not.toContain(CHANGELOG_TABLE);
      expect(Object.keys(await listColumns(run))).toContain('orders');
      // Nor are its indexes listed (the index view showed "_changelog_pkey" to learners).
      const listed = await listIndexes(run);
      expect(listed.map((i) => i.table)).not.toContain(CHANGELOG_TABLE);
      expect(listed.map((i) => i.table)).toContain('orders');
      // The probe of the primary's indexes leaves out the same: the list is up to date by its
      // measure (else the view read the indexes again every 3 s, busy for ever).
      const probed = String((await node.query(PROBE_SQL)).rows[0]!.indexes);
      expect(sameIndexNames(probed, listed)).toBe(true);
    } finally {
      await node.exec(`drop table ${CHANGELOG_TABLE}`);
    }
  });
});
