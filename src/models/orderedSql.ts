import type { SqlBackend } from '../lab/labDefinition';

/**
 * A lab's real statements, sent to PGlite one after the other in the order the simulation issued
 * them, so the database sees writes and reads in simulated order however long each takes for
 * real. `work` gives what an external-call event runs: null in a model-only run, so the event is
 * the same with or without a database and the metrics are identical (DESIGN.md §3).
 */
export class OrderedSql {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly backend: SqlBackend | null) {}

  /** The work for `env.external(...)`: `fn` queued after every statement issued before it; a failure becomes `onError`'s value. */
  work<T>(fn: (sql: SqlBackend) => Promise<T>, onError: (e: Error) => T): (() => Promise<T>) | null {
    const sql = this.backend;
    if (sql === null) return null;
    return () => {
      const next = this.chain.then(() => fn(sql)).catch((e: Error) => onError(e));
      this.chain = next;
      return next;
    };
  }
}
