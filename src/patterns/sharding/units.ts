import type { ShardMap } from '../../models/sharding/shardMap';
import { demoData, EPOCH_2024_S, RUN_START_S, SHARDING_DATASET, type DemoData } from './dataset';
import { ordersApart, spaceOf, type KeySpace, type SpaceKeys, type UnitKind } from './placement';
import type { ShardKey } from './params';

/** Rows of each sharded table (categories and products are copied to every shard and not counted). */
export interface TableRows {
  customers: number;
  accounts: number;
  orders: number;
  order_items: number;
}

export const SHARDED_TABLES = ['customers', 'accounts', 'orders', 'order_items'] as const;
export type ShardedTable = (typeof SHARDED_TABLES)[number];

export const noRows = (): TableRows => ({ customers: 0, accounts: 0, orders: 0, order_items: 0 });

/**
 * A unit of placement: the rows that share one shard key value and so always live together. A
 * customer unit holds the customer and its account (and its orders with their lines when the shard
 * key is customer_id); an order unit holds one order and its lines.
 */
export interface Unit {
  index: number;
  kind: UnitKind;
  /** Customer id or order id. */
  id: number;
  space: KeySpace;
  /** The shard key value (customer id, order id, or seconds from 2024-01-01). */
  key: number;
  /** The shard that holds the unit's rows and answers for them (the map's shard, after any cutover). */
  owner: number;
  /** A shard holding a copy it does not own (being moved to it, or left behind until cleanup); -1 when none. */
  copy: number;
  /** The copy is on its way in (writes are forwarded to it) rather than left behind (frozen, deleted at cleanup). */
  copyIncoming: boolean;
  /** Writes to the unit so far; `copyVersion` is the version the copy holds (equal while forwarding keeps it current). */
  version: number;
  copyVersion: number;
  rows: TableRows;
  /** The rows the copy holds. */
  copyRows: TableRows;
  /** Requests that touched it (load, for load-based splits). */
  hits: number;
}

/** One order as the reports need it. */
export interface OrderFacts {
  id: number;
  customerId: number;
  totalCents: number;
}

/**
 * Every row of the sharded tables, as units on shards: who owns each unit, which shard holds a
 * copy, how many rows each shard holds per table. The model's mirror of the data: each write
 * updates it, so the reports and checksums can be computed without SQL (and compared with it).
 */
export class ShardedData {
  readonly data: DemoData;
  readonly units: Unit[] = [];
  readonly customerUnit: number[];
  /** Order units by order id (only when orders are placed apart from their customers). */
  readonly orderUnit = new Map<number, number>();
  /** Per customer: revenue (cents) and orders, for the reports. */
  readonly revenueCents: number[];
  readonly orderCount: number[];
  /** Per account (= customer): committed balance, cents. */
  readonly balanceCents: number[];
  /** Per order unit: what the reports read of it. */
  readonly orderOf = new Map<number, OrderFacts>();
  /** Rows per shard and table (owned and copies alike: what the node holds). */
  readonly held: TableRows[] = [];
  readonly startBalanceCents: number;
  nextOrderId: number;

  constructor(
    readonly shardKey: ShardKey,
    customers: number,
    slots: number,
  ) {
    this.data = demoData(customers);
    const d = this.data;
    this.customerUnit = new Array<number>(customers + 1).fill(-1);
    this.revenueCents = new Array<number>(customers + 1).fill(0);
    this.orderCount = new Array<number>(customers + 1).fill(0);
    this.balanceCents = Array.from(d.balanceCents);
    for (let s = 0; s < slots; s++) this.held.push(noRows());
    for (let c = 1; c <= customers; c++) {
      this.customerUnit[c] = this.addUnit('customer', c, shardKey === 'created_at' ? d.customerCreatedS[c]! : c, { ...noRows(), customers: 1, accounts: 1 });
    }
    for (const o of d.orders) this.addOrder(o.id, o.customerId, o.totalCents, o.createdS, o.items);
    this.startBalanceCents = this.balanceCents.reduce((a, b) => a + b, 0);
    this.nextOrderId = Math.max(customers, SHARDING_DATASET.customers) * 5 + 1;
  }

  private addUnit(kind: UnitKind, id: number, key: number, rows: TableRows): number {
    const index = this.units.length;
    this.units.push({ index, kind, id, space: spaceOf(this.shardKey, kind), key, owner: -1, copy: -1, copyIncoming: false, version: 0, copyVersion: 0, rows, copyRows: noRows(), hits: 0 });
    return index;
  }

  /** Record an order (of the dataset, or new); returns its unit. Not yet placed when new: see {@link place}. */
  addOrder(id: number, customerId: number, totalCents: number, createdS: number, items: number): Unit {
    this.revenueCents[customerId]! += totalCents;
    this.orderCount[customerId]!++;
    if (!ordersApart(this.shardKey)) {
      const u = this.units[this.customerUnit[customerId]!]!;
      this.grow(u, { ...noRows(), orders: 1, order_items: items });
      return u;
    }
    const key = this.shardKey === 'created_at' ? createdS : id;
    const index = this.addUnit('order', id, key, { ...noRows(), orders: 1, order_items: items });
    this.orderUnit.set(id, index);
    this.orderOf.set(index, { id, customerId, totalCents });
    return this.units[index]!;
  }

  /** A new order's created_at key: seconds from 2024-01-01 at simulated time `nowMs`. */
  static newOrderCreatedS(nowMs: number): number {
    return RUN_START_S - EPOCH_2024_S + Math.floor(nowMs / 1000);
  }

  /** Place every unit by `mapOf` (at the start). */
  placeAll(mapOf: (space: KeySpace) => ShardMap): void {
    for (const u of this.units) if (u.owner < 0) this.place(u, mapOf(u.space).shardOf(u.key));
  }

  /** Put an unplaced unit's rows on `shard`. */
  place(u: Unit, shard: number): void {
    u.owner = shard;
    add(this.held[shard]!, u.rows, 1);
  }

  /** A unit gained rows (a new order with its customer). */
  private grow(u: Unit, delta: TableRows): void {
    add(u.rows, delta, 1);
    if (u.owner >= 0) add(this.held[u.owner]!, delta, 1);
    if (u.copy >= 0 && u.copyIncoming) add(this.held[u.copy]!, delta, 1);
    if (u.copy >= 0 && u.copyIncoming) add(u.copyRows, delta, 1);
  }

  /**
   * A write to a unit, applied on its owner and, while a move copies it in, forwarded to the copy
   * (so the copy is current at cutover). Returns the shard it was forwarded to, or -1.
   */
  written(u: Unit): number {
    u.version++;
    if (u.copy >= 0 && u.copyIncoming) {
      u.copyVersion = u.version;
      return u.copy;
    }
    return -1;
  }

  /** A copy of `u` written on `shard` (a batch of a move landed): from now on writes are forwarded to it. */
  addCopy(u: Unit, shard: number): void {
    u.copy = shard;
    u.copyIncoming = true;
    u.copyVersion = u.version;
    u.copyRows = { ...u.rows };
    add(this.held[shard]!, u.rows, 1);
  }

  /**
   * Cutover: the copy becomes the owner and the old owner keeps a frozen copy until cleanup.
   * Returns the writes the new owner missed (0 when forwarding did its job).
   */
  switchOwner(u: Unit): number {
    const missed = u.version - u.copyVersion;
    const old = u.owner;
    u.owner = u.copy;
    u.copy = old;
    u.copyIncoming = false;
    u.copyVersion = u.version;
    u.copyRows = { ...u.rows };
    return missed;
  }

  /** Cleanup: the copy left on the old owner is deleted. */
  dropCopy(u: Unit): void {
    add(this.held[u.copy]!, u.copyRows, -1);
    u.copy = -1;
    u.copyRows = noRows();
  }

  /** Every row count of one shard. */
  rowsOn(shard: number): number {
    const r = this.held[shard]!;
    return r.customers + r.accounts + r.orders + r.order_items;
  }

  /** The keys of one space in ascending order with their rows and a weight per key (rows, or requests). */
  spaceKeys(space: KeySpace, weight: (u: Unit) => number = (u) => totalRows(u.rows)): SpaceKeys & { weight: number[]; units: Unit[] } {
    const units = this.units.filter((u) => u.space === space).sort((a, b) => a.key - b.key || a.index - b.index);
    return { keys: units.map((u) => u.key), rows: units.map((u) => totalRows(u.rows)), weight: units.map(weight), units };
  }

  /** The unit holding a customer's account (and the customer row). */
  customer(c: number): Unit {
    return this.units[this.customerUnit[c]!]!;
  }

  /** Sum of all committed balances, cents. */
  balanceSum(): number {
    let sum = 0;
    for (let c = 1; c < this.balanceCents.length; c++) sum += this.balanceCents[c]!;
    return sum;
  }
}

export function totalRows(r: TableRows): number {
  return r.customers + r.accounts + r.orders + r.order_items;
}

function add(into: TableRows, rows: TableRows, sign: 1 | -1): void {
  into.customers += sign * rows.customers;
  into.accounts += sign * rows.accounts;
  into.orders += sign * rows.orders;
  into.order_items += sign * rows.order_items;
}
