import type { SqlBackend } from '../lab/labDefinition';

/**
 * The SQL backend of a run that plays before its nodes are ready (a lab whose real statements
 * only read, `realStatementsOnlyRead`): not ready until {@link join} hands it the booted cluster's
 * backend. Until then the lab's model runs each statement modelled only, as a model-only run
 * does, so the numbers are the same whenever the nodes come up; from then on statements go to
 * PostgreSQL. A run that is replaced before its nodes are ready never joins.
 */
export class JoiningSql implements SqlBackend {
  private inner: SqlBackend | null = null;

  get ready(): boolean {
    return this.inner !== null;
  }

  get statementsRun(): number {
    return this.inner?.statementsRun ?? 0;
  }

  /** The nodes are booted and reset for this run: statements run on them from now on. */
  join(backend: SqlBackend): void {
    this.inner = backend;
  }

  query(sql: string, params?: unknown[], node?: string): Promise<{ rows: Record<string, unknown>[] }> {
    if (this.inner === null) return Promise.reject(new Error('the database nodes are still booting: this statement was not run'));
    return this.inner.query(sql, params, node);
  }
}
