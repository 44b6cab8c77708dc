import type { Environment } from '../../engine';
import type { SqlBackend } from '../../lab/labDefinition';
import { OrderedSql } from '../../models/orderedSql';
import { RealStatementBudget } from '../../models/realStatementBudget';

/** Reads that run for real in PGlite per simulated second at most (stale ones have their own budget). */
const REAL_READS_PER_SECOND = 20;
const REAL_STALE_READS_PER_SECOND = 40;

/**
 * The lab's real SQL: statements reach PGlite in the order the simulation issued them, every write
 * and a budget of reads per simulated second (the other reads are modelled with the same timing,
 * so the metrics do not depend on it). Stale reads get a budget of their own, so the stale reads a
 * learner clicks usually show real rows.
 */
export class RealSql extends OrderedSql {
  private readonly reads = new RealStatementBudget(REAL_READS_PER_SECOND);
  private readonly staleReads = new RealStatementBudget(REAL_STALE_READS_PER_SECOND);

  constructor(
    private readonly env: Environment,
    backend: SqlBackend | null,
  ) {
    super(backend);
  }

  /** Whether this read runs for real (within this simulated second's budget). */
  readRunsForReal(stale: boolean): boolean {
    if (this.backend === null) return false;
    if (stale && this.staleReads.take(this.env.now)) return true;
    return this.reads.take(this.env.now);
  }
}
