import { describe, expect, it } from 'vitest';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, nodeOfType } from './fixtureTesting';

describe('11 aggregate over a join (revenue by city)', () => {
  const loaded = loadFixture('11-aggregate.json');
  const { tree, rawNodes } = loaded;
  const agg = nodeOfType(tree, 'Aggregate');

  it('reads the strategy and group key and titles it as EXPLAIN text does', () => {
    expectMatchesRaw(loaded);
    expect(agg.strategy).toBe(rawNodes[agg.id]!.Strategy);
    expect(agg.groupKey).toEqual(rawNodes[agg.id]!['Group Key']);
    expect(agg.title).toBe(agg.strategy === 'Hashed' ? 'HashAggregate' : agg.strategy === 'Sorted' ? 'GroupAggregate' : 'Aggregate');
    expect(tree.planningTimeMs).toBe(loaded.rawTop['Planning Time']);
    expect(tree.executionTimeMs).toBe(loaded.rawTop['Execution Time']);
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });
});
