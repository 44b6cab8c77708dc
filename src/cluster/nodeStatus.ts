/** What a cluster node is for. */
export type NodeRole =
  /** Takes the writes and captures them. */
  | 'primary'
  /** A base backup of the primary that replays its changes; read-only to sessions. */
  | 'replica'
  /** A primary of its own, holding one partition of the dataset, with change capture of its own. */
  | 'shard'
  /** A former primary after a failover: kept readable (its lost commits are still on it) until re-cloned. */
  | 'out';

/** Whether a node can answer. */
export type NodeState = 'booting' | 'running' | 'stopped' | 'restarting' | 'failed';

/** One node as the UI shows it (node details, console header). */
export interface ClusterNodeStatus {
  id: string;
  role: NodeRole;
  state: NodeState;
  /** The last change this node holds: captured (primary) or applied (replica). */
  appliedLsn: number;
  /** Its WebAssembly heap, bytes (0 until known). */
  memoryBytes: number;
  /** What it is doing while booting or restarting ("Cloning a base backup of the primary"). */
  label: string | null;
  /** Times the watchdog restarted it after a runaway statement. */
  restarts: number;
}
