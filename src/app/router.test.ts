import { describe, expect, it } from 'vitest';
import { embeddedTourHash, labHash, pageKey, routeFor } from './router';

describe('pageKey: another page opens at its top (issue 18, item 6a)', () => {
  it('differs between home, one lab and another lab', () => {
    const keys = ['/', '/lab/mmc', '/lab/replication', '/lab/sharding', '/nowhere'].map((path) => pageKey(routeFor(path)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the same for one lab whatever its address says (seed, t=…): the learner stays where they are', () => {
    expect(pageKey(routeFor('/lab/mmc'))).toBe(pageKey(routeFor('/lab/mmc/')));
  });
});

describe('embedded labs (#/embed/lab/<id>, issue 16)', () => {
  it('open the lab without the chrome, as another page than the lab itself', () => {
    expect(routeFor('/embed/lab/pooling')).toEqual({ name: 'lab', labId: 'pooling', embed: true });
    expect(routeFor('/lab/pooling')).toEqual({ name: 'lab', labId: 'pooling' });
    expect(pageKey(routeFor('/embed/lab/pooling'))).not.toBe(pageKey(routeFor('/lab/pooling')));
  });

  it('keep their address embedded, and refuse what is not a lab', () => {
    expect(labHash('pooling', 'seed=2', true)).toBe('#/embed/lab/pooling?seed=2');
    expect(labHash('pooling', 'seed=2')).toBe('#/lab/pooling?seed=2');
    expect(routeFor('/embed/lab/nope').name).toBe('notFound');
    expect(routeFor('/embed/pooling').name).toBe('notFound');
    expect(routeFor('/embed/lab/%').name).toBe('notFound');
  });
});

describe('embedded tours (#/embed/tour/<scenario>, issue 16)', () => {
  it("stand for the embedded lab with the tour as its scenario, keeping the address's other settings", () => {
    expect(embeddedTourHash('/embed/tour/pooling-tour-pool-runs-dry', new URLSearchParams('speed=5'))).toBe('#/embed/lab/pooling?speed=5&scenario=pooling-tour-pool-runs-dry');
    expect(embeddedTourHash('/embed/tour/pooling-exhaustion', new URLSearchParams())).toBeNull();
    expect(embeddedTourHash('/embed/tour/nope', new URLSearchParams())).toBeNull();
    expect(embeddedTourHash('/embed/lab/pooling', new URLSearchParams())).toBeNull();
  });
});
