import type { SqlBackend } from '../../../lab/labDefinition';
import { CALL_TRANSFER_SQL, SUM_SQL, TRANSFER_FUNCTION_SQL } from './transferSql';

/** What the lab's real transfers on PGlite did so far (shown as real figures). */
export interface RealTransferStats {
  run: number;
  committed: number;
  insufficientFunds: number;
  injectedFailures: number;
  errors: number;
  /** Sum of balances before the first real transfer, and after the latest one. */
  openingSum: number | null;
  lastSum: number | null;
  /** True once the sum differed from the opening sum (it must never). */
  sumChanged: boolean;
}

const installed = new WeakSet<SqlBackend>();

/**
 * Replay one transfer of the load model on the lab's PGlite primary, then check the sum of all
 * balances. PGlite has one session, so real transfers run one at a time; each is one statement
 * (the `lab_transfer` function), which PostgreSQL runs atomically. Failures are recorded, never
 * thrown: the simulation must not depend on them.
 */
export async function realTransfer(sql: SqlBackend, t: { from: number; to: number; amount: number; injectFailure: boolean }, stats: RealTransferStats): Promise<null> {
  try {
    if (!installed.has(sql)) {
      await sql.query(TRANSFER_FUNCTION_SQL);
      installed.add(sql);
      stats.openingSum = Number((await sql.query(SUM_SQL)).rows[0]!.total);
    }
    const { rows } = await sql.query(CALL_TRANSFER_SQL, [t.from, t.to, t.amount, t.injectFailure]);
    stats.run++;
    const outcome = rows[0]?.outcome;
    if (outcome === 'committed') stats.committed++;
    else if (outcome === 'insufficient funds') stats.insufficientFunds++;
    else stats.injectedFailures++;
    stats.lastSum = Number((await sql.query(SUM_SQL)).rows[0]!.total);
    if (stats.lastSum !== stats.openingSum) stats.sumChanged = true;
  } catch {
    stats.errors++;
  }
  return null;
}
