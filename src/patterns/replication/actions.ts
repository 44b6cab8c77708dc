import type { ReplicationNode } from '../../models/replicationNode';
import type { ReplicationModel } from './model';

/** The lab's actions (lab.ts describes each for scenarios). */
const ACTIONS = ['stopNode', 'restartNode', 'cutLink', 'healLink', 'failover', 'burst', 'analyticsQuery'];

/** The node an action names; an unknown name is bad input (thrown). */
function nodeArg(model: ReplicationModel, name: string, args: Record<string, unknown>): ReplicationNode {
  const id = args.node;
  const n = typeof id === 'string' ? model.set.find(id) : undefined;
  if (n === undefined) throw new Error(`${name}: expected "node" to be one of ${model.set.nodes.map((i) => `"${i.id}"`).join(', ')}, found ${JSON.stringify(id)}`);
  return n;
}

/** The replica an action names; a node in another role just now is refused (logged), not thrown. */
function replicaArg(model: ReplicationModel, name: string, args: Record<string, unknown>): ReplicationNode | null {
  const n = nodeArg(model, name, args);
  if (n.role === 'replica') return n;
  model.fault('refused', `${name} refused: ${n.id} is ${n.role === 'retired' ? 'out of the cluster (the primary before a failover)' : 'the primary now'}, not a replica`);
  return null;
}

/** A burst's number of sessions of one kind (0 allowed: a burst may be all writers or all readers). */
function sessionCount(args: Record<string, unknown>, key: string): number {
  const v = args[key] ?? 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100000) throw new Error(`burst: expected "${key}" to be a whole number from 0 to 100000, found ${JSON.stringify(v)}`);
  return v;
}

// Refusals that depend on the moment (not on the arguments) are logged, not thrown: a scripted run goes on.

function stopNode(model: ReplicationModel, args: Record<string, unknown>): void {
  const n = nodeArg(model, 'stopNode', args);
  if (n.role === 'retired') return model.fault('refused', `stopNode refused: ${n.id} was the primary before a failover and is already out of the cluster`);
  if (!n.up) return;
  model.set.stop(n);
  model.fault('fault', `${n.id} stopped`);
}

function restartNode(model: ReplicationModel, args: Record<string, unknown>): void {
  const n = nodeArg(model, 'restartNode', args);
  if (n.role === 'retired') return model.fault('refused', `restartNode refused: ${n.id} was the primary before the failover; its timeline diverged, so it cannot rejoin without a rebuild (pg_rewind)`);
  if (n.up) return;
  model.set.restart(n);
  model.fault('repair', `${n.id} restarted${n.role === 'replica' ? ' and catches up' : ''}`);
}

function burst(model: ReplicationModel, args: Record<string, unknown>): void {
  const writes = sessionCount(args, 'writes');
  const reads = sessionCount(args, 'reads');
  if (writes + reads === 0) throw new Error('burst: expected "writes" or "reads" (a whole number of sessions), found neither');
  model.fault('burst', `burst: ${writes} writers, ${reads} readers`);
  for (let i = 0; i < writes; i++) model.admit('write');
  for (let i = 0; i < reads; i++) model.admit('read');
}

function analyticsQuery(model: ReplicationModel, args: Record<string, unknown>): void {
  const seconds = args.seconds;
  if (typeof seconds !== 'number' || !(seconds > 0 && seconds <= 3600)) throw new Error(`analyticsQuery: expected "seconds" to be a number from 0 to 3600, found ${JSON.stringify(seconds)}`);
  const n = replicaArg(model, 'analyticsQuery', args);
  if (n === null) return;
  const { env } = model;
  n.holdReplay(env.now + seconds * 1000);
  model.fault('fault', `a ${seconds} s report on ${n.id} holds its replay (hot-standby conflict)`);
  env.timeout(seconds * 1000).addCallback(() => n.resumeAfterHold());
}

/** Run one of the lab's actions (a scripted event or a button): faults, repairs, a failover, a burst, a long report. */
export function replicationAction(model: ReplicationModel, name: string, args: Record<string, unknown>): void {
  switch (name) {
    case 'stopNode':
      return stopNode(model, args);
    case 'restartNode':
      return restartNode(model, args);
    case 'cutLink': {
      const n = replicaArg(model, name, args);
      if (n === null) return;
      n.cutLink();
      return model.fault('fault', `link ${model.set.primary.id} → ${n.id} cut`);
    }
    case 'healLink': {
      const n = replicaArg(model, name, args);
      if (n === null) return;
      n.healLink();
      return model.fault('repair', `link ${model.set.primary.id} → ${n.id} healed`);
    }
    case 'failover':
      return model.failover('manual');
    case 'burst':
      return burst(model, args);
    case 'analyticsQuery':
      return analyticsQuery(model, args);
    default:
      throw new Error(`unknown action "${name}"; this lab has: ${ACTIONS.join(', ')}`);
  }
}
