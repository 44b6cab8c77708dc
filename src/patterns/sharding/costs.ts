/**
 * The simulated cost of each step, in ms of a shard's time (a shard runs {@link SHARD_CONNECTIONS}
 * statements at once; exponential around these means). Round trips between the router and a shard
 * come from `networkRttMs`. Orders of magnitude of a small PostgreSQL server: an indexed read a
 * couple of ms, a commit a few (the WAL flush), a full scan microseconds per row.
 */
export const COST = {
  /** A customer's orders and balance by index. */
  pointReadMs: 2,
  /** An order and its line inserted and committed. */
  writeMs: 4,
  /** One account updated and committed (a transfer's local step). */
  updateMs: 2,
  /** PREPARE TRANSACTION: the update plus the prepare record flushed. */
  prepareMs: 3,
  /** COMMIT PREPARED / ROLLBACK PREPARED at a shard (constant: both shards of a transfer finish together). */
  resolveMs: 1,
  /** The report on one shard: a fixed part plus a scan of its rows. */
  reportBaseMs: 3,
  reportPerRowMs: 0.002,
  /** Shipping one result row to the router, and merging it there. */
  shipPerRowMs: 0.005,
  mergePerRowMs: 0.001,
  /** Copying (or deleting) one row while resharding, on each of the two shards. */
  movePerRowMs: 0.01,
  /** The coordinator writing its commit-or-abort decision to its own log (a flush) before phase two. */
  decisionLogMs: 5,
  /** How often a coordinator retries a shard that is down (2PC's second phase, a saga's step). */
  retryMs: 500,
} as const;
