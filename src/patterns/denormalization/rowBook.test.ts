import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DatasetFacts } from './costs';
import { CopyTable, MaterializedView, RowBook, type RowSource } from './rowBook';

/** A small dataset: 4 customers, 3 products, 5 orders. */
const FACTS: DatasetFacts = {
  customers: 4,
  orders: 5,
  products: 3,
  productCents: [100, 200, 300],
  orderCustomer: [1, 1, 2, 3, 1],
  orderLines: [[1, 2], [3], [1], [2, 3], [2]],
};

/** The definition, line by line: the oldest change to the customer's lines the source does not show. */
function bruteForce(book: RowBook, source: RowSource, customer: number): number {
  let oldest = Infinity;
  for (const row of book.customerRows[customer - 1]!) {
    if (!source.has(row)) {
      oldest = Math.min(oldest, book.rowCommittedAt[row]!);
      continue;
    }
    oldest = Math.min(oldest, book.nameChangeAfter(customer, source.nameVersion(row)), book.priceChangeAfter(book.rowProduct[row]!, source.priceVersion(row)));
  }
  return oldest;
}

type Op =
  | { op: 'rename'; customer: number; copyNow: boolean; late: boolean }
  | { op: 'price'; product: number; copyNow: boolean; late: boolean }
  | { op: 'order'; customer: number; products: number[]; copyNow: boolean }
  | { op: 'refresh' }
  | { op: 'applyLate' };

const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('rename' as const), customer: fc.integer({ min: 1, max: 4 }), copyNow: fc.boolean(), late: fc.boolean() }),
    fc.record({ op: fc.constant('price' as const), product: fc.integer({ min: 1, max: 3 }), copyNow: fc.boolean(), late: fc.boolean() }),
    fc.record({ op: fc.constant('order' as const), customer: fc.integer({ min: 1, max: 4 }), products: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), copyNow: fc.boolean() }),
    fc.constant({ op: 'refresh' as const }),
    fc.constant({ op: 'applyLate' as const }),
  ),
  { maxLength: 60 },
);

describe('RowBook: staleness and drift in version numbers', () => {
  it('each source\'s per-customer oldest unseen change equals the line-by-line definition (fast-check seed 2718)', () => {
    fc.assert(
      fc.property(ops, (sequence: Op[]) => {
        const book = new RowBook(FACTS);
        const copy = new CopyTable(book);
        const view = new MaterializedView(book);
        // Copy updates held back and applied later, out of order: a late update overwrites a newer one.
        const late: (() => void)[] = [];
        sequence.forEach((o, i) => {
          const now = i + 1;
          if (o.op === 'rename') {
            const v = book.rename(o.customer, now);
            if (o.copyNow && !o.late) copy.rename(o.customer, v);
            if (o.copyNow && o.late) late.push(() => copy.rename(o.customer, v));
          } else if (o.op === 'price') {
            const { version } = book.changePrice(o.product, 7, now);
            if (o.copyNow && !o.late) copy.changePrice(o.product, version);
            if (o.copyNow && o.late) late.push(() => copy.changePrice(o.product, version));
          } else if (o.op === 'order') {
            const id = book.orders + 1;
            book.addOrder(id, o.customer, o.products, now);
            if (o.copyNow) copy.insertOrder(id);
          } else if (o.op === 'refresh') {
            view.contents = view.snapshot(now);
          } else {
            late.pop()?.();
          }
          for (let c = 1; c <= FACTS.customers; c++) {
            expect(copy.oldestUnseen(c)).toBe(bruteForce(book, copy, c));
            expect(view.oldestUnseen(c)).toBe(bruteForce(book, view, c));
          }
        });
      }),
      { seed: 2718, numRuns: 300 },
    );
  });

  it('a forgotten rename drifts every line of the customer until a later rename reaches the copy', () => {
    const book = new RowBook(FACTS);
    const copy = new CopyTable(book);
    book.rename(1, 10); // forgotten
    expect(book.drift(copy, 10)).toMatchObject({ rows: 4, byReason: { missing: 0, customer_name: 4, product_price: 0 } });
    expect(copy.oldestUnseen(1)).toBe(10);
    const v = book.rename(1, 20);
    copy.rename(1, v);
    expect(book.drift(copy, 10).rows).toBe(0);
  });

  it('a view shows the truth of its last refresh; CONCURRENTLY changes only the lines that moved', () => {
    const book = new RowBook(FACTS);
    const view = new MaterializedView(book);
    book.changePrice(2, 50, 5);
    book.addOrder(6, 4, [1], 6);
    const next = view.snapshot(7);
    expect(view.changedRows(next)).toBe(3 + 1); // product 2's three lines, and the new line
    expect(book.drift(view, 10).byReason).toEqual({ missing: 1, customer_name: 0, product_price: 3 });
    view.contents = next;
    expect(book.drift(view, 10).rows).toBe(0);
  });
});
