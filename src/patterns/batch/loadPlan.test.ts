import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchCosts } from './batchCosts';
import { roundTripsOf, summarizeLoad, writerShares, type LoadSettings } from './loadPlan';
import { METHOD_IDS, OPERATION_IDS, type MethodId } from './methods';

const settings = (method: MethodId, rows: number, batchSize = 50, badRowAt = 0, extra: Partial<LoadSettings> = {}): LoadSettings => ({
  method,
  operation: 'insert',
  rows,
  batchSize,
  badRowAt,
  customers: 1000,
  concurrency: 1,
  ...extra,
});

const counts = (s: LoadSettings) => summarizeLoad(s, batchCosts, 10, 1);

describe('batch lab: a load plan counts exactly what each method sends (one writer, no bad row)', () => {
  it('for any rows and batch size (fast-check seed 1313)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), fc.constantFrom(...OPERATION_IDS), (rows, size, operation) => {
        const batchSize = Math.min(size, rows);
        const batches = Math.ceil(rows / batchSize);
        const c = (method: MethodId) => counts(settings(method, rows, batchSize, 0, { operation, customers: 5000 }));
        // row-by-row: a statement, a round trip and a commit per row.
        expect(c('row-by-row')).toMatchObject({ statements: rows, roundTrips: rows, commits: rows });
        // one-transaction and executemany (a loop): a statement and round trip per row, plus BEGIN and COMMIT; one commit.
        expect(c('one-transaction')).toMatchObject({ statements: rows, roundTrips: rows + 2, commits: 1 });
        expect(c('executemany')).toMatchObject({ statements: rows, roundTrips: rows + 2, commits: 1 });
        // batched: a pipeline of batchSize statements per round trip, committed in it.
        expect(c('batched')).toMatchObject({ statements: rows, roundTrips: batches, commits: batches });
        // multi-row and unnest: one statement per batch, each in autocommit.
        expect(c('multi-row')).toMatchObject({ statements: batches, roundTrips: batches, commits: batches });
        expect(c('unnest')).toMatchObject({ statements: batches, roundTrips: batches, commits: batches });
        // COPY: one statement (an update or upsert adds a temporary table and a merge, in a transaction).
        expect(c('copy')).toMatchObject(operation === 'insert' ? { statements: 1, roundTrips: 2, commits: 1 } : { statements: 3, roundTrips: 6, commits: 1 });
        for (const method of METHOD_IDS) expect(c(method)).toMatchObject({ keptRows: rows, rolledBackRows: 0 });
      }),
      { seed: 1313, numRuns: 60 },
    );
  });

  it('splits the rows into contiguous equal shares, one per writer', () => {
    expect(writerShares(10, 3)).toEqual([
      { writer: 0, firstRow: 1, rows: 4 },
      { writer: 1, firstRow: 5, rows: 3 },
      { writer: 2, firstRow: 8, rows: 3 },
    ]);
    expect(writerShares(2, 8)).toHaveLength(2);
  });
});

describe('batch lab: a bad row in the middle, the application stops at the first error', () => {
  const kept = (method: MethodId, batchSize = 50, extra: Partial<LoadSettings> = {}) => counts(settings(method, 1000, batchSize, 500, extra));

  it('row by row keeps the rows before it; one transaction, executemany, one multi-row statement and COPY keep none; batches keep the batches committed before it', () => {
    expect(kept('row-by-row')).toMatchObject({ keptRows: 499, rolledBackRows: 0, statements: 500, roundTrips: 500, commits: 499 });
    expect(kept('one-transaction')).toMatchObject({ keptRows: 0, rolledBackRows: 499, statements: 500, roundTrips: 502, commits: 0 });
    expect(kept('executemany')).toMatchObject({ keptRows: 0, rolledBackRows: 499 });
    expect(kept('multi-row', 1000)).toMatchObject({ keptRows: 0, rolledBackRows: 499, statements: 1, commits: 0 });
    expect(kept('unnest', 1000)).toMatchObject({ keptRows: 0, rolledBackRows: 499, statements: 1 });
    expect(kept('copy')).toMatchObject({ keptRows: 0, rolledBackRows: 499, statements: 1, roundTrips: 2, commits: 0 });
    // Batches of 50: batches 1–9 committed (450 rows); batch 10 (rows 451–500) fails at its 50th and is rolled back.
    expect(kept('batched')).toMatchObject({ keptRows: 450, rolledBackRows: 49, statements: 500, roundTrips: 10, commits: 9 });
    // Several multi-row statements: those before the failing one were committed on their own.
    expect(kept('multi-row', 100)).toMatchObject({ keptRows: 400, rolledBackRows: 99, statements: 5, commits: 4 });
  });

  it('with several writers only the one holding the bad row stops', () => {
    // 4 writers of 250 rows: row 500 is writer 2's last; the other three load theirs.
    expect(kept('one-transaction', 50, { concurrency: 4 })).toMatchObject({ keptRows: 750, rolledBackRows: 249 });
    expect(kept('row-by-row', 50, { concurrency: 4 })).toMatchObject({ keptRows: 999 });
  });

  it('ends every writer with a unit: its last round trip commits or rolls back', () => {
    for (const method of METHOD_IDS) {
      for (const badRowAt of [0, 1, 37, 1000]) {
        const s = settings(method, 1000, 64, badRowAt);
        const trips = [...roundTripsOf(s, writerShares(1000, 1)[0]!)];
        expect(trips[trips.length - 1]!.unit, `${method} bad ${badRowAt}`).not.toBeNull();
      }
    }
  });
});
