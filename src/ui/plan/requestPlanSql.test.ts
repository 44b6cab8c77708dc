import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootFromDataImage } from '../../db/imageNode';
import { findStatement, POOLING_DATASET } from '../../patterns/pooling/statements';
import type { DbNode } from '../../db/dbNode';
import { parsePlan } from '../../plan/parsePlan';
import { planStatementFor, recordedParams, sqlLiteral } from './requestPlanSql';

describe('the EXPLAIN statement for a request', () => {
  it('runs a statement without parameters with ANALYZE and BUFFERS', () => {
    expect(planStatementFor('select count(*) from orders;')).toEqual({ ok: true, sql: 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) select count(*) from orders', analyze: true, note: null });
  });

  it("writes the request's values in as SQL literals", () => {
    const s = planStatementFor("select * from customers where id = $1 and city = $2 and name <> $2", [42, "O'Hara"]);
    expect(s.ok && s.sql).toBe("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) select * from customers where id = 42 and city = 'O''Hara' and name <> 'O''Hara'");
  });

  it('says so when the values of the parameters are unknown', () => {
    expect(planStatementFor('select * from customers where id = $1')).toEqual({ ok: false, error: 'the statement has parameters ($1…) and the values this request used are not known' });
  });

  it("finds a request's values in its params, or in the pooling lab's timeline", () => {
    expect(recordedParams({ params: [3] })).toEqual([3]);
    expect(recordedParams({})).toBeUndefined();
  });

  it('never runs a statement that changes data', () => {
    for (const sql of ['update accounts set balance = 0', 'with x as (delete from orders returning id) select * from x']) {
      const s = planStatementFor(sql);
      expect(s.ok && s.analyze).toBe(false);
      expect(s.ok && s.sql.startsWith('EXPLAIN (FORMAT JSON) ')).toBe(true);
    }
  });

  it('refuses a transaction of several statements and a description with named values, saying why', () => {
    expect(planStatementFor("begin; select balance from accounts where id = 1 for update; update accounts set balance = 0 where id = 1; commit;")).toMatchObject({ ok: false, error: expect.stringContaining('several statements') });
    expect(planStatementFor('select balance from accounts where id = :from')).toMatchObject({ ok: false, error: expect.stringContaining('(:from…)') });
    // A semicolon or a colon in quoted text, and a cast, are not either.
    expect(planStatementFor("select 'a;b', '12:30', id::text from customers where name = $1", ['x'])).toMatchObject({ ok: true, analyze: true });
  });

  it('refuses missing values and values with no SQL literal, saying which', () => {
    expect(planStatementFor('select $1, $2', [1])).toEqual({ ok: false, error: 'the statement uses $2 but the request has 1 parameter value' });
    expect(planStatementFor('select $1', [{}])).toEqual({ ok: false, error: 'parameter $1 has a value that cannot be written as SQL (object)' });
    expect(planStatementFor('  ;')).toEqual({ ok: false, error: 'there is no statement to explain' });
    expect(sqlLiteral(Number.NaN)).toBeNull();
    expect(sqlLiteral(null)).toBe('NULL');
  });

  describe('on PostgreSQL (PGlite)', () => {
    let node: DbNode;
    beforeAll(async () => {
      // The demo schema, from the data image (a second, where initdb takes ten).
      node = await bootFromDataImage({ customers: POOLING_DATASET.scale.customers, seed: POOLING_DATASET.seed });
    });
    afterAll(async () => {
      await node.close();
    });

    it.each([
      ['with a parameter', 'select c.name, o.total from customers c join orders o on o.customer_id = c.id where c.id = $1', [7]],
      ['that changes data (explained, not run)', 'update orders set status = $1 where id = $2', ['paid', 3]],
    ])('produces a statement PostgreSQL accepts and the viewer parses, %s', async (_name, sql, params) => {
      const s = planStatementFor(sql, params);
      if (!s.ok) throw new Error(s.error);
      const { rows } = await node.query(s.sql);
      const tree = parsePlan(rows);
      expect(tree.analyzed).toBe(s.analyze);
      expect(tree.nodes.some((n) => n.relationName === 'orders')).toBe(true);
    });
  });

  describe("on the pooling lab's data", () => {
    let node: DbNode;
    beforeAll(async () => {
      node = await bootFromDataImage({ customers: POOLING_DATASET.scale.customers, seed: POOLING_DATASET.seed });
    });
    afterAll(async () => {
      await node.close();
    });

    // What the plan dialog shows for the pooling lab's "Revenue by city" request (moved from the
    // end-to-end suite, which checks the dialog itself with a parameterised statement).
    it("explains a statement without parameters, the pooling lab's revenue by city, with its buffers", async () => {
      const s = planStatementFor(findStatement('city-report')!.sql, []);
      if (!s.ok) throw new Error(s.error);
      expect(s.note).toBeNull();
      const tree = parsePlan((await node.query(s.sql)).rows);
      expect(tree.analyzed).toBe(true);
      const types = tree.nodes.map((n) => n.nodeType);
      expect(types.filter((t) => t === 'Hash Join')).toHaveLength(1);
      expect(tree.nodes.some((n) => n.nodeType === 'Aggregate' && n.strategy === 'Hashed')).toBe(true);
      expect(tree.nodes.some((n) => n.buffers !== undefined && n.buffers.sharedHit + (n.buffers.sharedRead ?? 0) > 0)).toBe(true);
    });
  });
});
