import { partParam } from '../../lab/commonParams';
import { choices, defineParams, type ParamValuesOf } from '../../lab/params';
import { cachingParams } from '../caching/params';
import { poolingParams } from '../pooling/params';
import { replicationParams } from '../replication/params';

/**
 * Parameters of the production stack (times in ms). Each part's parameters carry its prefix and
 * the name, range and meaning they have in the part's own lab (`pool.poolMax` is the pooling lab's
 * `poolMax`, read from its spec by `partParam` where only the group or default differ); each part can be switched off: `pool.pooling` off, `replication.replicas` = 0,
 * `cache.strategy` = none, `batch.method` = none.
 */
export const productionParams = defineParams([
  { key: 'arrivalRate', label: 'Arrival rate', kind: 'number', default: 600, min: 0.1, max: 20000, step: 1, unit: 'req/s', logScale: true, live: true, group: 'Workload', description: 'Requests per second, as a Poisson stream (faults add spikes).' },
  { key: 'writeFraction', label: 'Writes', kind: 'number', default: 0.1, min: 0, max: 1, step: 0.01, live: true, group: 'Workload', description: 'Share of requests that update a row (and then read it back after `replication.readAfterWriteMs`); the rest read one.' },
  { key: 'keys', label: 'Rows in play', kind: 'integer', default: 1000, min: 1, max: 100000, step: 1, unit: 'rows', live: false, group: 'Workload', description: 'Distinct rows requests touch, Zipf-popular (exponent 1): a few hot rows get most traffic.' },
  { key: 'networkRttMs', label: 'Database round trip', kind: 'number', default: 0.5, min: 0, max: 200, step: 0.1, unit: 'ms', live: true, group: 'Workload', description: 'One statement sent to the database and its answer back (0 = none).' },
  { key: 'slo.p99Ms', label: 'SLO: p99 latency', kind: 'number', default: 100, min: 1, max: 60000, step: 1, unit: 'ms', live: true, group: 'SLO', description: 'The service level objective: 99 % of requests within this, each second and over the run.' },
  { key: 'slo.errorRate', label: 'SLO: error rate', kind: 'number', default: 0.01, min: 0, max: 1, step: 0.001, live: true, group: 'SLO', description: 'The most failed requests the objective allows, as a share, each second and over the run.' },

  { key: 'pool.pooling', label: 'Use a pool', kind: 'boolean', default: true, live: false, group: 'Pool', description: 'Off: every request opens its own connection (pool.connectMs) and closes it afterwards.' },
  partParam('pool.', poolingParams, 'poolMin'),
  partParam('pool.', poolingParams, 'poolMax', { default: 20 }),
  partParam('pool.', poolingParams, 'borrowTimeoutMs', { default: 1000 }),
  partParam('pool.', poolingParams, 'connectMs'),
  { key: 'pool.leakRate', label: 'Leak rate', kind: 'number', default: 0, min: 0, max: 1, step: 0.001, live: true, group: 'Pool', description: 'Fraction of borrows the application never gives back (a missing close()); the connectionLeak fault raises it.' },

  { key: 'query.serviceMs', label: 'Query time', kind: 'number', default: 10, min: 0.01, max: 60000, step: 0.01, unit: 'ms', logScale: true, live: true, group: 'Query', description: 'Mean database time of one indexed statement (CPU and I/O).' },
  partParam('query.', poolingParams, 'serviceDist'),
  { key: 'query.writeServiceMs', label: 'Write time', kind: 'number', default: 10, min: 0.01, max: 60000, step: 0.01, unit: 'ms', logScale: true, live: true, group: 'Query', description: 'Mean database time of one write statement, before its commit (same distribution as query time).' },
  { key: 'query.indexes', label: 'Indexes', kind: 'boolean', default: true, live: true, group: 'Query', description: "Off: reads scan instead of using the index; each costs as many times more as the query lab's real plans measure (orders by customer, without and with the index)." },
  { key: 'query.statementsPerRead', label: 'Statements per read', kind: 'integer', default: 1, min: 1, max: 200, step: 1, live: true, group: 'Query', description: 'Statements a read sends one after the other: 1 is one query; 1 + N is the N+1 antipattern (a list, then one query per item).' },
  { key: 'db.cores', label: 'Database cores', kind: 'integer', default: 2, min: 1, max: 128, step: 1, live: true, group: 'Database', description: 'Cores of each node; statements beyond them share the CPUs (the pooling lab’s contention model).' },
  { key: 'db.ioFraction', label: 'I/O share of query time', kind: 'number', default: 0.3, min: 0, max: 0.95, step: 0.05, live: true, group: 'Database', description: 'Part of each statement spent waiting on I/O, which uses no CPU.' },
  { key: 'db.maxConnections', label: 'max_connections', kind: 'integer', default: 100, min: 1, max: 10000, step: 1, live: true, group: 'Database', description: 'The primary refuses connections beyond this: "sorry, too many clients already".' },

  { key: 'replication.replicas', label: 'Replicas', kind: 'integer', default: 2, min: 0, max: 3, step: 1, live: false, group: 'Replication', description: 'Read replicas behind the router (0: the primary alone serves everything; at most 3 here, where the diagram has room for them).' },
  partParam('replication.', replicationParams, 'routerPolicy', { group: 'Replication' }),
  { key: 'replication.readYourWrites', label: 'Read-your-writes', kind: 'enum', default: 'primary-window', options: choices({ none: 'None', 'primary-window': 'Primary for a window', 'wait-for-lsn': 'Replica waits for its LSN' }), live: true, group: 'Replication', description: 'How a writer’s read of its own change is protected from replication lag.' },
  partParam('replication.', replicationParams, 'primaryWindowMs', { default: 2000, group: 'Replication' }),
  { key: 'replication.readAfterWriteMs', label: 'Read after write', kind: 'number', default: 50, min: 0, max: 60000, step: 1, unit: 'ms', live: true, group: 'Replication', description: 'How long after its commit a writer reads its row back.' },
  partParam('replication.', replicationParams, 'syncCommit'),
  { key: 'replication.replicationDelayMs', label: 'Replication delay', kind: 'number', default: 1000, min: 0, max: 60000, step: 1, unit: 'ms', live: true, group: 'Replication', description: 'Mean time for a change to reach a replica (the seed’s 1–2 s of lag).' },
  partParam('replication.', replicationParams, 'replicationDelayDist', {
    default: 'constant',
    description: 'Shape of each change’s delay around the mean; changes still arrive in LSN order (so a long delay holds back those behind it).',
  }),
  partParam('replication.', replicationParams, 'healthCheckMs', { group: 'Replication' }),
  partParam('replication.', replicationParams, 'healthCheckFailures', { group: 'Replication', description: 'Consecutive failed probes before the router marks a node down.' }),
  { key: 'replication.autoFailover', label: 'Automatic failover', kind: 'boolean', default: true, live: true, group: 'Replication', description: 'When the primary is marked down, promote the most advanced replica.' },

  { key: 'cache.strategy', label: 'Cache', kind: 'enum', default: 'cache-aside', options: choices({ none: 'No cache', 'cache-aside': 'Cache-aside' }), live: false, group: 'Cache', description: 'Cache-aside: a read asks the cache first and on a miss reads the database and fills it; a write invalidates its row.' },
  partParam('cache.', cachingParams, 'ttlMs'),
  { key: 'cache.capacity', label: 'Capacity', kind: 'integer', default: 200, min: 0, max: 100000, step: 1, unit: 'entries', live: true, group: 'Cache', description: 'Most entries held (LRU eviction; 0 = unbounded).' },
  { key: 'cache.cacheMs', label: 'Cache round trip', kind: 'number', default: 0.5, min: 0, max: 100, step: 0.05, unit: 'ms', live: true, group: 'Cache', description: 'A request to the cache and its answer back.' },

  { key: 'batch.method', label: 'Batch writer', kind: 'enum', default: 'none', options: choices({ none: 'None', 'write-behind': 'Write-behind' }), live: false, group: 'Batch', description: 'Write-behind: a write is acknowledged once queued; a batch writer sends the queue to the primary as one multi-row statement every flush interval.' },
  { key: 'batch.flushIntervalMs', label: 'Flush interval', kind: 'number', default: 200, min: 1, max: 600000, step: 10, unit: 'ms', live: true, group: 'Batch', description: 'Time between the batch writer’s flushes.' },
  { key: 'batch.flushBatch', label: 'Flush batch', kind: 'integer', default: 500, min: 1, max: 10000, step: 1, unit: 'writes', live: true, group: 'Batch', description: 'Most writes one batch statement carries.' },
]);

/** The production stack's parameter values, typed from the specs above. */
export type ProductionParams = ParamValuesOf<typeof productionParams>;

/** poolMin ≤ poolMax, as in the pooling lab. */
export function crossCheckProduction(params: ProductionParams): { key: string; message: string }[] {
  if (!params['pool.pooling']) return [];
  const min = params['pool.poolMin'];
  const max = params['pool.poolMax'];
  return min > max ? [{ key: 'pool.poolMin', message: `expected at most pool.poolMax (${max}), found ${min}` }] : [];
}
