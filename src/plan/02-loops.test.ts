import { describe, expect, it } from 'vitest';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, nodeOfType, rawInclusiveMs } from './fixtureTesting';

describe('02 loops > 1: the inner side of a Nested Loop', () => {
  const loaded = loadFixture('02-loops.json');
  const { tree, rawNodes } = loaded;

  it('multiplies per-loop times and rows by the loops', () => {
    expectMatchesRaw(loaded);
    const loop = nodeOfType(tree, 'Nested Loop');
    const inner = loop.children.find((c) => c.parentRelationship === 'Inner')!;
    expect(inner.nodeType).toBe('Limit');
    expect(inner.actualLoops).toBeGreaterThan(1);
    // One run of the inner side per outer row.
    const outer = loop.children.find((c) => c.parentRelationship === 'Outer')!;
    expect(inner.actualLoops).toBe(outer.actualRowsTotal);
    expect(inner.inclusiveTimeMs).toBeCloseTo((rawNodes[inner.id]!['Actual Total Time'] as number) * (rawNodes[inner.id]!['Actual Loops'] as number), 9);
    expect(inner.inclusiveTimeMs!).toBeGreaterThan(inner.actualTotalTimeMs!);
  });

  it('takes the loops into account for exclusive time (the Nested Loop itself is the rest)', () => {
    const loop = nodeOfType(tree, 'Nested Loop');
    const raw = rawNodes[loop.id]!;
    const expected = rawInclusiveMs(raw) - raw.Plans!.reduce((s, c) => s + rawInclusiveMs(c), 0);
    expect(loop.exclusiveTimeMs).toBeCloseTo(Math.max(0, expected), 9);
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });

  it('expects the inner side to run once per estimated outer row', () => {
    const loop = nodeOfType(tree, 'Nested Loop');
    const outer = loop.children[0]!;
    for (const below of [nodeOfType(tree, 'Limit'), nodeOfType(tree, 'Sort'), nodeOfType(tree, 'Seq Scan')]) {
      expect(below.estimatedLoops).toBe(Math.max(1, outer.planRows));
    }
  });
});
