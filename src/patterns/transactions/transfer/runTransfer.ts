import { BALANCE_SQL, CHECK_VIOLATION, CREDIT_SQL, DEBIT_SQL, INJECTED_FAILURE_MESSAGE, SUM_SQL } from './transferSql';

/** The part of PGlite's API a transfer needs: one transaction at a time (`PGlite.transaction`). */
export interface TransactionalDb {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<R>(fn: (tx: { query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> }) => Promise<R>): Promise<R>;
}

export interface TransferRequest {
  from: number;
  to: number;
  amount: number;
  /** Fail the application after the debit, before the credit. */
  failBetween?: boolean;
}

/** What happened, with every statement in order as PostgreSQL saw it. */
export interface TransferReport {
  outcome: 'committed' | 'insufficient funds' | 'injected failure';
  statements: { sql: string; result: string }[];
  /** PostgreSQL's error, when the transfer rolled back because of one. */
  error?: { sqlstate: string; message: string };
}

class InjectedFailure extends Error {
  constructor() {
    super(INJECTED_FAILURE_MESSAGE);
  }
}

/**
 * Debit, check the balance, credit, commit, inside `db.transaction` (PGlite's own BEGIN …
 * COMMIT, which rolls back if the callback throws). The CHECK (balance >= 0) constraint refuses
 * an overdraft at the debit; an injected failure after the debit rolls the debit back too.
 */
export async function runTransfer(db: TransactionalDb, t: TransferRequest): Promise<TransferReport> {
  const statements: TransferReport['statements'] = [{ sql: 'BEGIN', result: 'BEGIN' }];
  const bind = (sql: string, values: unknown[]) => values.reduce<string>((s, v, i) => s.replace(`$${i + 1}`, String(v)), sql);
  try {
    await db.transaction(async (tx) => {
      await tx.query(DEBIT_SQL, [t.amount, t.from]);
      statements.push({ sql: bind(DEBIT_SQL, [t.amount, t.from]), result: 'UPDATE 1' });
      const { rows } = await tx.query<{ balance: number }>(BALANCE_SQL, [t.from]);
      statements.push({ sql: bind(BALANCE_SQL, [t.from]), result: `balance = ${rows[0]?.balance}` });
      if (t.failBetween) throw new InjectedFailure();
      await tx.query(CREDIT_SQL, [t.amount, t.to]);
      statements.push({ sql: bind(CREDIT_SQL, [t.amount, t.to]), result: 'UPDATE 1' });
    });
    statements.push({ sql: 'COMMIT', result: 'COMMIT' });
    return { outcome: 'committed', statements };
  } catch (error) {
    if (error instanceof InjectedFailure) {
      statements.push({ sql: '(the application fails here)', result: error.message }, { sql: 'ROLLBACK', result: 'ROLLBACK' });
      return { outcome: 'injected failure', statements };
    }
    const code = (error as { code?: string }).code;
    if (code === CHECK_VIOLATION) {
      const message = (error as Error).message;
      statements.push({ sql: bind(DEBIT_SQL, [t.amount, t.from]), result: `ERROR ${code}: ${message}` }, { sql: 'ROLLBACK', result: 'ROLLBACK' });
      return { outcome: 'insufficient funds', statements, error: { sqlstate: code, message } };
    }
    throw error;
  }
}

/** The invariant: the sum of all balances. */
export async function sumOfBalances(db: Pick<TransactionalDb, 'query'>): Promise<number> {
  const { rows } = await db.query<{ total: number }>(SUM_SQL);
  return Number(rows[0]!.total);
}
