import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { ensureDataImage } from '../../../db/dataImage';
import { TRANSACTIONS_DATASET } from '../load/dataset';
import { demoBalance } from '../load/accounts';
import { runTransfer, sumOfBalances } from './runTransfer';
import { CALL_TRANSFER_SQL, TRANSFER_FUNCTION_SQL } from './transferSql';

/** The money transfer on PGlite, on the demo dataset's accounts (CHECK balance >= 0). */
describe('a money transfer on PGlite', () => {
  let db: PGlite;
  let opening: number;
  const balance = async (id: number) => Number((await db.query<{ b: number }>('select balance::float8 as b from accounts where id = $1', [id])).rows[0]!.b);

  beforeAll(async () => {
    const image = readFileSync(await ensureDataImage(TRANSACTIONS_DATASET));
    db = new PGlite({ loadDataDir: new Blob([image]) });
    await db.waitReady;
    opening = await sumOfBalances(db);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('starts from the balances the model computes for the demo dataset', async () => {
    for (const id of [1, 2, 3, 10, 200]) expect(await balance(id)).toBe(demoBalance(id));
  });

  it('commits a transfer the source can afford: debit and credit both land, the sum is unchanged', async () => {
    const [a, b] = [await balance(1), await balance(2)];
    const report = await runTransfer(db, { from: 1, to: 2, amount: 40 });
    expect(report.outcome).toBe('committed');
    expect(report.statements.map((s) => s.sql.split(' ')[0])).toEqual(['BEGIN', 'update', 'select', 'update', 'COMMIT']);
    expect([await balance(1), await balance(2)]).toEqual([a - 40, b + 40]);
    expect(await sumOfBalances(db)).toBe(opening);
  });

  it('rolls back on insufficient funds: the CHECK (balance >= 0) refuses the debit with 23514, nothing changes', async () => {
    const [a, b] = [await balance(3), await balance(4)];
    const report = await runTransfer(db, { from: 3, to: 4, amount: a + 1 });
    expect(report.outcome).toBe('insufficient funds');
    expect(report.error?.sqlstate).toBe('23514');
    expect(report.error?.message).toContain('accounts_balance_check');
    expect([await balance(3), await balance(4)]).toEqual([a, b]);
    expect(await sumOfBalances(db)).toBe(opening);
  });

  it('rolls back a failure between the debit and the credit: the debit that had landed is undone', async () => {
    const [a, b] = [await balance(5), await balance(6)];
    const report = await runTransfer(db, { from: 5, to: 6, amount: 30, failBetween: true });
    expect(report.outcome).toBe('injected failure');
    // Inside the transaction the debit had happened (the check read the lowered balance)…
    expect(report.statements[2]!.result).toBe(`balance = ${a - 30}`);
    // …and the rollback undid it.
    expect([await balance(5), await balance(6)]).toEqual([a, b]);
    expect(await sumOfBalances(db)).toBe(opening);
  });

  it('the one-statement version the lab replays gives the same three outcomes, atomically', async () => {
    await db.query(TRANSFER_FUNCTION_SQL);
    const call = async (from: number, to: number, amount: number, fail: boolean) => (await db.query<{ outcome: string }>(CALL_TRANSFER_SQL, [from, to, amount, fail])).rows[0]!.outcome;
    const [a, b] = [await balance(7), await balance(8)];
    expect(await call(7, 8, 10, false)).toBe('committed');
    expect([await balance(7), await balance(8)]).toEqual([a - 10, b + 10]);
    expect(await call(7, 8, a + 1000, false)).toBe('insufficient funds');
    expect(await call(7, 8, 10, true)).toBe('injected failure');
    expect([await balance(7), await balance(8)]).toEqual([a - 10, b + 10]);
    expect(await sumOfBalances(db)).toBe(opening);
  });
});
