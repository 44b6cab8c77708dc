import { describe, expect, it } from 'vitest';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, rawInclusiveMs } from './fixtureTesting';

describe('04 SubPlan: a correlated subquery run once per outer row', () => {
  const loaded = loadFixture('04-subplan.json');
  const { tree, rawNodes } = loaded;
  const sub = tree.nodes.find((n) => n.parentRelationship === 'SubPlan')!;

  it('parses the SubPlan under the node that evaluates it, with one loop per row of that node', () => {
    expectMatchesRaw(loaded);
    expect(sub.subplanName).toBe('SubPlan 1');
    expect(sub.parentId).toBe(tree.root.id);
    expect(sub.actualLoops).toBe(tree.root.actualRowsTotal);
    expect(sub.estimatedLoops).toBe(Math.max(1, tree.root.planRows));
  });

  it("subtracts the SubPlan's time (all loops) from the evaluating node", () => {
    const raw = rawNodes[0]!;
    expect(tree.root.exclusiveTimeMs).toBeCloseTo(Math.max(0, rawInclusiveMs(raw) - rawInclusiveMs(rawNodes[sub.id]!)), 9);
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });

  it('flags per-loop row estimates off by 10× or more, and only those', () => {
    for (const node of tree.nodes) {
      const raw = rawNodes[node.id]!;
      const a = Math.max(1, raw['Actual Rows'] as number);
      const e = Math.max(1, raw['Plan Rows'] as number);
      expect(node.rowEstimate!.factor).toBeCloseTo(Math.max(a, e) / Math.min(a, e), 9);
      expect(node.rowEstimate!.flagged).toBe(Math.max(a, e) / Math.min(a, e) >= 10);
      expect(node.rowEstimate!.direction).toBe(a > e ? 'under' : a < e ? 'over' : 'exact');
    }
  });
});
