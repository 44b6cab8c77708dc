import type { Environment, ProcessGenerator } from '../../engine';
import type { SqlBackend } from '../../lab/labDefinition';
import type { QueryDetail } from './detail';
import { compareStrategies, type Comparison, type Fetcher } from './strategies';

/** How often, in simulated time, a comparison waiting for a booting node looks again. */
const READY_POLL_MS = 1000;

/**
 * The proof that the strategies are interchangeable: each runs for real on the primary and their
 * results are compared. Only a run with SQL can know; a model-only run leaves everything null.
 */
export class StrategyCheck {
  comparison: Comparison | null = null;
  error: string | null = null;
  comparedCustomers: number | null = null;
  /** The strategies are running on PGlite now (the run waits for them at this instant). */
  comparing = false;
  /** A comparison waits for the booting primary. */
  waitingForNode = false;
  /** Comparisons asked for so far (a change of customers asks again). */
  private asked = 0;

  constructor(
    private readonly env: Environment,
    private readonly sql: SqlBackend | null,
    private readonly fetchers: Readonly<Record<string, Fetcher>>,
  ) {}

  /** Run all strategies for `customers` customers and compare them (a process: the run waits for PGlite). */
  *run(customers: number): ProcessGenerator<void> {
    const { env, sql } = this;
    if (sql === null) return;
    const ticket = ++this.asked;
    // A run that plays while its node boots compares once the node is ready; only the latest ask counts.
    while (sql.ready === false) {
      this.waitingForNode = true;
      yield env.timeout(READY_POLL_MS);
    }
    if (ticket !== this.asked) return;
    this.waitingForNode = false;
    const run = async (text: string, values: unknown[]) => (await sql.query(text, values)).rows;
    const work = () => compareStrategies(run, customers, this.fetchers).catch((e: Error) => ({ error: e.message }));
    this.comparing = true;
    const outcome = (yield env.external(work, null)) as Comparison | { error: string } | null;
    this.comparing = false;
    if (outcome === null) return;
    this.comparedCustomers = customers;
    if ('error' in outcome) {
      this.comparison = null;
      this.error = outcome.error;
      env.log('primary', 'comparison failed', { message: outcome.error });
    } else {
      this.comparison = outcome;
      this.error = null;
      env.log('primary', outcome.match ? 'results match' : 'results differ', { customers, ...(outcome.difference ? { difference: outcome.difference } : {}) });
    }
  }

  detail(): QueryDetail {
    return { comparison: this.comparison, comparisonError: this.error, comparedCustomers: this.comparedCustomers, comparing: this.comparing, waitingForNode: this.waitingForNode };
  }
}
