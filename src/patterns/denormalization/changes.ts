import type { CopyTable, RowBook } from './rowBook';
import type { OrderLine } from './requests';
import { WRITE_SQL } from './sql';

/** A committed write, as the copies must follow it. */
export type Change =
  | { kind: 'renameCustomer'; customer: number; version: number; name: string }
  | { kind: 'changePrice'; product: number; version: number; price: string }
  | { kind: 'newOrder'; customer: number; orderId: number; lines: OrderLine[]; createdAt: string };

/** A statement and its parameters. */
export type Statement = readonly [string, unknown[]];

/** The name version `version` of a customer gives it: each one different, so a stale copy is visible in the rows. */
export function renamedName(customer: number, version: number): string {
  return `Customer ${customer} (renamed ${version})`;
}

/** New orders are dated from the start of 2026 plus the simulated time, so every run writes the same rows. */
const ORDERS_EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * Commit a write to the truth now: a new version of the customer's name or the product's price,
 * or a new order's lines. Returns the change the copies must follow.
 */
export function commitWrite(
  book: RowBook,
  kind: Change['kind'],
  w: { customer: number; product: number; lines: OrderLine[]; priceStepCents: number },
  now: number,
): Change {
  switch (kind) {
    case 'renameCustomer': {
      const version = book.rename(w.customer, now);
      return { kind, customer: w.customer, version, name: renamedName(w.customer, version) };
    }
    case 'changePrice': {
      const { version, cents } = book.changePrice(w.product, w.priceStepCents, now);
      return { kind, product: w.product, version, price: (cents / 100).toFixed(2) };
    }
    case 'newOrder': {
      const orderId = book.orders + 1;
      book.addOrder(orderId, w.customer, w.lines.map((l) => l.product), now);
      return { kind, customer: w.customer, orderId, lines: w.lines, createdAt: new Date(ORDERS_EPOCH_MS + Math.round(now)).toISOString() };
    }
  }
}

/** The write's own statements, on the five tables. */
export function writeStatements(c: Change): Statement[] {
  switch (c.kind) {
    case 'renameCustomer':
      return [[WRITE_SQL.renameCustomer, [c.customer, c.name]]];
    case 'changePrice':
      return [[WRITE_SQL.changePrice, [c.product, c.price]]];
    case 'newOrder':
      return [
        [WRITE_SQL.insertOrder, [c.orderId, c.customer, c.createdAt]],
        [WRITE_SQL.insertItems, [c.orderId, c.lines.map((_, i) => i + 1), c.lines.map((l) => l.product), c.lines.map((l) => l.quantity)]],
        [WRITE_SQL.orderTotal, [c.orderId]],
      ];
  }
}

/** The application's statement that brings its copy up to date with the write. */
export function copyStatements(c: Change): Statement[] {
  switch (c.kind) {
    case 'renameCustomer':
      return [[WRITE_SQL.copyRename, [c.customer, c.name]]];
    case 'changePrice':
      return [[WRITE_SQL.copyPrice, [c.product, c.price]]];
    case 'newOrder':
      return [[WRITE_SQL.copyOrder, [c.orderId]]];
  }
}

/** The same statement on the model's copy: returns the lines it touched. */
export function applyToCopy(copy: CopyTable, c: Change): number {
  switch (c.kind) {
    case 'renameCustomer':
      return copy.rename(c.customer, c.version);
    case 'changePrice':
      return copy.changePrice(c.product, c.version);
    case 'newOrder':
      return copy.insertOrder(c.orderId);
  }
}
