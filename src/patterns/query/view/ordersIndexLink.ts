import { ORDERS_CUSTOMER_INDEX } from '../strategies';
import type { IndexInfo } from './indexChecklist';
import { dropIndexSql, IDENTIFIER } from './indexSql';
import type { AddedIndex } from './indexViewMemory';

/**
 * The query lab's "Index on orders.customer_id" parameter and the primary's real indexes are one
 * fact: the index the parameter means is any index the learner may drop whose first column is
 * orders.customer_id (an index is searched by its first column, so (customer_id, created_at)
 * serves the lookups as well). These pure rules decide how the index view keeps them in step.
 */
export function servesCustomerLookups(index: IndexInfo): boolean {
  return index.table === 'orders' && index.columns[0] === 'customer_id' && !index.constraint;
}

/** Whether the primary has an index that serves `where customer_id = …` on orders. */
export function hasOrdersCustomerIndex(indexes: readonly IndexInfo[]): boolean {
  return indexes.some(servesCustomerLookups);
}

/**
 * The DDL that makes the primary match the parameter: create the index it assumes, or drop every
 * one that serves it. The index created is the learner's own on orders (customer_id …), with its
 * name and columns, when they made one (`added`): a rebuilt primary gets back the index they had,
 * not one of another name. `if (not) exists`: the catalog it is built from may be a moment old (a
 * run restarting rebuilds the primary meanwhile), and a no-op is then the right answer, not an error.
 */
export function ordersIndexDdl(on: boolean, indexes: readonly IndexInfo[], added: readonly AddedIndex[] = []): string {
  if (on) {
    const theirs = added.find((a) => isOrdersCustomerIndex(a) && [a.name, ...a.columns].every((x) => IDENTIFIER.test(x)));
    if (theirs) return `create index if not exists ${theirs.name} on orders (${theirs.columns.join(', ')})`;
    return ORDERS_CUSTOMER_INDEX.replace(/^create index /, 'create index if not exists ');
  }
  return indexes
    .filter(servesCustomerLookups)
    .map((i) => dropIndexSql(i.name).replace(/^drop index /, 'drop index if exists '))
    .join('; ');
}

/** Whether a learner's index (by table and columns) is one the parameter stands for. */
export function isOrdersCustomerIndex(added: Pick<AddedIndex, 'table' | 'columns'>): boolean {
  return added.table === 'orders' && added.columns[0] === 'customer_id';
}

/**
 * The indexes the learner added that the primary no longer has (it was rebuilt from its base
 * backup), apart from the one the parameter stands for, which the view creates again itself.
 */
export function missingIndexes(added: readonly AddedIndex[], indexes: readonly IndexInfo[]): AddedIndex[] {
  return added.filter((a) => !isOrdersCustomerIndex(a) && !indexes.some((i) => i.name === a.name));
}

/** The learner's list after a change: what the catalog now has of it, plus what they just created. */
export function addedAfterChange(added: readonly AddedIndex[], indexes: readonly IndexInfo[]): AddedIndex[] {
  const kept = added.filter((a) => indexes.some((i) => i.name === a.name));
  const fresh = indexes.filter((i) => !i.constraint && !added.some((a) => a.name === i.name)).map((i) => ({ name: i.name, table: i.table, columns: i.columns }));
  return [...kept, ...fresh];
}

/** Whether the comma-separated index names a probe read are exactly the catalog's (in any order). */
export function sameIndexNames(probed: string, indexes: readonly IndexInfo[]): boolean {
  const a = probed.split(',').filter(Boolean).sort();
  const b = indexes.map((i) => i.name).sort();
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
