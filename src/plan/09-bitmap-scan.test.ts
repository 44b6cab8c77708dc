import { describe, expect, it } from 'vitest';
import { isIndexAccess } from './describeNode';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, nodeOfType } from './fixtureTesting';

describe('09 Bitmap Heap Scan fed by a Bitmap Index Scan', () => {
  const loaded = loadFixture('09-bitmap-scan.json');
  const { tree, rawNodes } = loaded;
  const heap = nodeOfType(tree, 'Bitmap Heap Scan');
  const index = nodeOfType(tree, 'Bitmap Index Scan');

  it('reads the recheck and index conditions and names the index', () => {
    expectMatchesRaw(loaded);
    expect(index.parentId).toBe(heap.id);
    expect(heap.recheckCond).toBe(rawNodes[heap.id]!['Recheck Cond']);
    expect(index.indexCond).toBe(rawNodes[index.id]!['Index Cond']);
    expect(index.title).toBe('Bitmap Index Scan on orders_customer_id_idx');
    expect(heap.title).toBe('Bitmap Heap Scan on orders');
    expect(isIndexAccess(heap) && isIndexAccess(index)).toBe(true);
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });
});
