import { labNodes } from '../cluster/labNodes';
import type { SqlBackend } from '../lab/labDefinition';
import type { AnyLab } from '../lab/defineLab';
import type { ParamValues } from '../lab/params';
import { Cluster } from '../cluster/cluster';
import { clusterBackend } from '../cluster/clusterBackend';
import { inProcessNodes } from '../cluster/inProcessNodes';
import type { DbNode } from './dbNode';

/** A lab's cluster (the nodes its `cluster(params)` lists; default one primary), as the SQL backend its model uses. */
export interface LabSql extends SqlBackend {
  /** The current primary (in a cluster of shards only, the first shard). */
  readonly node: DbNode;
  readonly cluster: Cluster;
  applyChanges(node: string, upToLsn: number): Promise<number>;
  promote(node: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boot a lab's cluster in this process (or null if the lab runs no SQL): the nodes
 * `lab.cluster(params)` lists, as they are. Used by the CLI, tests and benchmarks in Node; the
 * simulation worker boots worker nodes from the same list.
 */
export async function bootLabSql(lab: AnyLab, params: ParamValues, onProgress?: (label: string) => void): Promise<LabSql | null> {
  if (!lab.dataset || !(lab.needsSql?.(params) ?? true)) return null;
  const cluster = await Cluster.boot(inProcessNodes, lab.dataset, labNodes(lab, params), { onProgress });
  const backend = clusterBackend(cluster);
  return {
    cluster,
    get node(): DbNode {
      return cluster.nodeHandle(cluster.primary);
    },
    get statementsRun() {
      return backend.statementsRun;
    },
    query: backend.query,
    applyChanges: backend.applyChanges,
    promote: backend.promote,
    close: () => cluster.close(),
  };
}
