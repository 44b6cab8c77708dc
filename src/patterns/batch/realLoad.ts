import type { SqlBackend } from '../../lab/labDefinition';
import { CHECK_SQL, firstIdOf, setupStatements } from './loadTable';
import type { LoadSettings, PlannedUnit } from './loadPlan';
import { statementSql } from './statementSql';

/** What PostgreSQL did with one unit: the index of the statement that failed (−1: none) and its message. */
export interface UnitOutcome {
  failedAt: number;
  message: string | null;
}

/** The table after the load, counted in PGlite. */
export interface TableCheck {
  /** Rows carrying the load's values. */
  loaded: number;
  /** Their checksum equals the checksum of the rows the plan says must be there, and the table has its expected size. */
  match: boolean;
  /** Rows in the table. */
  total: number;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The load, really, on the lab's primary: the table made afresh, then each unit (a transaction
 * or an autocommit statement) run when the model's writer reaches its end, then the table
 * counted and compared. PGlite has one session, so units run one at a time, in the order the
 * writers finish them: a transaction of one writer never interleaves with another's, as on a
 * server where each writer has its own connection. Simulated time never depends on how long
 * this takes.
 */
export class RealLoad {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly firstId: number;

  constructor(
    private readonly sql: SqlBackend,
    private readonly settings: LoadSettings,
  ) {
    this.firstId = firstIdOf(settings.operation, settings.customers, settings.rows);
  }

  /** Run `work` after everything queued before it. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => {});
    return next;
  }

  /** Make batch_customers afresh with `customers` rows. */
  setup(): Promise<void> {
    return this.serial(async () => {
      for (const statement of setupStatements(this.settings.customers)) await this.sql.query(statement);
    });
  }

  /** Run one unit as the application would: stop at the first error, roll a transaction back. */
  run(unit: PlannedUnit): Promise<UnitOutcome> {
    const { operation, badRowAt } = this.settings;
    return this.serial(async () => {
      if (unit.transactional) await this.sql.query('begin');
      let failedAt = -1;
      let message: string | null = null;
      for (let i = 0; i < unit.statements.length; i++) {
        const s = unit.statements[i]!;
        const real = statementSql(s.form, operation, s.firstRow, s.rows, this.firstId, badRowAt);
        try {
          if (real.prepare !== undefined) await this.sql.query(real.prepare);
          await this.sql.query(real.sql, real.params);
        } catch (error) {
          failedAt = i;
          message = messageOf(error);
          break;
        }
      }
      if (unit.transactional) await this.sql.query(failedAt >= 0 ? 'rollback' : 'commit');
      return { failedAt, message };
    });
  }

  /**
   * Count the load's rows in the table and compare them with the rows that should be there:
   * `kept` is each writer's kept range [first row, last row] (empty ranges left out).
   */
  check(kept: readonly [number, number][], expectedTotal: number): Promise<TableCheck> {
    return this.serial(async () => {
      const { rows } = await this.sql.query(CHECK_SQL, [kept.map((r) => r[0]), kept.map((r) => r[1]), this.firstId]);
      const row = rows[0]!;
      const total = Number(row.total);
      return { loaded: Number(row.loaded), match: row.loaded_sum === row.expected_sum && total === expectedTotal, total };
    });
  }
}
