import type { SqlBackend } from '../../lab/labDefinition';
import type { ShardingModel } from './model';
import type { ShardNode } from './shardNode';

/** The lab's actions (lab.ts describes each for scenarios and buttons). */
const ACTIONS = ['addShard', 'splitShard', 'stopShard', 'startShard', 'crashCoordinator', 'recoverCoordinator'];

/** A cluster backend that can stop and start a real node (the lab's cluster does; a bare SqlBackend may not). */
type StoppableBackend = SqlBackend & { stop?(node: string): Promise<void>; start?(node: string): Promise<void> };

/** The shard an action names; an unknown id is bad input (thrown). */
function shardArg(model: ShardingModel, name: string, args: Record<string, unknown>): ShardNode {
  const id = args.node;
  const node = model.nodes.find((n) => n.id === id);
  if (node === undefined) throw new Error(`${name}: expected "node" to be one of ${model.nodes.map((n) => `"${n.id}"`).join(', ')}, found ${JSON.stringify(id)}`);
  return node;
}

/** Stop or start the real node too, after the lab's statements already queued for it. */
function realNode(model: ShardingModel, node: ShardNode, verb: 'stop' | 'start'): void {
  const backend = model.sql.backend as StoppableBackend | null;
  const call = backend?.[verb];
  if (backend === null || call === undefined) return;
  const work = model.sql.on(node.id, () => call.call(backend, node.id), undefined);
  const { env } = model;
  env.process(
    (function* () {
      yield env.external(work, undefined);
    })(),
    verb,
  );
}

// Refusals that depend on the moment (not on the arguments) are logged, not thrown: a scripted run goes on.

function stopShard(model: ShardingModel, args: Record<string, unknown>): void {
  const node = shardArg(model, 'stopShard', args);
  if (!node.up) return;
  node.up = false;
  model.note('fault', `${node.id} stopped: its keys are unavailable${node.prepared.size > 0 ? `; its ${node.prepared.size} prepared transaction(s) survive on disk` : ''}`);
  realNode(model, node, 'stop');
}

function startShard(model: ShardingModel, args: Record<string, unknown>): void {
  const node = shardArg(model, 'startShard', args);
  if (node.up) return;
  node.up = true;
  model.note('repair', `${node.id} started again${node.prepared.size > 0 ? ` with ${node.prepared.size} prepared transaction(s) still in doubt` : ''}`);
  realNode(model, node, 'start');
}

/** Run one of the lab's actions (a scripted event or a button). */
export function shardingAction(model: ShardingModel, name: string, args: Record<string, unknown>): void {
  switch (name) {
    case 'addShard':
      return model.resharding.begin(model.placement.shardCount + 1, 'addShard');
    case 'splitShard':
      return model.resharding.split(shardArg(model, 'splitShard', args).index);
    case 'stopShard':
      return stopShard(model, args);
    case 'startShard':
      return startShard(model, args);
    case 'crashCoordinator':
      return model.coordinator.crash();
    case 'recoverCoordinator':
      return model.coordinator.recover();
    default:
      throw new Error(`unknown action "${name}"; this lab has: ${ACTIONS.join(', ')}`);
  }
}
