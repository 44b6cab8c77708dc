import type { Environment } from '../../engine';
import type { SqlBackend } from '../../lab/labDefinition';
import { RealStatementBudget } from '../../models/realStatementBudget';

/** Reads that run for real in PGlite per simulated second at most (stale ones have their own budget). */
const REAL_READS_PER_SECOND = 20;
const REAL_STALE_READS_PER_SECOND = 40;

/**
 * The lab's real SQL: one chain, so statements reach PGlite in the order the simulation issued
 * them, and a budget of reads run for real per simulated second (every write runs; the other reads
 * are modelled with the same timing, so the metrics do not depend on it). Stale reads get a budget
 * of their own, so the stale reads a learner clicks usually show real rows.
 */
export class RealSql {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly reads = new RealStatementBudget(REAL_READS_PER_SECOND);
  private readonly staleReads = new RealStatementBudget(REAL_STALE_READS_PER_SECOND);

  constructor(
    private readonly env: Environment,
    readonly backend: SqlBackend | null,
  ) {}

  /** `fn` queued after every statement issued before it; a failure becomes `onError`'s value. */
  work<T>(fn: () => Promise<T>, onError: (e: Error) => T): () => Promise<T> {
    return () => {
      const next = this.chain.then(fn).catch((e: Error) => onError(e));
      this.chain = next;
      return next;
    };
  }

  /** Whether this read runs for real (within this simulated second's budget). */
  readRunsForReal(stale: boolean): boolean {
    if (this.backend === null) return false;
    if (stale && this.staleReads.take(this.env.now)) return true;
    return this.reads.take(this.env.now);
  }
}
