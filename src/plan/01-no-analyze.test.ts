import { describe, expect, it } from 'vitest';
import { describeNode } from './describeNode';
import { expectMatchesRaw, loadFixture, nodeOfType } from './fixtureTesting';

describe('01 no ANALYZE: estimates only', () => {
  const loaded = loadFixture('01-no-analyze.json');
  const { tree, rawNodes } = loaded;

  it('reads every node with its estimates and no actual figures', () => {
    expectMatchesRaw(loaded);
    expect(tree.analyzed).toBe(false);
    expect(tree.hasBuffers).toBe(false);
    expect(tree.executionTimeMs).toBeUndefined();
    expect(tree.measure).toBe('cost');
    for (const node of tree.nodes) {
      expect(node.rowEstimate).toBeUndefined();
      expect(node.exclusiveTimeMs).toBeUndefined();
    }
  });

  it('weighs nodes by exclusive cost: Total Cost minus the children, the inner side once per expected outer row', () => {
    const loop = nodeOfType(tree, 'Nested Loop');
    const [outer, inner] = loop.children;
    expect(outer!.parentRelationship).toBe('Outer');
    expect(inner!.parentRelationship).toBe('Inner');
    expect(inner!.estimatedLoops).toBe(Math.max(1, outer!.planRows));
    const rawLoop = rawNodes[loop.id]!;
    const [rawOuter, rawInner] = rawLoop.Plans!;
    const expected = (rawLoop['Total Cost'] as number) - (rawOuter!['Total Cost'] as number) - (rawInner!['Total Cost'] as number) * Math.max(1, rawOuter!['Plan Rows'] as number);
    expect(loop.exclusiveCost).toBeCloseTo(Math.max(0, expected), 9);
    // The costliest node is the one with the largest exclusive cost, and the shares add up to 1.
    const max = Math.max(...tree.nodes.map((x) => x.exclusiveCost));
    expect(tree.costliest.exclusiveCost).toBe(max);
    expect(tree.nodes.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 9);
  });

  it('names the full scan of orders in plain words', () => {
    const scan = nodeOfType(tree, 'Seq Scan');
    expect(scan.title).toBe('Seq Scan on orders o');
    expect(describeNode(scan)).toBe('reading every row of orders and keeping those that match the filter');
    expect(nodeOfType(tree, 'Index Scan').title).toBe('Index Scan using customers_pkey on customers c');
  });
});
