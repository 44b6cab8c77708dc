import { describe, expect, it } from 'vitest';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, rawInclusiveMs } from './fixtureTesting';

describe('05 InitPlan: an uncorrelated subquery run once', () => {
  const loaded = loadFixture('05-initplan.json');
  const { tree, rawNodes } = loaded;
  const init = tree.nodes.find((n) => n.parentRelationship === 'InitPlan')!;

  it('parses the InitPlan under the node that uses its value, run once', () => {
    expectMatchesRaw(loaded);
    expect(init.subplanName).toBe('InitPlan 1');
    expect(init.parentId).toBe(tree.root.id);
    expect(init.actualLoops).toBe(1);
    expect(tree.root.filter).toBe(rawNodes[0]!.Filter);
  });

  it("subtracts the InitPlan's time from the node that evaluates it (unlike a CTE)", () => {
    expect(tree.root.exclusiveTimeMs).toBeCloseTo(Math.max(0, rawInclusiveMs(rawNodes[0]!) - rawInclusiveMs(rawNodes[init.id]!)), 9);
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });

  it('flags the misestimated filter of the outer scan in the direction PostgreSQL got wrong', () => {
    const raw = rawNodes[0]!;
    const actual = Math.max(1, raw['Actual Rows'] as number);
    const planned = Math.max(1, raw['Plan Rows'] as number);
    expect(tree.root.rowEstimate!.direction).toBe(actual < planned ? 'over' : actual > planned ? 'under' : 'exact');
    expect(tree.root.rowEstimate!.flagged).toBe(Math.max(actual, planned) / Math.min(actual, planned) >= 10);
  });
});
