import { arrivalRateParam, shareParam, timeShapeParam } from '../../lab/commonParams';
import { choices, defineParams, type ParamValuesOf } from '../../lab/params';

/** Parameters of the replication lab (times in ms). */
export const replicationParams = defineParams([
  arrivalRateParam({ default: 100, min: 0.01, max: 5000, step: 1, group: 'Workload', description: 'New sessions per second (Poisson): a writer (write, then read it back) or a plain reader.' }),
  shareParam({ key: 'writeFraction', label: 'Writers', default: 0.2, group: 'Workload', description: 'Share of sessions that update a customer and then read their own change.' }),
  { key: 'readAfterWriteMs', label: 'Read after write', kind: 'number', default: 50, min: 0, max: 60000, step: 1, unit: 'ms', live: true, group: 'Workload', description: 'How long after learning its commit a writer reads its row back (e.g. save a profile, then view it).' },
  { key: 'replicas', label: 'Replicas', kind: 'integer', default: 2, min: 1, max: 5, step: 1, live: false, group: 'Cluster', description: 'Read replicas, each a base backup of the primary; replica-1 is the synchronous standby.' },
  { key: 'routerPolicy', label: 'Read routing', kind: 'enum', default: 'round-robin', options: choices({ 'round-robin': 'Round-robin', random: 'Random', 'least-connections': 'Least connections', 'lowest-lag': 'Lowest lag' }), live: true, group: 'Router', description: 'Which healthy replica serves a read. Writes always go to the primary.' },
  { key: 'readYourWrites', label: 'Read-your-writes', kind: 'enum', default: 'none', options: choices({ none: 'None', 'primary-window': 'Primary for a window', 'wait-for-lsn': 'Replica waits for its LSN' }), live: true, group: 'Router', description: 'How a writer’s read of its own change is protected from replication lag: its reads go to the primary for a window after a write, or the replica waits until it has applied the write’s LSN.' },
  { key: 'primaryWindowMs', label: 'Primary window', kind: 'number', default: 1000, min: 0, max: 600000, step: 10, unit: 'ms', live: true, group: 'Router', description: 'With "primary window": a writer’s reads go to the primary for this long after its commit.' },
  {
    key: 'syncCommit',
    label: 'synchronous_commit',
    kind: 'enum',
    default: 'local',
    options: choices({
      off: 'off (no wait)',
      local: 'local (primary flushed)',
      remote_write: 'remote_write (received)',
      on: 'on (standby flushed)',
      remote_apply: 'remote_apply (applied)',
    }),
    live: true,
    group: 'Replication',
    description: 'What a commit waits for before the client hears "committed"; the synchronous standby is replica-1.',
  },
  { key: 'replicationDelayMs', label: 'Replication delay', kind: 'number', default: 100, min: 0, max: 60000, step: 1, unit: 'ms', logScale: false, live: true, group: 'Replication', description: 'Mean time for a change to travel from the primary to a replica (network and WAL sender).' },
  timeShapeParam({ key: 'replicationDelayDist', label: 'Delay distribution', group: 'Replication', description: 'Shape of each change’s delay around the mean; changes still arrive in LSN order.' }),
  { key: 'applyRatePerS', label: 'Apply rate', kind: 'number', default: 0, min: 0, max: 1000000, step: 10, unit: 'changes/s', live: true, group: 'Replication', description: 'Changes a replica replays per second (0 = unlimited: applied the moment they arrive).' },
  { key: 'healthCheckMs', label: 'Health check every', kind: 'number', default: 1000, min: 10, max: 60000, step: 10, unit: 'ms', live: true, group: 'Failures', description: 'How often the router probes each node.' },
  { key: 'healthCheckFailures', label: 'Failures to mark down', kind: 'integer', default: 3, min: 1, max: 20, step: 1, live: true, group: 'Failures', description: 'Consecutive failed probes before the router marks a node down (reads that hit it before then fail).' },
  { key: 'autoFailover', label: 'Automatic failover', kind: 'boolean', default: true, live: true, group: 'Failures', description: 'When the primary is marked down, promote the most advanced replica (otherwise wait for the "failover" action).' },
]);

/** The replication lab's parameter values, typed from the specs above. */
export type ReplicationParams = ParamValuesOf<typeof replicationParams>;
