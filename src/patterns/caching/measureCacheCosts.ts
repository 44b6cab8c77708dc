import { createPgliteNode } from '../../db/pgliteNode';
import { loadDemoDataset } from '../../db/demoDataset';
import { planCostMs } from '../../db/costModel';
import type { DbNode } from '../../db/dbNode';
import { CACHED_QUERIES, CACHING_DATASET, WRITE_SQL, writtenName } from './statements';
import { writeCostsWhenRun } from '../../lab/kit/costsFile';

const round = (ms: number) => Math.round(ms * 1e6) / 1e6;

type CacheCosts = { profile: number; recommendations: number; write: number };

/** Price the cached queries and the write from their real plans on a node holding the lab's dataset. */
export async function cacheCostsOn(node: DbNode): Promise<CacheCosts> {
  // The plan for a typical key: the generic shape is the same for all of them.
  const profile = await node.explain(CACHED_QUERIES.profile.sql, [1]);
  const recommendations = await node.explain(CACHED_QUERIES.recommendations.sql, [1]);
  const write = await node.explain(WRITE_SQL, [1, writtenName(1, 1)]);
  return { profile: round(planCostMs(profile)), recommendations: round(planCostMs(recommendations)), write: round(planCostMs(write)) };
}

/** Boot PGlite with the lab's dataset and price the cached queries and the write from their real plans. */
export async function measureCacheCosts(): Promise<CacheCosts> {
  const node = await createPgliteNode();
  try {
    await loadDemoDataset(node, { customers: CACHING_DATASET.customers }, CACHING_DATASET.seed);
    return await cacheCostsOn(node);
  } finally {
    await node.close();
  }
}

await writeCostsWhenRun(import.meta.url, 'cacheCosts.json', measureCacheCosts, 'indented');
