import { describe, expect, it } from 'vitest';
import { metricSpecFor } from './metricSpecFor';
import { replicationLab } from '../patterns/replication/lab';
import { cachingLab } from '../patterns/caching/lab';

describe('metricSpecFor', () => {
  it("finds a key's own entry, or its nearest declared parent's with the rest of the key", () => {
    expect(metricSpecFor(replicationLab.metrics, 'staleReadFraction')).toMatchObject({ spec: { label: 'Stale read share', unit: 'fraction' }, part: '' });
    expect(metricSpecFor(replicationLab.metrics, 'lagMs.replica-1.p95')).toMatchObject({ spec: { key: 'lagMs', unit: 'ms' }, part: 'replica-1.p95' });
    expect(metricSpecFor(cachingLab.metrics, 'reads.stale')).toMatchObject({ spec: { key: 'reads.stale' }, part: '' });
    // The nearest parent, whatever the catalog's order.
    const nested = [
      { key: 'a', label: 'A', unit: '', origin: 'simulated' as const, description: '' },
      { key: 'a.b', label: 'AB', unit: '', origin: 'simulated' as const, description: '' },
    ];
    expect(metricSpecFor(nested, 'a.b.c')).toMatchObject({ spec: { key: 'a.b' }, part: 'c' });
    expect(metricSpecFor([...nested].reverse(), 'a.b.c')).toMatchObject({ spec: { key: 'a.b' }, part: 'c' });
    expect(metricSpecFor(cachingLab.metrics, 'latencyMs.p99')).toMatchObject({ spec: { key: 'latencyMs' }, part: 'p99' });
  });

  it('knows nothing of an undeclared key, nor of one that merely starts with a declared one', () => {
    expect(metricSpecFor(cachingLab.metrics, 'nothing.like.it')).toBeNull();
    expect(metricSpecFor(cachingLab.metrics, 'hitRatioSomething')).toBeNull();
  });
});
