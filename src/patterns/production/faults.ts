import type { ActionSpec } from '../../lab/labDefinition';
import type { StackSystem } from './model';

/** The faults (and their repairs) a scenario may script and the view's buttons run. */
export const PRODUCTION_ACTIONS: readonly ActionSpec[] = [
  { name: 'stopNode', description: 'A database node stops: { "node": "primary" } or a replica. The router notices after its health checks; a stopped primary fails over.', args: { node: { kind: 'node' } } },
  { name: 'restartNode', description: 'A stopped node starts again (a replica catches up): { "node": … }.', args: { node: { kind: 'node' } } },
  { name: 'failover', description: 'Promote the most advanced replica now (a manual failover).' },
  { name: 'cacheCrash', description: 'The cache process dies: every entry (and the write-behind queue) is lost, and it answers nothing for { "seconds": N }.', args: { seconds: { kind: 'number', min: 0.1, max: 3600 } } },
  { name: 'cacheFlush', description: 'FLUSHALL: every cache entry is dropped at once (the cache stays up).' },
  { name: 'trafficSpike', description: 'The arrival rate is multiplied by { "factor": F } for { "seconds": N }.', args: { factor: { kind: 'number', min: 1, max: 100 }, seconds: { kind: 'number', min: 0.1, max: 3600 } } },
  { name: 'dropIndex', description: 'A slow query: the index reads use is dropped (a migration gone wrong); reads scan.' },
  { name: 'createIndex', description: 'The index is created again (the fix of dropIndex).' },
  { name: 'connectionLeak', description: 'A deploy leaks connections: { "fraction": f } of borrows are never given back.', args: { fraction: { kind: 'number', min: 0, max: 1 } } },
  { name: 'fixLeak', description: 'The fix is deployed: borrows are given back again (leaked connections stay checked out until the application restarts).' },
];

function num(args: Record<string, unknown>, key: string): number {
  const v = args[key];
  if (typeof v !== 'number') throw new Error(`expected "${key}" to be a number, found ${JSON.stringify(v)}`);
  return v;
}

function nodeArg(s: StackSystem, name: string, args: Record<string, unknown>) {
  const id = args.node;
  const n = typeof id === 'string' ? s.set.find(id) : undefined;
  if (n === undefined) throw new Error(`${name}: expected "node" to be one of ${s.set.nodes.map((i) => `"${i.id}"`).join(', ')}, found ${JSON.stringify(id)}`);
  return n;
}

function cacheCrash(s: StackSystem, seconds: number): void {
  if (!s.cache) return s.fault('fault', 'cacheCrash: this stack has no cache');
  const entries = s.cache.clear();
  const lost = s.batch ? s.batch.crash().length : 0;
  s.stats.counts.batchLostWrites += lost;
  s.cacheDownUntil = s.env.now + seconds * 1000;
  s.fault('fault', `cache crashed: ${entries} entries${s.batch ? ` and ${lost} queued writes` : ''} lost; down for ${seconds} s`);
  s.env.timeout(seconds * 1000).addCallback(() => s.fault('repair', 'cache back, empty'));
}

function trafficSpike(s: StackSystem, factor: number, seconds: number): void {
  s.spikeFactor = factor;
  s.fault('fault', `traffic spike: ${factor}× the arrival rate for ${seconds} s`);
  s.env.timeout(seconds * 1000).addCallback(() => {
    s.spikeFactor = 1;
    s.fault('repair', 'traffic back to normal');
  });
}

/** Run one fault or repair. Refusals that depend on the moment are logged, not thrown. */
export function productionAction(s: StackSystem, name: string, args: Record<string, unknown>): void {
  switch (name) {
    case 'stopNode': {
      const n = nodeArg(s, name, args);
      if (n.role === 'retired' || !n.up) return s.fault('fault', `stopNode: ${n.id} is already out`);
      s.set.stop(n);
      return s.fault('fault', `${n.id} stopped`);
    }
    case 'restartNode': {
      const n = nodeArg(s, name, args);
      if (n.role === 'retired') return s.fault('fault', `restartNode refused: ${n.id} was the primary before the failover and needs a rebuild`);
      if (n.up) return;
      s.set.restart(n);
      return s.fault('repair', `${n.id} restarted`);
    }
    case 'failover':
      return s.failover('manual');
    case 'cacheCrash':
      return cacheCrash(s, num(args, 'seconds'));
    case 'cacheFlush':
      return s.fault('fault', `cache flushed: ${s.cache ? s.cache.clear() : 0} entries dropped`);
    case 'trafficSpike':
      return trafficSpike(s, num(args, 'factor'), num(args, 'seconds'));
    case 'dropIndex':
      s.indexDropped = true;
      return s.fault('fault', 'index dropped: reads scan the table');
    case 'createIndex':
      s.indexDropped = false;
      return s.fault('repair', 'index created again');
    case 'connectionLeak':
      s.leakOverride = num(args, 'fraction');
      return s.fault('fault', `connection leak: ${s.leakOverride * 100} % of borrows never given back`);
    case 'fixLeak':
      s.leakOverride = 0;
      return s.fault('repair', `leak fixed; ${s.pool?.leakedCount ?? 0} connections stay leaked until a restart`);
    default:
      throw new Error(`unknown action "${name}"; this lab has: ${PRODUCTION_ACTIONS.map((a) => a.name).join(', ')}`);
  }
}
