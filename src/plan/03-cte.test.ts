import { describe, expect, it } from 'vitest';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, nodeOfType, rawInclusiveMs } from './fixtureTesting';

describe('03 CTE: an InitPlan named "CTE …" read by a CTE Scan', () => {
  const loaded = loadFixture('03-cte.json');
  const { tree, rawNodes } = loaded;
  const cte = tree.nodes.find((n) => n.subplanName === 'CTE per_customer')!;
  const scan = nodeOfType(tree, 'CTE Scan');

  it('keeps the CTE under the node it is attached to and links the CTE Scan by name', () => {
    expectMatchesRaw(loaded);
    expect(cte.parentRelationship).toBe('InitPlan');
    expect(cte.parentId).toBe(tree.root.id);
    expect(cte.title).toBe('HashAggregate');
    expect(scan.cteName).toBe('per_customer');
    expect(scan.title).toBe('CTE Scan on per_customer p');
  });

  it('charges the CTE time to the CTE Scan, not to the node it is attached to', () => {
    const rawRoot = rawNodes[0]!;
    const notCte = rawRoot.Plans!.filter((c) => c['Parent Relationship'] !== 'InitPlan');
    expect(tree.root.exclusiveTimeMs).toBeCloseTo(Math.max(0, rawInclusiveMs(rawRoot) - notCte.reduce((s, c) => s + rawInclusiveMs(c), 0)), 9);
    const rawScan = rawNodes[scan.id]!;
    expect(scan.exclusiveTimeMs).toBeCloseTo(Math.max(0, rawInclusiveMs(rawScan) - rawInclusiveMs(rawNodes[cte.id]!)), 9);
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });

  it('counts the CTE cost where the planner adds it: in the node it is attached to', () => {
    const childCost = tree.root.children.reduce((s, c) => s + c.totalCost, 0);
    expect(tree.root.exclusiveCost).toBeCloseTo(Math.max(0, tree.root.totalCost - childCost), 9);
  });
});
