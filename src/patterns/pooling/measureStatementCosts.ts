import { createPgliteNode } from '../../db/pgliteNode';
import { loadDemoDataset } from '../../db/demoDataset';
import { planCostMs } from '../../db/costModel';
import type { DbNode } from '../../db/dbNode';
import { POOLING_DATASET, statements } from './statements';
import { writeCostsWhenRun } from '../../lab/kit/costsFile';

/** Price every statement from its real plan on a node holding the lab's dataset. */
export async function statementCostsOn(node: DbNode): Promise<Record<string, number>> {
  const costs: Record<string, number> = {};
  for (const s of statements) {
    // The plan for a typical parameter value: the generic shape is the same for all ids.
    const plan = await node.explain(s.sql, s.sql.includes('$1') ? [1] : []);
    costs[s.id] = Math.round(planCostMs(plan) * 1e6) / 1e6;
  }
  return costs;
}

/** Boot PGlite with the lab's dataset and price every statement from its real plan. */
export async function measureStatementCosts(): Promise<Record<string, number>> {
  const node = await createPgliteNode();
  try {
    await loadDemoDataset(node, POOLING_DATASET.scale, POOLING_DATASET.seed);
    return await statementCostsOn(node);
  } finally {
    await node.close();
  }
}

await writeCostsWhenRun(import.meta.url, 'statementCosts.json', measureStatementCosts, 'indented');
