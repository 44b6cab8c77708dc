import { describe, expect, it } from 'vitest';
import { labModelLoaded, lazyModel, loadLabModel, type ModelFactory } from './lazyModel';
import type { AnyLab } from './defineLab';
import { labs } from '../labs';

const fakeModel = (() => ({ tag: 'model' })) as unknown as ModelFactory<object, unknown>;
const ctx = {} as Parameters<ModelFactory<object, unknown>>[0];

describe('a lab model loaded on demand', () => {
  it('refuses to build a run before it is loaded, builds one after, and loads once', async () => {
    let imports = 0;
    const create = lazyModel(async () => {
      imports++;
      return fakeModel;
    });
    const lab = { create } as unknown as AnyLab;
    expect(labModelLoaded(lab)).toBe(false);
    expect(() => create(ctx)).toThrow(/not loaded yet/);
    await Promise.all([loadLabModel(lab), loadLabModel(lab)]);
    expect(labModelLoaded(lab)).toBe(true);
    expect(create(ctx)).toEqual({ tag: 'model' });
    expect(imports).toBe(1);
  });

  it('a failed import (a chunk that could not be fetched) is tried again on the next load', async () => {
    let attempts = 0;
    const create = lazyModel(async () => {
      attempts++;
      if (attempts === 1) throw new Error('Failed to fetch dynamically imported module');
      return fakeModel;
    });
    const lab = { create } as unknown as AnyLab;
    await expect(loadLabModel(lab)).rejects.toThrow(/Failed to fetch/);
    expect(labModelLoaded(lab)).toBe(false);
    await loadLabModel(lab);
    expect(create(ctx)).toEqual({ tag: 'model' });
  });

  it('every lab’s model is loaded on demand (none is in the page’s first load), and the tests have loaded them all', () => {
    for (const lab of labs) {
      expect(typeof (lab.create as { load?: unknown }).load, lab.id).toBe('function');
      expect(labModelLoaded(lab), lab.id).toBe(true);
    }
  });
});
