/** The four kinds of request, as the metrics name them. */
export type RequestKind = 'pointRead' | 'write' | 'scatter' | 'crossShardTxn';
export const REQUEST_KINDS: readonly RequestKind[] = ['pointRead', 'write', 'scatter', 'crossShardTxn'];

/** One request at the router: what it is about, where it went and how it ended. */
export interface ShardRequest {
  id: number;
  kind: RequestKind;
  customerId: number;
  /** A transfer's other customer. */
  otherId: number;
  issuedAt: number;
  endedAt: number;
  /** Shards it went to (all shards for a scatter). */
  shards: number[];
  /** What it is doing now, for the particles: on the wire to its shards, waiting (a lock, a down coordinator), or done. */
  phase: 'sent' | 'waiting' | 'done' | 'failed';
  phaseStart: number;
  phaseEnd: number;
  outcome: string;
  /** A transfer that started across two shards (counted in crossShard.started). */
  crossShard?: boolean;
}
