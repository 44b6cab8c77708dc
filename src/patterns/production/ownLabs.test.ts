import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../lab/params';
import { findLab } from '../../labs';
import { ownLabAddress, ownLabOfNode, ownLabs } from './ownLabs';
import { productionParams, type ProductionParams } from './params';

describe("each part's own lab", () => {
  it('opens with settings its lab accepts, whatever the stack has (every part on, at the largest values)', () => {
    const defaults = resolveParams(productionParams, {});
    if (!defaults.ok) throw new Error('defaults');
    const p = { ...defaults.values, arrivalRate: 20000, 'batch.method': 'write-behind', 'pool.poolMax': 500, 'pool.poolMin': 500 } as ProductionParams;
    const labs = ownLabs(p);
    expect(labs.map((l) => l.lab)).toEqual(['pooling', 'replication', 'caching', 'query', 'batch']);
    for (const own of labs) {
      const lab = findLab(own.lab)!;
      const checked = resolveParams(lab.params, own.params);
      expect(checked.ok ? [] : checked.issues, own.lab).toEqual([]);
    }
    expect(ownLabAddress(labs[0]!)).toMatch(/^#\/lab\/pooling\?arrivalRate=20000&pooling=true&poolMin=500/);
    expect(ownLabAddress(labs[3]!)).toBe('#/lab/query');
  });

  it('has no replication lab for a primary alone, nor a cache lab without a cache', () => {
    const defaults = resolveParams(productionParams, { 'replication.replicas': 0, 'cache.strategy': 'none' });
    if (!defaults.ok) throw new Error('defaults');
    expect(ownLabs(defaults.values as ProductionParams).map((l) => l.lab)).toEqual(['pooling', 'query']);
  });

  it("links a node of the diagram to its part's lab, and a node no lab is about to none", () => {
    const defaults = resolveParams(productionParams, {});
    if (!defaults.ok) throw new Error('defaults');
    const p = defaults.values as ProductionParams;
    const labOf = (id: string) => ownLabOfNode(id, p)?.href.split('?')[0] ?? null;
    expect(['pool', 'router', 'replica-2', 'cache', 'primary', 'clients'].map(labOf)).toEqual(['#/lab/pooling', '#/lab/replication', '#/lab/replication', '#/lab/caching', '#/lab/query', null]);
    expect(ownLabOfNode('pool', p)).toEqual({ label: 'Pool in its own lab', href: ownLabAddress(ownLabs(p)[0]!) });
    // No batch writer in the stack: its node is not drawn, and would link nowhere.
    expect(ownLabOfNode('batch', p)).toBeNull();
  });
});
