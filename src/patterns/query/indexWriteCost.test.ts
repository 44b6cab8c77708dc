import { describe, expect, it } from 'vitest';
import { bootFromDataImage } from '../../db/imageNode';
import { QUERY_DATASET } from './strategies';
import { comparisonsToFind, indexInsertCostUnits, insertCostMs, readsToBreakEven } from './indexWriteCost';

describe('index write cost', () => {
  it('counts binary-search comparisons as ⌈log2(rows + 1)⌉', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 5000, 1_000_000].map(comparisonsToFind)).toEqual([0, 1, 2, 2, 3, 3, 4, 13, 20]);
  });

  it('adds the same term for each index: linear in the number of indexes', () => {
    const none = insertCostMs(0.01, 0, 5000);
    const one = insertCostMs(0.01, 1, 5000);
    const five = insertCostMs(0.01, 5, 5000);
    expect(one.totalMs - none.totalMs).toBeCloseTo(one.perIndexMs, 12);
    expect(five.totalMs - none.totalMs).toBeCloseTo(5 * one.perIndexMs, 12);
    expect(indexInsertCostUnits(1_000_000)).toBeGreaterThan(indexInsertCostUnits(1000));
  });

  it('is needed: PostgreSQL prices an INSERT the same with or without indexes', async () => {
    // Any node does; the data image boots in about a second, initdb takes ten.
    const node = await bootFromDataImage(QUERY_DATASET);
    try {
      await node.exec('create table t (id int, a int, b int)');
      const sql = 'insert into t values (1, 2, 3)';
      const before = (await node.explain(sql))['Total Cost'];
      await node.exec('create index on t (a); create index on t (b); create index on t (a, b)');
      expect((await node.explain(sql))['Total Cost']).toBe(before);
    } finally {
      await node.close();
    }
  }, 60_000);

  it('says how many reads pay for an index', () => {
    expect(readsToBreakEven(0.5, 0.02)).toBeCloseTo(0.04, 12);
    expect(readsToBreakEven(0, 0.02)).toBe(Infinity);
  });
});
