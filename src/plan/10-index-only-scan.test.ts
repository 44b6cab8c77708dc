import { describe, expect, it } from 'vitest';
import { expectMatchesRaw, loadFixture } from './fixtureTesting';

describe('10 Index Only Scan', () => {
  const loaded = loadFixture('10-index-only-scan.json');
  const { tree, rawNodes } = loaded;

  it('reads heap fetches and the index condition; a single node has all the time', () => {
    expectMatchesRaw(loaded);
    expect(tree.root.nodeType).toBe('Index Only Scan');
    expect(tree.root.heapFetches).toBe(rawNodes[0]!['Heap Fetches']);
    expect(tree.root.indexCond).toBe(rawNodes[0]!['Index Cond']);
    expect(tree.costliest).toBe(tree.root);
    expect(tree.root.exclusiveTimeMs).toBe(tree.root.inclusiveTimeMs);
    expect(tree.root.share).toBe(1);
  });
});
