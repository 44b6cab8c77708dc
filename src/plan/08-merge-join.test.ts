import { describe, expect, it } from 'vitest';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, nodeOfType } from './fixtureTesting';

describe('08 Merge Join of two inputs sorted on the key', () => {
  const loaded = loadFixture('08-merge-join.json');
  const { tree, rawNodes } = loaded;
  const join = nodeOfType(tree, 'Merge Join');

  it('reads the merge condition; both inputs come in key order from indexes', () => {
    expectMatchesRaw(loaded);
    expect(join.mergeCond).toBe(rawNodes[join.id]!['Merge Cond']);
    expect(join.children.map((c) => c.parentRelationship)).toEqual(['Outer', 'Inner']);
    expect(join.children.map((c) => c.relationName).sort()).toEqual(['order_items', 'orders']);
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });
});
