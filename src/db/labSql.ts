import type { LabDefinition, SqlBackend } from '../lab/labDefinition';
import type { ParamValues } from '../lab/params';
import { loadDemoDataset } from './demoDataset';
import type { DbNode } from './dbNode';
import { createPgliteNode } from './pgliteNode';

/** A lab's primary, booted and loaded, as the SQL backend its model uses. */
export interface LabSql extends SqlBackend {
  readonly node: DbNode;
  close(): Promise<void>;
}

/**
 * Boot a PGlite primary with the lab's dataset (or null if the lab runs no SQL). Used by the
 * CLI in Node and by the simulation worker in the browser.
 */
export async function bootLabSql(lab: LabDefinition, params: ParamValues, onProgress?: (label: string) => void): Promise<LabSql | null> {
  if (!lab.dataset || !(lab.needsSql?.(params) ?? true)) return null;
  onProgress?.('Starting PostgreSQL (PGlite)');
  const node = await createPgliteNode({ name: 'primary' });
  onProgress?.(`Loading the demo dataset (${lab.dataset.customers.toLocaleString('en-US')} customers)`);
  await loadDemoDataset(node, { customers: lab.dataset.customers }, lab.dataset.seed);
  return {
    node,
    get statementsRun() {
      return node.statementsRun;
    },
    query: (sql, params) => node.query(sql, params),
    close: () => node.close(),
  };
}
