import { describe, expect, it } from 'vitest';
import { ORDERS_CUSTOMER_INDEX } from '../strategies';
import type { IndexInfo } from './indexChecklist';
import { addedAfterChange, hasOrdersCustomerIndex, missingIndexes, ordersIndexDdl, sameIndexNames, servesCustomerLookups } from './ordersIndexLink';

const index = (name: string, table: string, columns: string[], constraint = false): IndexInfo => ({ name, table, columns, constraint, scans: 0, bytes: 8192 });
const PKEYS = [index('orders_pkey', 'orders', ['id'], true), index('customers_pkey', 'customers', ['id'], true)];

describe('the orders.customer_id parameter and the real index are one fact', () => {
  it('any droppable index on orders led by customer_id serves the lookups; others do not', () => {
    expect(servesCustomerLookups(index('ix_orders_customer_id', 'orders', ['customer_id']))).toBe(true);
    expect(servesCustomerLookups(index('ix_orders_customer_id_created_at', 'orders', ['customer_id', 'created_at']))).toBe(true);
    expect(servesCustomerLookups(index('ix_orders_created_at_customer_id', 'orders', ['created_at', 'customer_id']))).toBe(false);
    expect(servesCustomerLookups(index('ix_customers_customer_id', 'customers', ['customer_id']))).toBe(false);
    expect(hasOrdersCustomerIndex(PKEYS)).toBe(false);
    expect(hasOrdersCustomerIndex([...PKEYS, index('orders_customer_id_idx', 'orders', ['customer_id'])])).toBe(true);
  });

  it('switching the parameter on creates the index the model assumes; off drops every index that serves it', () => {
    expect(ordersIndexDdl(true, PKEYS)).toBe(ORDERS_CUSTOMER_INDEX.replace('create index', 'create index if not exists'));
    const two = [...PKEYS, index('ix_orders_customer_id', 'orders', ['customer_id']), index('ix_orders_customer_id_total', 'orders', ['customer_id', 'total']), index('ix_customers_city', 'customers', ['city'])];
    expect(ordersIndexDdl(false, two)).toBe('drop index if exists ix_orders_customer_id; drop index if exists ix_orders_customer_id_total');
  });

  it('the index created again is the learner’s own, by its name and columns, when they made one', () => {
    const theirs = [
      { name: 'ix_customers_city', table: 'customers', columns: ['city'] },
      { name: 'ix_orders_customer_id_created_at', table: 'orders', columns: ['customer_id', 'created_at'] },
    ];
    expect(ordersIndexDdl(true, PKEYS, theirs)).toBe('create index if not exists ix_orders_customer_id_created_at on orders (customer_id, created_at)');
    // A name that would need quoting is not written into DDL: the parameter's own index is created instead.
    expect(ordersIndexDdl(true, PKEYS, [{ name: 'My Index', table: 'orders', columns: ['customer_id'] }])).toBe(ORDERS_CUSTOMER_INDEX.replace('create index', 'create index if not exists'));
  });

  it('after a rebuild, names the learner’s indexes that are gone, except the one the parameter brings back', () => {
    const added = [
      { name: 'ix_customers_city', table: 'customers', columns: ['city'] },
      { name: 'ix_orders_customer_id', table: 'orders', columns: ['customer_id'] },
      { name: 'ix_orders_created_at', table: 'orders', columns: ['created_at'] },
    ];
    expect(missingIndexes(added, [...PKEYS, index('ix_orders_created_at', 'orders', ['created_at'])]).map((a) => a.name)).toEqual(['ix_customers_city']);
    expect(missingIndexes(added, PKEYS).map((a) => a.name)).toEqual(['ix_customers_city', 'ix_orders_created_at']);
  });

  it('keeps the learner’s list in step with the catalog after their change', () => {
    const before = [{ name: 'ix_customers_city', table: 'customers', columns: ['city'] }];
    const after = [...PKEYS, index('ix_orders_customer_id', 'orders', ['customer_id'])];
    expect(addedAfterChange(before, after)).toEqual([{ name: 'ix_orders_customer_id', table: 'orders', columns: ['customer_id'] }]);
  });

  it('compares the index names a probe read with the catalog, in any order (collations sort underscores differently)', () => {
    const catalog = [...PKEYS, index('orders_customer_id_idx', 'orders', ['customer_id'])];
    expect(sameIndexNames('customers_pkey,orders_customer_id_idx,orders_pkey', catalog)).toBe(true);
    expect(sameIndexNames('orders_pkey,customers_pkey,orders_customer_id_idx', catalog)).toBe(true);
    expect(sameIndexNames('customers_pkey,orders_pkey', catalog)).toBe(false);
    expect(sameIndexNames('', [])).toBe(true);
  });
});
