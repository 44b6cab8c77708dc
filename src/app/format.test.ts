import { describe, expect, it } from 'vitest';
import { unitAfter } from './format';
import { labs } from '../labs';

describe('unitAfter', () => {
  it('says a count unit in the singular after exactly 1, and leaves every other unit and value alone', () => {
    expect(unitAfter(1, 'loads')).toBe('load');
    expect(unitAfter(1, 'entries')).toBe('entry');
    expect(unitAfter(2, 'loads')).toBe('loads');
    expect(unitAfter(1.5, 'rows')).toBe('rows');
    expect(unitAfter(0, 'rows')).toBe('rows');
    expect(unitAfter(1, 'ms')).toBe('ms');
    expect(unitAfter(1, 'req/s')).toBe('req/s');
  });

  it("knows every plural count unit of the labs' metric catalogs", () => {
    // A unit ending in "s" that is not a rate or a time is a count: it must have its singular.
    const notCounts = new Set(['ms', 's', 'bytes']);
    const units = new Set(labs.flatMap((lab) => lab.metrics.map((m) => m.unit)));
    const missing = [...units].filter((u) => u.endsWith('s') && !u.includes('/') && !notCounts.has(u) && unitAfter(1, u) === u);
    expect(missing).toEqual([]);
  });
});
