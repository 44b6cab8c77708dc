import { MAX_SHARDS, MAX_SQL_SHARDS } from './params';

/**
 * How many shard nodes a run boots: the shards, the shards it grows to when a reshard is
 * scheduled, and one spare for an addShard or splitShard button, within the limits (8 nodes
 * with real SQL; a run already past 8 is model-only and may use up to 64). Spare nodes start
 * empty. Depends on the parameters alone, so a run with SQL and one without have the same nodes.
 */
export function nodeSlots(p: { shards: number; reshardAtS: number; reshardTo: number }): number {
  const target = p.reshardAtS > 0 ? Math.max(p.reshardTo, p.shards) : p.shards;
  const limit = target > MAX_SQL_SHARDS ? MAX_SHARDS : MAX_SQL_SHARDS;
  return Math.max(target, Math.min(p.shards + 1, limit));
}
