/**
 * What the sharding lab puts in `snapshot.detail` for its view: plain, structured-cloneable data.
 */
import type { ShardStrategy } from '../../models/sharding/shardMap';
import type { KeySpace } from './placement';
import type { ShardKey, TxnProtocol } from './params';
import type { ReshardPhase } from './resharding';
import type { TableRows } from './units';

/** The shard map drawn as what it is. */
export type MapView =
  | { kind: 'ring'; vnodes: number; shards: number; points: { at: number; shard: number }[] }
  | { kind: 'hash'; strategy: 'modulo' | 'hash-modulo' | 'jump'; shards: number }
  | { kind: 'range'; shards: number; spaces: { space: KeySpace; ranges: { from: number; to: number | null; shard: number }[] }[] }
  | { kind: 'directory'; shards: number; spaces: { space: KeySpace; size: number; perShard: number[] }[] };

export interface ShardView {
  id: string;
  index: number;
  active: boolean;
  up: boolean;
  rows: number;
  byTable: TableRows;
  /** Statements served since the warm-up, and per second over the last chart window. */
  requests: number;
  loadPerS: number;
  writes: number;
  /** Prepared transactions on it; in doubt when their coordinator is gone. */
  prepared: { gid: string; transfer: number; inDoubt: boolean }[];
  /** Account rows (customer ids) locked there by in-doubt transactions, and transfers waiting for them. */
  lockedRows: number[];
  waiting: number;
}

export interface InDoubtView {
  transfer: number;
  from: number;
  to: number;
  amount: number;
  shards: string[];
  decision: 'commit' | 'abort' | null;
}

export interface ShardingDetail {
  kind: 'sharding';
  strategy: ShardStrategy;
  shardKey: ShardKey;
  txnProtocol: TxnProtocol;
  shardCount: number;
  customers: number;
  map: MapView;
  /** The map a reshard is moving to (or would move to with one more shard), for the key lookup. */
  nextShardCount: number;
  /** Per customer id (index 0 unused): its shard now and under the next map; null past 5,000 customers. */
  customerShard: number[] | null;
  customerShardNext: number[] | null;
  /** Per customer id: the shard key value (the id, or its created_at in seconds from 2024-01-01). */
  customerKey: number[] | null;
  shards: ShardView[];
  resharding: { phase: ReshardPhase; what: string; from: number; to: number; rowsCopied: number; rowsToMove: number; rowsDeleted: number; keysMoved: number; batch: { from: string; to: string; rows: number } | null };
  coordinator: { up: boolean; crashedAt: number | null; inDoubt: InDoubtView[] };
  scatter: { lastFanout: number; lastRows: number; verified: number; mismatches: number; sqlChecked: number; sqlMismatches: number; lastMismatch: string | null };
  money: { driftCents: number; inFlightCents: number; anomalies: number };
  events: { t: number; what: string; kind: string }[];
  sql: { statementsRun: number; errors: { t: number; node: string; message: string }[]; reference: boolean; checksumsChecked: number; checksumMismatches: number };
}

/** The detail of a snapshot if it is the sharding lab's. */
export function shardingDetail(detail: unknown): ShardingDetail | null {
  return typeof detail === 'object' && detail !== null && (detail as { kind?: unknown }).kind === 'sharding' ? (detail as ShardingDetail) : null;
}
