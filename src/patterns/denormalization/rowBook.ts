import type { DatasetFacts } from './costs';

/** Why one order line of a copy differs from the normalized truth. */
export type DriftReason = 'missing' | 'customer_name' | 'product_price';

/** One order line where a copy and the truth differ. */
export interface DriftedRow {
  orderId: number;
  line: number;
  customerId: number;
  productId: number;
  reasons: DriftReason[];
}

/**
 * What a copy holds of each order line, as version numbers: whether it has the line at all, and
 * which version of its customer's name and of its product's price it shows. Version k of a name
 * or price is the one the k-th committed change wrote; 0 is the dataset's.
 */
export interface RowSource {
  has(row: number): boolean;
  nameVersion(row: number): number;
  priceVersion(row: number): number;
  /**
   * When the oldest committed change to `customer`'s lines that this source does not show was
   * committed, or Infinity if it shows them all: a line it lacks, a name or a price it shows an
   * older version of (version v shown: change v + 1 is the oldest not seen). Kept per customer and
   * product, so a read costs the customer's products, not their lines.
   */
  oldestUnseen(customer: number): number;
}

/**
 * The order lines of the 4-join and the committed truth about them, as the model keeps it: which
 * customer and product each line has, when new lines were committed, and for every customer's
 * name and product's price its version now and when each version was committed. Copies are
 * {@link RowSource}s measured against it: staleness (how old the oldest committed change a read
 * does not see is) and drift (which lines differ) are the same computation PostgreSQL's EXCEPT
 * does on the real rows, in version numbers.
 */
export class RowBook {
  readonly rowCustomer: number[] = [];
  readonly rowProduct: number[] = [];
  readonly rowOrder: number[] = [];
  readonly rowLine: number[] = [];
  /** When the line was committed (0 for the dataset's). */
  readonly rowCommittedAt: number[] = [];
  /** [customer − 1]: its lines. */
  readonly customerRows: number[][];
  /** [product − 1]: its lines. */
  readonly productRows: number[][];
  /** [customer − 1]: each product the customer has lines of, with the first such line. */
  readonly customerProducts: Map<number, number>[];
  /** Told of every new order at its commit (a copy notes the lines it lacks). */
  readonly orderListeners: ((orderId: number) => void)[] = [];
  /** [order − 1]: its first line and how many it has. */
  private readonly orderRows: [number, number][] = [];
  /** [customer − 1]: the version of its name; [customer − 1][k]: when version k + 1 was committed. */
  readonly nameVersion: number[];
  readonly nameCommits: number[][];
  readonly priceVersion: number[];
  readonly priceCommits: number[][];
  /** [product − 1]: its price now, in cents (each change raises it, so no two versions are equal). */
  readonly priceCents: number[];

  constructor(readonly facts: DatasetFacts) {
    const customers = facts.customers;
    this.customerRows = Array.from({ length: customers }, () => []);
    this.productRows = Array.from({ length: facts.products }, () => []);
    this.customerProducts = Array.from({ length: customers }, () => new Map<number, number>());
    this.nameVersion = new Array<number>(customers).fill(0);
    this.nameCommits = Array.from({ length: customers }, () => []);
    this.priceVersion = new Array<number>(facts.products).fill(0);
    this.priceCommits = Array.from({ length: facts.products }, () => []);
    this.priceCents = [...facts.productCents];
    facts.orderLines.forEach((products, i) => this.addOrder(i + 1, facts.orderCustomer[i]!, products, 0));
  }

  get rows(): number {
    return this.rowCustomer.length;
  }

  get orders(): number {
    return this.orderRows.length;
  }

  /** Record an order's lines (the dataset's, or a new order at its commit). */
  addOrder(orderId: number, customer: number, products: readonly number[], committedAt: number): void {
    if (orderId !== this.orderRows.length + 1) throw new Error(`order ${orderId} out of sequence: next is ${this.orderRows.length + 1}`);
    this.orderRows.push([this.rows, products.length]);
    products.forEach((product, i) => {
      const row = this.rows;
      this.rowCustomer.push(customer);
      this.rowProduct.push(product);
      this.rowOrder.push(orderId);
      this.rowLine.push(i + 1);
      this.rowCommittedAt.push(committedAt);
      this.customerRows[customer - 1]!.push(row);
      this.productRows[product - 1]!.push(row);
      const mine = this.customerProducts[customer - 1]!;
      if (!mine.has(product)) mine.set(product, row);
    });
    for (const listener of this.orderListeners) listener(orderId);
  }

  /** The line indexes of an order. */
  rowsOfOrder(orderId: number): number[] {
    const [first, count] = this.orderRows[orderId - 1]!;
    return Array.from({ length: count }, (_, i) => first + i);
  }

  /** A rename committed now: returns its version. */
  rename(customer: number, now: number): number {
    this.nameCommits[customer - 1]!.push(now);
    return ++this.nameVersion[customer - 1]!;
  }

  /** A price change committed now, raising the price by `stepCents`: returns its version and the new price. */
  changePrice(product: number, stepCents: number, now: number): { version: number; cents: number } {
    this.priceCommits[product - 1]!.push(now);
    this.priceCents[product - 1]! += stepCents;
    return { version: ++this.priceVersion[product - 1]!, cents: this.priceCents[product - 1]! };
  }

  /** The oldest change `source` does not show to any of the first `customers` customers (Infinity if none). */
  oldestUnseenAmong(source: RowSource, customers: number): number {
    let oldest = Infinity;
    for (let c = 1; c <= customers; c++) oldest = Math.min(oldest, source.oldestUnseen(c));
    return oldest;
  }

  /** The commit time of the version after `shown` of customer `c`'s name, or Infinity if `shown` is current. */
  nameChangeAfter(c: number, shown: number): number {
    return shown < this.nameVersion[c - 1]! ? this.nameCommits[c - 1]![shown]! : Infinity;
  }

  /** The commit time of the version after `shown` of product `p`'s price, or Infinity if `shown` is current. */
  priceChangeAfter(p: number, shown: number): number {
    return shown < this.priceVersion[p - 1]! ? this.priceCommits[p - 1]![shown]! : Infinity;
  }

  private reasons(source: RowSource, row: number): DriftReason[] {
    if (!source.has(row)) return ['missing'];
    const out: DriftReason[] = [];
    if (source.nameVersion(row) !== this.nameVersion[this.rowCustomer[row]! - 1]) out.push('customer_name');
    if (source.priceVersion(row) !== this.priceVersion[this.rowProduct[row]! - 1]) out.push('product_price');
    return out;
  }

  /** How many lines differ between `source` and the truth, and the first `list` of them in (order, line) order. */
  drift(source: RowSource, list: number): { rows: number; listed: DriftedRow[]; byReason: Record<DriftReason, number> } {
    let rows = 0;
    const listed: DriftedRow[] = [];
    const byReason: Record<DriftReason, number> = { missing: 0, customer_name: 0, product_price: 0 };
    for (let row = 0; row < this.rows; row++) {
      const reasons = this.reasons(source, row);
      if (reasons.length === 0) continue;
      rows++;
      for (const r of reasons) byReason[r]++;
      if (listed.length < list) {
        listed.push({ orderId: this.rowOrder[row]!, line: this.rowLine[row]!, customerId: this.rowCustomer[row]!, productId: this.rowProduct[row]!, reasons });
      }
    }
    return { rows, listed, byReason };
  }
}

/** The truth itself: what the normalized read sees. */
export function truthSource(book: RowBook): RowSource {
  return {
    has: () => true,
    nameVersion: (row) => book.nameVersion[book.rowCustomer[row]! - 1]!,
    priceVersion: (row) => book.priceVersion[book.rowProduct[row]! - 1]!,
    oldestUnseen: () => Infinity,
  };
}

/**
 * The copy as a table: each of its lines as the last statement that touched it left it. The
 * methods are the application's (or the triggers') statements, in version numbers: an UPDATE of
 * a customer's name sets every line of the customer it has to that write's version, even when a
 * later rename already reached the copy (a late copy overwrites a newer one, as it does in SQL).
 */
export class CopyTable implements RowSource {
  private readonly present: boolean[] = [];
  private readonly names: number[] = [];
  private readonly prices: number[] = [];
  /** [customer − 1]: the oldest name version any of its lines shows (Infinity: no lines). */
  private readonly nameMin: number[];
  /** [customer − 1]: the oldest price version its lines of each product show. */
  private readonly priceMin: Map<number, number>[];
  /** [product − 1]: the customers with lines of it in the copy. */
  private readonly productCustomers: Set<number>[];
  /** [customer − 1]: its committed orders the copy lacks, oldest first, with their commit times. */
  private readonly missing: { orderId: number; at: number }[][];

  constructor(private readonly book: RowBook) {
    this.nameMin = new Array<number>(book.customerRows.length).fill(Infinity);
    this.priceMin = Array.from({ length: book.customerRows.length }, () => new Map<number, number>());
    this.productCustomers = Array.from({ length: book.productRows.length }, () => new Set<number>());
    this.missing = Array.from({ length: book.customerRows.length }, () => []);
    for (let row = 0; row < book.rows; row++) this.insertRow(row);
    book.orderListeners.push((orderId) => {
      const first = book.rowsOfOrder(orderId)[0];
      if (first === undefined) return;
      this.missing[book.rowCustomer[first]! - 1]!.push({ orderId, at: book.rowCommittedAt[first]! });
    });
  }

  has(row: number): boolean {
    return this.present[row] === true;
  }

  nameVersion(row: number): number {
    return this.names[row]!;
  }

  priceVersion(row: number): number {
    return this.prices[row]!;
  }

  oldestUnseen(customer: number): number {
    const b = this.book;
    let oldest = this.missing[customer - 1]![0]?.at ?? Infinity;
    const nameMin = this.nameMin[customer - 1]!;
    if (nameMin !== Infinity) oldest = Math.min(oldest, b.nameChangeAfter(customer, nameMin));
    for (const [product, shown] of this.priceMin[customer - 1]!) oldest = Math.min(oldest, b.priceChangeAfter(product, shown));
    return oldest;
  }

  /** An UPDATE of one column of the copy: `version` on each of `rows` the copy holds; the rows it touched. */
  private setOnCopiedRows(rows: readonly number[], column: number[], version: number): number {
    let touched = 0;
    for (const row of rows) {
      if (!this.present[row]) continue;
      column[row] = version;
      touched++;
    }
    return touched;
  }

  /** `update copy set customer_name = … where customer_id = $1`, with the name of `version`. */
  rename(customer: number, version: number): number {
    const touched = this.setOnCopiedRows(this.book.customerRows[customer - 1]!, this.names, version);
    if (touched > 0) this.nameMin[customer - 1] = version;
    return touched;
  }

  /** `update copy set product_price = … where product_id = $1`, with the price of `version`. */
  changePrice(product: number, version: number): number {
    const touched = this.setOnCopiedRows(this.book.productRows[product - 1]!, this.prices, version);
    for (const customer of this.productCustomers[product - 1]!) this.priceMin[customer - 1]!.set(product, version);
    return touched;
  }

  /** `insert into copy select … from the join where o.id = $1`: the lines as the truth is now. */
  insertOrder(orderId: number): number {
    const rows = this.book.rowsOfOrder(orderId);
    for (const row of rows) this.insertRow(row);
    if (rows.length > 0) {
      const missing = this.missing[this.book.rowCustomer[rows[0]!]! - 1]!;
      const at = missing.findIndex((m) => m.orderId === orderId);
      if (at >= 0) missing.splice(at, 1);
    }
    return rows.length;
  }

  private insertRow(row: number): void {
    const b = this.book;
    const customer = b.rowCustomer[row]!;
    const product = b.rowProduct[row]!;
    const name = b.nameVersion[customer - 1]!;
    const price = b.priceVersion[product - 1]!;
    this.present[row] = true;
    this.names[row] = name;
    this.prices[row] = price;
    this.nameMin[customer - 1] = Math.min(this.nameMin[customer - 1]!, name);
    const mine = this.priceMin[customer - 1]!;
    mine.set(product, Math.min(mine.get(product) ?? Infinity, price));
    this.productCustomers[product - 1]!.add(customer);
  }
}

/** The truth at one instant, as a refresh's snapshot sees it: lines committed so far and every version. */
export interface ViewContents {
  takenAt: number;
  rows: number;
  names: readonly number[];
  prices: readonly number[];
}

/** The materialized view: the truth as of the snapshot of the last refresh that committed. */
export class MaterializedView implements RowSource {
  contents: ViewContents;

  constructor(private readonly book: RowBook) {
    this.contents = this.snapshot(0);
  }

  /** The truth now, as a REFRESH's query reads it. */
  snapshot(now: number): ViewContents {
    return { takenAt: now, rows: this.book.rows, names: [...this.book.nameVersion], prices: [...this.book.priceVersion] };
  }

  has(row: number): boolean {
    return row < this.contents.rows;
  }

  nameVersion(row: number): number {
    return this.contents.names[this.book.rowCustomer[row]! - 1]!;
  }

  priceVersion(row: number): number {
    return this.contents.prices[this.book.rowProduct[row]! - 1]!;
  }

  oldestUnseen(customer: number): number {
    const b = this.book;
    const seen = this.contents;
    const rows = b.customerRows[customer - 1]!;
    // A name shows only on the lines the view has.
    let oldest = rows.length > 0 && rows[0]! < seen.rows ? b.nameChangeAfter(customer, seen.names[customer - 1]!) : Infinity;
    // The customer's first line committed after the snapshot (lines are numbered in commit order).
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]! < seen.rows) lo = mid + 1;
      else hi = mid;
    }
    if (lo < rows.length) oldest = Math.min(oldest, b.rowCommittedAt[rows[lo]!]!);
    for (const [product, firstRow] of b.customerProducts[customer - 1]!) {
      if (firstRow < seen.rows) oldest = Math.min(oldest, b.priceChangeAfter(product, seen.prices[product - 1]!));
    }
    return oldest;
  }

  /** Lines a refresh to `next` changes (deleted and inserted by CONCURRENTLY): new lines and lines whose name or price moved on. */
  changedRows(next: ViewContents): number {
    const b = this.book;
    let changed = next.rows - Math.min(this.contents.rows, next.rows);
    for (let row = 0; row < Math.min(this.contents.rows, next.rows); row++) {
      const c = b.rowCustomer[row]! - 1;
      const p = b.rowProduct[row]! - 1;
      if (this.contents.names[c] !== next.names[c] || this.contents.prices[p] !== next.prices[p]) changed++;
    }
    return changed;
  }
}

/** A view of `contents` without changing the live one (the drift check counts a refresh under way as done). */
export function viewAt(book: RowBook, contents: ViewContents): RowSource {
  const view = new MaterializedView(book);
  view.contents = contents;
  return view;
}
