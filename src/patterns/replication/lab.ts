import { primaryWithReplicas } from '../../cluster/nodeList';
import { defineLab } from '../../lab/defineLab';
import type { NodeSpec } from '../../lab/labDefinition';
import { replicationParams, type ReplicationParams } from './params';
import { replicationMetrics } from './metrics';
import { lazyModel } from '../../lab/lazyModel';
import { REPLICATION_DATASET } from './statements';

// Any node of the cluster: which role it has depends on the moment (a failover changes them), so
// an action on a node in the wrong role is refused by the model when it runs, and logged.
const NODE = { kind: 'node' } as const;
const SESSIONS = { kind: 'integer', min: 0, max: 100000, optional: true } as const;

/** The primary and its `replicas` standbys, replica-1 first (the synchronous standby). */
function replicationCluster(params: ReplicationParams): NodeSpec[] {
  return primaryWithReplicas(params.replicas);
}

/** The replication lab. */
export const replicationLab = defineLab({
  id: 'replication',
  title: 'Replication',
  summary: 'Read/write routing, replication lag, read-your-writes, replica failure and failover, on a real PGlite primary and replicas.',
  lesson:
    'Writes go to the primary, reads to replicas that replay its changes a little later. A writer that reads its own change back too soon from a replica does not see it: the read-your-writes anomaly. Protect it (a primary window, waiting for the write’s LSN, or remote_apply), watch lag under a burst, stop a replica, and fail over: with asynchronous commits, what the promoted replica had not received is lost.',
  params: replicationParams,
  dataset: REPLICATION_DATASET,
  cluster: replicationCluster,
  metrics: replicationMetrics,
  actions: [
    { name: 'stopNode', description: 'Stop a node: { "node": "replica-1" } or { "node": "primary" }.', args: { node: NODE } },
    { name: 'restartNode', description: 'Restart a stopped node: { "node": "replica-1" }; a replica catches up.', args: { node: NODE } },
    { name: 'cutLink', description: 'Cut the replication link primary → replica: { "node": "replica-2" }; its lag grows.', args: { node: NODE } },
    { name: 'healLink', description: 'Heal that link: { "node": "replica-2" }; the replica catches up.', args: { node: NODE } },
    { name: 'failover', description: 'Promote the most advanced replica now: {}.', args: {} },
    { name: 'burst', description: 'Sessions arriving at once: { "writes": N, "reads": M }.', args: { writes: SESSIONS, reads: SESSIONS } },
    { name: 'analyticsQuery', description: 'A long report on a replica holds its replay: { "node": "replica-2", "seconds": 20 }.', args: { node: NODE, seconds: { kind: 'number', min: 0, max: 3600 } } },
  ],
  defaultDurationS: 60,
  defaultWarmupS: 2,
  create: lazyModel(() => import('./model').then((m) => m.createReplicationModel)),
});
