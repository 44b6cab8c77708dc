import type { SqlBackend } from '../lab/labDefinition';
import type { Cluster } from './cluster';

/** A lab model's view of a cluster for one run: statements counted from zero, failover included. */
export interface ClusterBackend extends SqlBackend {
  applyChanges(node: string, upToLsn: number): Promise<number>;
  promote(node: string): Promise<void>;
  /** Faults on the real nodes (not in SqlBackend yet): a stopped node refuses queries until started. */
  stop(node: string): Promise<void>;
  start(node: string): Promise<void>;
  /** A fresh base backup of the current primary for `node` (a former primary rejoining as a replica). */
  reclone(node: string): Promise<void>;
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
    stop: (node) => cluster.stop(node),
    start: (node) => cluster.start(node),
    reclone: (node) => cluster.reclone(node),
  };
}
