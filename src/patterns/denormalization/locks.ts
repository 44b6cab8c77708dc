import type { TableLockMode } from '../../models/tableLock';

/** How a materialized view is refreshed: rebuilt under an exclusive lock, or merged while readers go on. */
export type RefreshForm = 'plain' | 'concurrently';

/**
 * The lock each statement takes on the materialized view, as PostgreSQL takes it (checked against
 * a real server by differential.test.ts): a SELECT takes AccessShareLock; a plain REFRESH takes
 * AccessExclusiveLock, which conflicts with every mode, so readers wait for it (and queue behind
 * it while it waits); REFRESH … CONCURRENTLY takes ExclusiveLock, which does not conflict with
 * AccessShareLock, so readers go on, but two refreshes still run one after the other.
 */
export const VIEW_LOCK = {
  read: 'AccessShareLock',
  plain: 'AccessExclusiveLock',
  concurrently: 'ExclusiveLock',
} as const satisfies Record<'read' | RefreshForm, TableLockMode>;
