import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataImageName, ensureDataImages, IMAGES_DIR } from './dataImage';
import { createPgliteNode } from './pgliteNode';
import { loadDemoDataset } from './demoDataset';
import type { DbNode } from './dbNode';
import { poolingLab } from '../patterns/pooling/lab';

const TABLES = ['categories', 'customers', 'products', 'orders', 'order_items', 'accounts'];

/** One md5 per table over all its rows in key order: equal checksums, equal data. */
async function checksums(node: DbNode): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const order = table === 'order_items' ? 'order_id, line' : 'id';
    const { rows } = await node.query(`select md5(coalesce(string_agg(t::text, '|' order by ${order}), '')) as sum from ${table} t`);
    out[table] = rows[0]!.sum as string;
  }
  return out;
}

describe('prebuilt data images', () => {
  it('are named by a hash of what shapes them, and boot to exactly the data a cold load gives', async () => {
    const names = await ensureDataImages();
    const name = dataImageName(poolingLab.dataset!);
    expect(names).toContain(name);
    expect(name).toMatch(/^demo-1000-1-[0-9a-f]{12}\.tar\.gz$/);

    const fromImage = await createPgliteNode({ loadDataDir: new Blob([readFileSync(join(IMAGES_DIR, name))]) });
    const cold = await createPgliteNode();
    try {
      await loadDemoDataset(cold, { customers: 1000 }, 1);
      const expected = await checksums(cold);
      expect(await checksums(fromImage)).toEqual(expected);
      expect((await fromImage.query('select count(*)::int as n from customers')).rows[0]).toEqual({ n: 1000 });
    } finally {
      await fromImage.close();
      await cold.close();
    }
  }, 120_000);

  it('change name when the dataset changes', () => {
    expect(dataImageName({ customers: 1000, seed: 1 })).not.toBe(dataImageName({ customers: 1000, seed: 2 }));
    expect(dataImageName({ customers: 1000, seed: 1 })).not.toBe(dataImageName({ customers: 2000, seed: 1 }));
  });
});
