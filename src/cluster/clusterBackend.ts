import type { SqlBackend } from '../lab/labDefinition';
import type { Cluster } from './cluster';

/** A lab model's view of a cluster for one run: statements counted from zero, failover included. */
export interface ClusterBackend extends SqlBackend {
  applyChanges(node: string, upToLsn: number): Promise<number>;
  promote(node: string): Promise<void>;
}

/** The {@link SqlBackend} a run's model gets: `query` on any node, change shipping and failover. */
export function clusterBackend(cluster: Cluster): ClusterBackend {
  let statementsRun = 0;
  return {
    get statementsRun() {
      return statementsRun;
    },
    async query(sql, params, node) {
      const result = await cluster.query(sql, params, node ?? cluster.primary);
      statementsRun++;
      return result;
    },
    applyChanges: (node, upToLsn) => cluster.applyChanges(node, upToLsn),
    async promote(node) {
      await cluster.promote(node);
    },
  };
}
