import { describe, expect, it } from 'vitest';
import { describeNode } from './describeNode';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, nodeOfType } from './fixtureTesting';

describe('07 Hash Join (and its Hash node)', () => {
  const loaded = loadFixture('07-hash-join.json');
  const { tree, rawNodes } = loaded;
  const join = nodeOfType(tree, 'Hash Join');

  it('reads the join type and hash condition, with the Hash on the inner side', () => {
    expectMatchesRaw(loaded);
    expect(join.joinType).toBe(rawNodes[join.id]!['Join Type']);
    expect(join.hashCond).toBe(rawNodes[join.id]!['Hash Cond']);
    const hash = join.children.find((c) => c.parentRelationship === 'Inner')!;
    expect(hash.nodeType).toBe('Hash');
    expect(describeNode(join)).toContain('hash table');
    expect(join.children.every((c) => c.estimatedLoops === 1)).toBe(true);
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });
});
