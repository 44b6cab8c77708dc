import { Resource, type Environment, type ProcessGenerator, type Rng } from '../../engine';

/** Statements a shard runs at once (its connections / cores); more wait in its queue. */
export const SHARD_CONNECTIONS = 2;
/** Prepared transactions a shard can hold: PostgreSQL's max_prepared_transactions on the lab's nodes. */
export const MAX_PREPARED = 10;

/**
 * One shard node as the model sees it: a server with {@link SHARD_CONNECTIONS} connections and
 * exponential statement times, up or stopped, what it served, and the prepared transactions it holds.
 */
export class ShardNode {
  readonly server: Resource;
  up = true;
  /** Part of the shard map now (spare nodes wait empty until a reshard or split takes them in). */
  active = false;
  /** Statements served and new orders written since the warm-up. */
  statements = 0;
  writes = 0;
  /** Statements served in the current chart window, and the rate over the last one (load bars). */
  recent = 0;
  loadPerS = 0;
  /** Prepared transactions (gid → transfer id) on this shard, in doubt or about to commit. */
  readonly prepared = new Map<string, number>();

  constructor(
    private readonly env: Environment,
    readonly index: number,
  ) {
    this.server = new Resource(env, SHARD_CONNECTIONS);
  }

  get id(): string {
    return shardId(this.index);
  }

  /**
   * Run one statement of mean `meanMs` (queueing for a connection first). Returns false if the
   * node is stopped when the statement arrives or when it would finish (the client sees an error).
   */
  *serve(rng: Rng, meanMs: number): ProcessGenerator<boolean> {
    if (!this.up) return false;
    const slot = this.server.request();
    yield slot;
    try {
      yield this.env.timeout(rng.exponential(meanMs));
    } finally {
      this.server.release(slot);
    }
    this.statements++;
    this.recent++;
    return this.up;
  }

  resetStatistics(): void {
    this.statements = 0;
    this.writes = 0;
  }
}

export const shardId = (index: number) => `shard-${index}`;
