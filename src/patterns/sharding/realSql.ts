import type { Environment } from '../../engine';
import type { SqlBackend } from '../../lab/labDefinition';
import { RealStatementBudget } from '../../models/realStatementBudget';

/** Point reads run for real per simulated second at most (every write, transfer and move runs). */
const REAL_READS_PER_SECOND = 20;
/** Errors kept for the view. */
const REMEMBERED_ERRORS = 20;

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/**
 * The lab's real SQL: work queued per node in the order the simulation issued it (so a
 * prepared transaction's statements are never interleaved with the lab's other statements on that
 * node), a budget of point reads run for real, and the real checks' results. Metrics never depend
 * on it: with no backend the same events carry no work.
 */
export class ShardingSql {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly reads = new RealStatementBudget(REAL_READS_PER_SECOND);
  readonly errors: { t: number; node: string; message: string }[] = [];
  /** Reports run for real on every shard and on the reference node, and those whose merge differed. */
  scattersChecked = 0;
  scatterMismatches = 0;
  lastMismatch: string | null = null;
  /** Checksums of the union of the shards compared with the reference node (after resharding), and whether they matched. */
  checksumsChecked = 0;
  checksumMismatches = 0;

  constructor(
    private readonly env: Environment,
    readonly backend: SqlBackend | null,
  ) {}

  get statementsRun(): number {
    return this.backend?.statementsRun ?? 0;
  }

  /**
   * Work on one node, after everything queued on it before: `fn` gets the node's query function.
   * Null without a backend. A failure is recorded (the run goes on) and gives `fallback`.
   */
  on<T>(node: string, fn: (query: Query) => Promise<T>, fallback: T): (() => Promise<T>) | null {
    const backend = this.backend;
    if (backend === null) return null;
    const query: Query = (sql, params) => backend.query(sql, params, node);
    return () => {
      const previous = this.chains.get(node) ?? Promise.resolve();
      const next = previous.then(() => fn(query)).catch((e: unknown) => {
        this.error(node, e);
        return fallback;
      });
      this.chains.set(node, next);
      return next;
    };
  }

  /** Work on several nodes at once (each after its own queue): for reads across shards and checks. */
  across<T>(nodes: readonly string[], fn: (queryOn: (node: string) => Query) => Promise<T>, fallback: T): (() => Promise<T>) | null {
    const backend = this.backend;
    if (backend === null) return null;
    return () => {
      const before = Promise.all(nodes.map((n) => this.chains.get(n) ?? Promise.resolve()));
      const next = before
        .then(() => fn((node) => (sql, params) => backend.query(sql, params, node)))
        .catch((e: unknown) => {
          this.error(nodes.join(','), e);
          return fallback;
        });
      for (const n of nodes) this.chains.set(n, next);
      return next;
    };
  }

  /** Whether this point read runs for real (within this simulated second's budget). */
  readRunsForReal(): boolean {
    return this.backend !== null && this.reads.take(this.env.now);
  }

  private error(node: string, e: unknown): void {
    this.errors.push({ t: this.env.now, node, message: (e as Error).message ?? String(e) });
    if (this.errors.length > REMEMBERED_ERRORS) this.errors.shift();
  }
}
