import { describe, expect, it } from 'vitest';
import { bootFromDataImage } from '../../db/imageNode';
import { measureQueryCosts } from './measureQueryCosts';
import { QUERY_DATASET } from './strategies';
import { queryCosts } from './queryCosts';

describe('query lab statement costs', () => {
  // The stored figures are what every run uses (model-only or not); they must be what PGlite's
  // planner says today for this dataset. If PGlite or the dataset changes, refresh them with
  // `npx tsx src/patterns/query/measureQueryCosts.ts`.
  it('equal the cost model of the real plans, recomputed from PGlite, with and without the index', async () => {
    // On a node booted from the lab's data image, as the app's are (not initdb + load: ~1 s, not tens).
    const node = await bootFromDataImage(QUERY_DATASET);
    const measured = await measureQueryCosts(node).finally(() => node.close());
    expect(measured.ordersPerCustomer).toEqual(queryCosts.ordersPerCustomer);
    expect(measured.plain).toEqual(queryCosts.plain);
    expect(measured.indexed).toEqual(queryCosts.indexed);
    expect(measured.dataset).toEqual(queryCosts.dataset);
  }, 300_000);

  it('price what the plans say: the index makes one customer\'s orders cheaper, and N+1 sums N of them', () => {
    const { plain, indexed } = queryCosts;
    // Without the index every lookup scans all orders: the same cost whoever the customer is.
    expect(new Set(plain.ordersOfCustomer).size).toBe(1);
    for (let id = 1; id <= 1000; id++) expect(indexed.ordersOfCustomer[id - 1]).toBeLessThan(plain.ordersOfCustomer[id - 1]!);
  });
});
