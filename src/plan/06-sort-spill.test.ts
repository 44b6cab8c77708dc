import { describe, expect, it } from 'vitest';
import { describeNode } from './describeNode';
import { expectCostliestFromRaw, expectExclusiveTimesAddUp, expectMatchesRaw, loadFixture, nodeOfType } from './fixtureTesting';

describe('06 sort that spills to disk (work_mem 64kB)', () => {
  const loaded = loadFixture('06-sort-spill.json');
  const { tree, rawNodes } = loaded;
  const sort = nodeOfType(tree, 'Sort');
  const raw = rawNodes[sort.id]!;

  it('reads the sort key, method and space, and knows it spilled', () => {
    expectMatchesRaw(loaded);
    expect(sort.sort!.key).toEqual(raw['Sort Key']);
    expect(sort.sort!.method).toBe(raw['Sort Method']);
    expect(sort.sort!.spaceUsedKb).toBe(raw['Sort Space Used']);
    expect(sort.sort!.spaceType).toBe('Disk');
    expect(sort.sort!.spilled).toBe(true);
    expect(describeNode(sort)).toContain('on disk');
  });

  it('gives the sort its own temp buffers (the scan below wrote none)', () => {
    expect(sort.exclusiveBuffers!.tempWritten).toBe((raw['Temp Written Blocks'] as number) - (raw.Plans![0]!['Temp Written Blocks'] as number));
    expect(sort.exclusiveBuffers!.tempWritten).toBeGreaterThan(0);
    expect(sort.exclusiveBuffers!.sharedHit).toBe(Math.max(0, (raw['Shared Hit Blocks'] as number) - (raw.Plans![0]!['Shared Hit Blocks'] as number)));
    expectExclusiveTimesAddUp(tree);
    expectCostliestFromRaw(loaded);
  });
});
