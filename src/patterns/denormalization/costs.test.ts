import { describe, expect, it } from 'vitest';
import { measureOnFreshNode } from './measureDenormCosts';
import { concurrentRefreshMs, denormCosts, plainRefreshMs } from './costs';

describe('denormalization lab costs, rows and sizes', () => {
  // The stored figures are what every run uses (model-only or not); they must be what PGlite says
  // today for this dataset. If PGlite or the dataset changes, refresh them with
  // `npx tsx src/patterns/denormalization/measureDenormCosts.ts`.
  it('equal what PGlite measures: the rows, the cost model of every real plan, the sizes, the refusal', async () => {
    expect(await measureOnFreshNode()).toEqual(denormCosts);
  }, 600_000);

  it('price what the plans say: the copy\'s index scan beats the 4-join for every customer, CONCURRENTLY costs more than a plain refresh', () => {
    const { reads, refresh } = denormCosts;
    for (let i = 0; i < reads.normalized.length; i++) expect(reads.copy[i]).toBeLessThan(reads.normalized[i]!);
    expect(concurrentRefreshMs(refresh, 0)).toBeGreaterThan(plainRefreshMs(refresh, true));
    // Each changed line costs CONCURRENTLY a delete, an insert and two index entries.
    expect(concurrentRefreshMs(refresh, 100)).toBeGreaterThan(concurrentRefreshMs(refresh, 0));
    expect(denormCosts.facts.orderLines.flat().length).toBe(refresh.rows);
  });
});
