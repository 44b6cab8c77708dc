import { describe, expect, it } from 'vitest';
import { pageKey, routeFor } from './router';

describe('pageKey: another page opens at its top (issue 18, item 6a)', () => {
  it('differs between home, one lab and another lab', () => {
    const keys = ['/', '/lab/mmc', '/lab/replication', '/lab/sharding', '/nowhere'].map((path) => pageKey(routeFor(path)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the same for one lab whatever its address says (seed, t=…): the learner stays where they are', () => {
    expect(pageKey(routeFor('/lab/mmc'))).toBe(pageKey(routeFor('/lab/mmc/')));
  });
});
