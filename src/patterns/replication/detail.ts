/**
 * What the replication lab puts in `snapshot.detail` for its view: plain, structured-cloneable
 * data (the simulation worker posts it to the page).
 */

/** A commit its client was told about that a failover threw away. */
export interface LostCommit {
  writeId: number;
  lsn: number;
  customerId: number;
  /** Simulated ms at which the client heard "committed". */
  committedAt: number;
  /** The timeline (1 before the first failover) it was committed on. */
  timeline: number;
}

/** A read that returned an older row than the primary had committed. */
export interface StaleReadSummary {
  id: number;
  t: number;
  node: string;
  customerId: number;
  /** The write whose row it got (0: the original row). */
  sawWriteId: number;
  /** The write the primary had committed last for that row. */
  primaryWriteId: number;
  /**
   * A writer's read-back that missed the session's OWN write (the node had not applied it): what
   * `ownReads.stale` counts. False when the row it missed is another session's later write.
   */
  own: boolean;
  /** The session's own write, for a writer's read-back (null for a reader): it may be the row it got. */
  ownWriteId: number | null;
  executed: 'real' | 'modelled';
}

/** A fault, a repair, a detection by the health checks, a failover, a burst, or an action refused just then. */
export interface Fault {
  t: number;
  what: string;
  kind: 'fault' | 'repair' | 'detect' | 'failover' | 'burst' | 'refused';
}

export interface NodeState {
  id: string;
  role: 'primary' | 'replica' | 'retired';
  up: boolean;
  routerUp: boolean;
  linkUp: boolean;
  replayHeld: boolean;
  received: number;
  applied: number;
  lagMs: number;
  lagChanges: number;
  reads: number;
  writes: number;
  staleReads: number;
  failedReads: number;
  readsInFlight: number;
}

export interface ReplicationDetail {
  kind: 'replication';
  primary: string;
  lsn: number;
  timeline: number;
  syncStandby: string | null;
  nodes: NodeState[];
  faults: Fault[];
  lostCommits: LostCommit[];
  lostCommitsTotal: number;
  staleReads: StaleReadSummary[];
  staleTotal: number;
  readsTotal: number;
}

/** The detail of a snapshot if it is the replication lab's. */
export function replicationDetail(detail: unknown): ReplicationDetail | null {
  return typeof detail === 'object' && detail !== null && (detail as { kind?: unknown }).kind === 'replication' ? (detail as ReplicationDetail) : null;
}
