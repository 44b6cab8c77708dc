import type { ParamValue } from '../../lab/params';
import type { ProductionParams } from './params';

/** A part's own lab, opened with the settings the part has in the stack. */
export interface OwnLab {
  part: string;
  lab: string;
  params: Record<string, ParamValue>;
}

const REPLICATION_MAX_RATE = 5000;

/**
 * Each part of the stack as its own lab would run it: the same settings under the lab's own names
 * (the mapping composition.test.ts proves for the pool and the router with its replicas).
 */
export function ownLabs(p: ProductionParams): OwnLab[] {
  const labs: OwnLab[] = [
    {
      part: 'Pool',
      lab: 'pooling',
      params: {
        arrivalRate: p.arrivalRate,
        pooling: p['pool.pooling'],
        poolMin: p['pool.poolMin'],
        poolMax: p['pool.poolMax'],
        borrowTimeoutMs: p['pool.borrowTimeoutMs'],
        connectMs: p['pool.connectMs'],
        leakRate: p['pool.leakRate'],
        serviceMs: p['query.serviceMs'],
        serviceDist: p['query.serviceDist'],
        dbCores: p['db.cores'],
        dbIoFraction: p['db.ioFraction'],
        dbMaxConnections: p['db.maxConnections'],
      },
    },
  ];
  if (p['replication.replicas'] > 0) {
    labs.push({
      part: 'Router and replicas',
      lab: 'replication',
      params: {
        arrivalRate: Math.min(p.arrivalRate, REPLICATION_MAX_RATE),
        writeFraction: p.writeFraction,
        readAfterWriteMs: p['replication.readAfterWriteMs'],
        replicas: p['replication.replicas'],
        routerPolicy: p['replication.routerPolicy'],
        readYourWrites: p['replication.readYourWrites'],
        primaryWindowMs: p['replication.primaryWindowMs'],
        syncCommit: p['replication.syncCommit'],
        replicationDelayMs: p['replication.replicationDelayMs'],
        replicationDelayDist: p['replication.replicationDelayDist'],
        healthCheckMs: p['replication.healthCheckMs'],
        healthCheckFailures: p['replication.healthCheckFailures'],
        autoFailover: p['replication.autoFailover'],
      },
    });
  }
  if (p['cache.strategy'] !== 'none') {
    labs.push({ part: 'Cache', lab: 'caching', params: { strategy: p['cache.strategy'], ttlMs: p['cache.ttlMs'], capacity: p['cache.capacity'], cacheMs: p['cache.cacheMs'], arrivalRate: p.arrivalRate } });
  }
  labs.push({ part: 'Indexes and N+1', lab: 'query', params: {} });
  if (p['batch.method'] !== 'none') labs.push({ part: 'Batch writer', lab: 'batch', params: {} });
  return labs;
}

/** The app's address of a lab with these parameters. */
export function ownLabAddress(own: OwnLab): string {
  const q = new URLSearchParams(Object.entries(own.params).map(([k, v]) => [k, String(v)]));
  const query = q.toString();
  return `#/lab/${own.lab}${query ? `?${query}` : ''}`;
}

/** Which part of the stack each node of the diagram belongs to. */
function partOfNode(nodeId: string): string | null {
  if (nodeId === 'pool') return 'Pool';
  if (nodeId === 'router' || nodeId.startsWith('replica-')) return 'Router and replicas';
  if (nodeId === 'cache') return 'Cache';
  if (nodeId === 'batch') return 'Batch writer';
  if (nodeId === 'primary') return 'Indexes and N+1';
  return null;
}

/** A node's own lab, with the settings its part has in the stack (the node details link to it). */
export function ownLabOfNode(nodeId: string, p: ProductionParams): { label: string; href: string } | null {
  const part = partOfNode(nodeId);
  const own = part === null ? undefined : ownLabs(p).find((o) => o.part === part);
  return own === undefined ? null : { label: `${own.part} in its own lab`, href: ownLabAddress(own) };
}
