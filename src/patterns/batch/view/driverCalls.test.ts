import { describe, expect, it } from 'vitest';
import { METHOD_IDS } from '../methods';
import { driverCalls, DRIVERS, isRealBatch } from './driverCalls';

describe('the batch lab as code: each method in each driver', () => {
  it('every method has a call and what it sends for every driver', () => {
    const calls = driverCalls(50);
    for (const method of METHOD_IDS) for (const driver of DRIVERS) {
      expect(calls[method][driver].code, `${method} ${driver}`).not.toBe('');
      expect(calls[method][driver].wire, `${method} ${driver}`).not.toBe('');
    }
  });

  it.each([137, 5000])('the paged methods carry the run\'s batch size (%i) in every driver', (n) => {
    const calls = driverCalls(n);
    for (const method of ['batched', 'multi-row', 'unnest'] as const) for (const driver of DRIVERS) expect(calls[method][driver].code, `${method} ${driver}`).toMatch(new RegExp(`\\b${n}\\b`));
    expect(calls.batched.psycopg2.code).toContain(`execute_batch(cur, INSERT, rows, page_size=${n})`);
    expect(calls['multi-row'].psycopg2.code).toContain(`rows, page_size=${n})`);
    expect(calls.batched['psycopg 3'].code).toContain(`itertools.batched(rows, ${n})`);
    expect(calls.batched.JDBC.code).toContain(`page: the next ${n} rows`);
  });

  it('says which call is a real batch: psycopg2 executemany is a loop, psycopg 3 executemany and JDBC executeBatch are batches', () => {
    const calls = driverCalls(50);
    expect(calls.executemany.psycopg2).toMatchObject({ batch: false });
    expect(calls.executemany.psycopg2.code).toContain('cur.executemany(');
    expect(calls.executemany['psycopg 3']).toMatchObject({ batch: true });
    expect(calls.executemany.JDBC).toMatchObject({ batch: true });
    expect(calls.executemany.JDBC.code).toContain('ps.executeBatch()');
    expect(calls.executemany['node-postgres'].batch).toBe(false);
    expect(calls.executemany['Go database/sql'].batch).toBe(false);
    for (const driver of DRIVERS) {
      expect(isRealBatch('row-by-row', driver)).toBe(false);
      expect(isRealBatch('one-transaction', driver)).toBe(false);
      for (const method of ['batched', 'multi-row', 'unnest', 'copy'] as const) expect(calls[method][driver].batch, `${method} ${driver}`).toBe(true);
    }
  });

  it('names the real calls: execute_values, pgx.Batch, CopyFrom, reWriteBatchedInserts', () => {
    const calls = driverCalls(50);
    expect(calls['multi-row'].psycopg2.code).toContain('execute_values(cur,');
    expect(calls.batched['Go database/sql'].code).toContain('b := &pgx.Batch{}');
    expect(calls.copy['Go database/sql'].code).toContain('conn.CopyFrom(ctx, pgx.Identifier{"batch_customers"}');
    expect(calls['multi-row'].JDBC.code).toContain('reWriteBatchedInserts=true');
    expect(calls['multi-row']['node-postgres'].code).toContain('INSERT INTO batch_customers VALUES ${values.join');
  });
});
