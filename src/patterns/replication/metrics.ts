import type { MetricSpec } from '../../lab/labDefinition';

/** What the replication lab measures: the keys of its results, with their meaning for tables and tooltips. */
export const replicationMetrics: readonly MetricSpec[] = [
  { key: 'requests.arrived', label: 'Arrived', unit: 'statements', origin: 'simulated', description: 'Reads and writes issued after the warm-up, plus those in flight when it ended.' },
  { key: 'requests.completed', label: 'Completed', unit: 'statements', origin: 'simulated', description: 'Reads that returned a row and writes whose commit was acknowledged.' },
  { key: 'requests.failed', label: 'Failed', unit: 'statements', origin: 'simulated', description: 'Reads that hit a stopped node, writes to a stopped or replaced primary (so arrived = completed + failed + in flight).' },
  { key: 'requests.inFlight', label: 'In flight', unit: 'statements', origin: 'simulated', description: 'Statements still running or waiting (for a standby, for an LSN) at the end.' },
  { key: 'reads.total', label: 'Reads', unit: 'reads', origin: 'simulated', description: 'Reads that returned a row.' },
  { key: 'reads.stale', label: 'Stale reads', unit: 'reads', origin: 'simulated', description: 'Reads that returned an older version of the row than the primary had committed.' },
  { key: 'reads.failed', label: 'Failed reads', unit: 'reads', origin: 'simulated', description: 'Reads sent to a node that was down (before the router noticed, or with nowhere else to go), or whose replica stopped while they waited for their LSN.' },
  { key: 'staleReadFraction', label: 'Stale read share', unit: 'fraction', origin: 'simulated', description: 'reads.stale / reads.total.' },
  { key: 'ownReads.total', label: 'Own reads', unit: 'reads', origin: 'simulated', description: "Writers' reads of the row they had just written." },
  { key: 'ownReads.stale', label: 'Own write not seen', unit: 'reads', origin: 'simulated', description: 'Read-your-writes violations: the writer did not see its own committed write.' },
  { key: 'ownReadStaleFraction', label: 'Own write not seen, share', unit: 'fraction', origin: 'simulated', description: 'ownReads.stale / ownReads.total.' },
  { key: 'writes.committed', label: 'Commits', unit: 'writes', origin: 'simulated', description: 'Writes whose client heard "committed".' },
  { key: 'writes.failed', label: 'Failed writes', unit: 'writes', origin: 'simulated', description: 'Writes refused or cut off by a stopped primary or a failover.' },
  { key: 'lagMs', label: 'Replication lag', unit: 'ms', origin: 'simulated', description: "Per change: its primary's WAL flush to its replay on a replica; overall and per replica (lagMs.replica-1.p95)." },
  { key: 'readLatencyMs', label: 'Read latency', unit: 'ms', origin: 'simulated', description: 'Issue to row, waits for an LSN included (no client network time).' },
  { key: 'writeLatencyMs', label: 'Commit latency', unit: 'ms', origin: 'simulated', description: 'Issue to "committed": the statement, the WAL flush and whatever synchronous_commit waits for.' },
  { key: 'load', label: 'Load per node', unit: 'statements', origin: 'simulated', description: 'Per node: reads, writes, stale and failed reads, reads per second (load.replica-1.readsPerS).' },
  { key: 'failover.count', label: 'Failovers', unit: 'failovers', origin: 'simulated', description: 'Replicas promoted to primary.' },
  { key: 'failover.lostCommits', label: 'Lost commits', unit: 'commits', origin: 'simulated', description: 'Acknowledged commits the promoted replica had never received: gone from the new timeline.' },
  { key: 'changes.shipped', label: 'Changes shipped', unit: 'changes', origin: 'simulated', description: 'Changes sent to replicas (one per replica per changed row).' },
  { key: 'changes.applied', label: 'Changes applied', unit: 'changes', origin: 'simulated', description: 'Changes replayed on replicas.' },
  { key: 'changes.inFlight', label: 'Changes in flight', unit: 'changes', origin: 'simulated', description: 'Shipped, not applied yet (on the wire, waiting for a link, or queued for replay).' },
  { key: 'changes.discarded', label: 'Changes discarded', unit: 'changes', origin: 'simulated', description: 'Dropped by a failover (the abandoned timeline); shipped = applied + in flight + discarded.' },
  { key: 'sql.statementsRun', label: 'Statements run for real', unit: 'statements', origin: 'real', description: 'Statements PGlite really executed: every write, a sample of reads (the rest are modelled with the same timing).' },
];
