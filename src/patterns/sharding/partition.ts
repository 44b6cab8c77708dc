import type { NodeSpec } from '../../lab/labDefinition';
import { initialMap, ordersApart, ShardPlacement, type KeySpace } from './placement';
import { MAX_SQL_SHARDS, type ShardingParams } from './params';
import { nodeSlots } from './slots';
import { referencePrepareSql, shardPrepareSql } from './statements';
import { SHARDING_DATASET } from './dataset';
import { ShardedData } from './units';
import { REFERENCE_NODE } from './realChecks';

/** The data and the map a run starts from: the same for the model and for the nodes' preparation. */
export function startingData(p: ShardingParams): { data: ShardedData; placement: ShardPlacement } {
  const data = new ShardedData(p.shardKey, p.customers, nodeSlots(p));
  const spaces = [...new Set(data.units.map((u) => u.space))] as KeySpace[];
  const maps = new Map(spaces.map((space) => [space, initialMap(p.strategy, p.shards, p.vnodes, data.spaceKeys(space))]));
  const placement = new ShardPlacement(p.strategy, p.shards, maps);
  data.placeAll((space) => placement.mapOf(space));
  return { data, placement };
}

/** Whether a run with these parameters can hold its shards as real PGlite nodes (else it is model-only). */
export function runsSql(p: ShardingParams): boolean {
  return nodeSlots(p) <= MAX_SQL_SHARDS && p.customers <= SHARDING_DATASET.customers;
}

/** One cluster list per parameter set (action arguments are checked against it too, often). */
let cached: { key: string; nodes: NodeSpec[] } | null = null;

/**
 * The nodes a run boots: `shard-0`… (spares included, empty), each keeping its partition of the
 * dataset (deleting the rest before capture starts), with two-phase commit when transfers use
 * 2PC; and `reference`, one node holding every row, that the merged reports and the shards'
 * checksums are compared with.
 */
export function shardingCluster(p: ShardingParams): NodeSpec[] {
  const key = JSON.stringify([p.shards, p.strategy, p.vnodes, p.shardKey, p.customers, p.reshardAtS, p.reshardTo, p.txnProtocol]);
  if (cached?.key === key) return cached.nodes;
  const slots = nodeSlots(p);
  const prepare = runsSql(p) ? partitionSql(p, slots) : null;
  const capabilities = p.txnProtocol === '2pc' ? { capabilities: ['two-phase-commit' as const] } : {};
  const nodes: NodeSpec[] = Array.from({ length: slots }, (_, i) => ({
    id: `shard-${i}`,
    role: 'shard' as const,
    partition: { index: i, count: slots },
    ...(prepare ? { prepareSql: prepare[i]! } : {}),
    ...capabilities,
  }));
  const reference = referencePrepareSql(p.customers);
  nodes.push({ id: REFERENCE_NODE, role: 'primary', ...(reference ? { prepareSql: reference } : {}) });
  cached = { key, nodes };
  return nodes;
}

/** Each node's preparation: delete every row not placed on it. */
function partitionSql(p: ShardingParams, slots: number): string[] {
  const { data } = startingData(p);
  const customers: number[][] = Array.from({ length: slots }, () => []);
  const orders: number[][] = Array.from({ length: slots }, () => []);
  for (const u of data.units) (u.kind === 'customer' ? customers : orders)[u.owner]!.push(u.id);
  const apart = ordersApart(p.shardKey);
  return customers.map((ids, i) => shardPrepareSql(ids, apart ? orders[i]! : null));
}
