import type { Environment, ProcessGenerator } from '../../engine';
import type { SqlBackend } from '../../lab/labDefinition';
import { RealStatementBudget } from '../../models/realStatementBudget';
import type { DenormParams } from './params';
import { CLEANUP_SQL, COPY_TABLE, CREATE_COPY_SQL, CREATE_TRIGGERS_SQL, createViewSql, driftSql, STORAGE_SQL, VIEW_NAME } from './sql';

/** Reads that run for real per simulated second at most; the others are modelled with the same timing. */
const REAL_READS_PER_SECOND = 10;

/** What a real statement answered: rows, or PostgreSQL's message. */
export interface RealOutcome {
  rows: Record<string, unknown>[];
  error?: string;
}

/** The relation a read model reads and checks for drift (null: the join itself). */
export function copyRelation(readModel: DenormParams['readModel']): string | null {
  if (readModel === 'materialized-view') return VIEW_NAME;
  if (readModel === 'normalized') return null;
  return COPY_TABLE;
}

/** The DDL a run starts with: what earlier runs left is dropped, then the read model's copy is built. */
export function setupStatements(p: Pick<DenormParams, 'readModel' | 'uniqueIndex'>): string[] {
  switch (p.readModel) {
    case 'normalized':
      return [...CLEANUP_SQL];
    case 'denormalized-table':
      return [...CLEANUP_SQL, ...CREATE_COPY_SQL];
    case 'trigger-maintained':
      return [...CLEANUP_SQL, ...CREATE_COPY_SQL, ...CREATE_TRIGGERS_SQL];
    case 'materialized-view':
      return [...CLEANUP_SQL, ...createViewSql(p.uniqueIndex)];
  }
}

/**
 * The lab's real SQL on its primary: one chain, so statements reach PGlite in the order the
 * simulation issued them, whatever instant each one's simulated time is; every write and refresh
 * runs, reads within a budget. Every call yields an external-call event whether or not a database
 * is attached (its work is null in model-only runs), so the metrics do not depend on it.
 */
export class RealSql {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly reads = new RealStatementBudget(REAL_READS_PER_SECOND);

  constructor(
    private readonly env: Environment,
    readonly backend: SqlBackend | null,
  ) {}

  get attached(): boolean {
    return this.backend !== null;
  }

  /**
   * Run `statements` in order after everything issued before; the first failure stops them and is
   * returned. With `real` false (a read over its budget) or no database, the same event carries no work.
   */
  *run(statements: readonly (readonly [string, unknown[]])[], real = true): ProcessGenerator<RealOutcome> {
    const backend = this.backend;
    const work =
      backend === null || !real
        ? null
        : () => {
            const next = this.chain.then(async (): Promise<RealOutcome> => {
              let rows: Record<string, unknown>[] = [];
              for (const [sql, params] of statements) rows = (await backend.query(sql, params)).rows;
              return { rows };
            });
            const settled = next.catch((e: Error): RealOutcome => ({ rows: [], error: e.message + hintOf(e) }));
            this.chain = settled;
            return settled;
          };
    return (yield this.env.external<RealOutcome>(work, { rows: [] })) as RealOutcome;
  }

  /** Whether a read issued now runs for real (within this simulated second's budget). */
  readRunsForReal(): boolean {
    return this.backend !== null && this.reads.take(this.env.now);
  }

  /** Build the read model's copy, then measure the relations' sizes (null in model-only runs). */
  *setUp(p: DenormParams): ProcessGenerator<{ baseBytes: number; copyBytes: number; error?: string } | null> {
    const relation = copyRelation(p.readModel);
    const statements: [string, unknown[]][] = [...setupStatements(p).map((s): [string, unknown[]] => [s, []]), [STORAGE_SQL, [relation ?? '']]];
    const outcome = yield* this.run(statements);
    if (!this.attached) return null;
    if (outcome.error !== undefined) return { baseBytes: 0, copyBytes: 0, error: outcome.error };
    const row = outcome.rows[0]!;
    return { baseBytes: Number(row.base_bytes), copyBytes: relation === null ? 0 : Number(row.copy_bytes) };
  }

  /** Lines where `relation` and the join differ, counted on PGlite with EXCEPT both ways (null in model-only runs). */
  *countDrift(relation: string): ProcessGenerator<number | null> {
    const outcome = yield* this.run([[driftSql(relation), []]]);
    if (!this.attached) return null;
    if (outcome.error !== undefined) {
      this.env.log('primary', 'drift check failed', { message: outcome.error });
      return null;
    }
    return Number(outcome.rows[0]!.n);
  }
}

/** PostgreSQL's hint, when the error carries one (PGlite's errors do). */
function hintOf(error: Error): string {
  const hint = (error as Error & { hint?: unknown }).hint;
  return typeof hint === 'string' && hint !== '' ? `. HINT: ${hint}` : '';
}
