import { describe, expect, it } from 'vitest';
import { diffPlans } from './planDiff';
import { expectMatchesRaw, loadFixture } from './fixtureTesting';

describe('12/13 comparison: the same statement before and after an index on orders.customer_id', () => {
  const before = loadFixture('12-before-index.json');
  const after = loadFixture('13-after-index.json');
  const diff = diffPlans(before.tree, after.tree);

  it('parses both plans', () => {
    expectMatchesRaw(before);
    expectMatchesRaw(after);
    expect(before.tree.root.nodeType).toBe('Seq Scan');
    expect(before.tree.root.rowsRemovedByFilter).toBe(before.rawNodes[0]!['Rows Removed by Filter']);
  });

  it('pairs the scans of orders and names the change of node type', () => {
    const scan = diff.changes.find((c) => c.before?.nodeType === 'Seq Scan')!;
    expect(scan.kind).toBe('changed');
    expect(scan.after!.relationName).toBe('orders');
    expect(scan.typeChange).toEqual({ from: 'Seq Scan', to: after.tree.root.nodeType });
    expect(scan.summary).toBe(`Seq Scan → ${after.tree.root.nodeType} on orders`);
    expect(scan.rows).toEqual({ before: before.tree.root.actualRowsTotal, after: after.tree.root.actualRowsTotal });
    expect(scan.timeMs).toEqual({ before: before.tree.root.inclusiveTimeMs, after: after.tree.root.inclusiveTimeMs });
  });

  it('lists the index scan as added and the execution times of both runs', () => {
    const added = diff.changes.filter((c) => c.kind === 'added');
    expect(added.map((c) => c.after!.indexName)).toEqual(after.tree.nodes.slice(1).map((n) => n.indexName));
    expect(diff.notable.length).toBe(1 + added.length);
    expect(diff.executionTimeMs).toEqual({ before: before.rawTop['Execution Time'], after: after.rawTop['Execution Time'] });
    expect(diff.totalCost).toEqual({ before: before.rawNodes[0]!['Total Cost'], after: after.rawNodes[0]!['Total Cost'] });
  });

  it('finds nothing notable between a plan and itself', () => {
    const same = diffPlans(after.tree, after.tree);
    expect(same.notable).toEqual([]);
    expect(same.changes.every((c) => c.kind === 'same')).toBe(true);
  });
});
