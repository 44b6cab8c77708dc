import { readFileSync } from 'node:fs';
import type { DbNode } from './dbNode';
import { ensureDataImage } from './dataImage';
import { createPgliteNode } from './pgliteNode';

/**
 * A PGlite node holding a dataset, booted from its prebuilt data image: about a second instead of
 * initdb plus the data load (tens of seconds on a loaded 2-core machine). It is how the app's nodes
 * boot, and holds the data a cold load gives (src/db/dataImage.test.ts), so plans measured on it
 * are the ones the app's runs see. For tests.
 */
export async function bootFromDataImage(dataset: { customers: number; seed: number }): Promise<DbNode> {
  const path = await ensureDataImage(dataset);
  return createPgliteNode({ loadDataDir: new Blob([readFileSync(path)]) });
}
