import { SimEvent, type Environment } from '../engine';

/**
 * PostgreSQL's table-level lock modes, weakest first, by the names `pg_locks.mode` shows. What
 * takes which (PostgreSQL manual, "Explicit Locking"): SELECT takes AccessShareLock; INSERT,
 * UPDATE, DELETE take RowExclusiveLock; REFRESH MATERIALIZED VIEW takes AccessExclusiveLock on the
 * view, and ExclusiveLock with CONCURRENTLY; ALTER TABLE, DROP, TRUNCATE take AccessExclusiveLock.
 */
export const TABLE_LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export type TableLockMode = (typeof TABLE_LOCK_MODES)[number];

/** Which modes each mode conflicts with: the manual's "Conflicting Lock Modes" table (lock.c's LockConflicts). */
const CONFLICTS: Readonly<Record<TableLockMode, readonly TableLockMode[]>> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: [...TABLE_LOCK_MODES],
};

/** Whether a lock in mode `a` and one in mode `b`, held by different transactions, conflict. */
export function lockModesConflict(a: TableLockMode, b: TableLockMode): boolean {
  return CONFLICTS[a].includes(b);
}

/** One transaction's request for the lock: granted at once, or queued until it can be. */
export class TableLockRequest {
  /** Fires when the lock is granted (at once if nothing conflicts). */
  readonly granted: SimEvent<TableLockRequest>;
  /** Whether it had to wait, and the modes held or queued ahead that made it wait. */
  waited = false;
  blockedBy: TableLockMode[] = [];
  requestedAt: number;
  grantedAt = NaN;
  /** Held (granted and not released yet). */
  holding = false;

  constructor(
    env: Environment,
    readonly mode: TableLockMode,
    /** Who asked (a session's name, for traces and views). */
    readonly owner: string,
  ) {
    this.granted = new SimEvent<TableLockRequest>(env);
    this.requestedAt = env.now;
  }
}

/**
 * The lock on one table (or materialized view) as PostgreSQL's lock manager grants it, for models
 * of many sessions (one PGlite has only one). A request is granted at once only if its mode
 * conflicts neither with a mode held by another transaction nor with a mode some transaction is
 * already waiting for: so once a strong request queues (a plain REFRESH behind a running SELECT),
 * every later conflicting request queues behind it, even one that is compatible with what is held.
 * On release the queue is woken in order: each waiter is granted if it conflicts neither with what
 * is held nor with a waiter ahead of it still waiting (lock.c's LockAcquire and ProcLockWakeup).
 * Deadlock detection, which may reorder a queue, is not modelled: one table cannot deadlock alone.
 */
export class TableLock {
  private readonly held: TableLockRequest[] = [];
  private readonly queue: TableLockRequest[] = [];

  constructor(
    private readonly env: Environment,
    /** The relation's name, for traces. */
    readonly name: string,
  ) {}

  /** Ask for the lock in `mode`; yield `request.granted` to wait for it. */
  acquire(mode: TableLockMode, owner: string): TableLockRequest {
    const request = new TableLockRequest(this.env, mode, owner);
    const blockers = this.conflictsWith(mode, this.held).concat(this.conflictsWith(mode, this.queue));
    if (blockers.length === 0) {
      this.grant(request);
    } else {
      request.waited = true;
      request.blockedBy = [...new Set(blockers)];
      this.queue.push(request);
    }
    return request;
  }

  /** Give the lock back (at the end of the transaction), or withdraw a request still waiting. */
  release(request: TableLockRequest): void {
    const heldAt = this.held.indexOf(request);
    if (heldAt >= 0) {
      this.held.splice(heldAt, 1);
      request.holding = false;
    } else {
      const queuedAt = this.queue.indexOf(request);
      if (queuedAt < 0) return;
      this.queue.splice(queuedAt, 1);
    }
    this.wakeUp();
  }

  private wakeUp(): void {
    const ahead: TableLockRequest[] = [];
    for (const waiter of [...this.queue]) {
      if (this.conflictsWith(waiter.mode, ahead).length === 0 && this.conflictsWith(waiter.mode, this.held).length === 0) {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        this.grant(waiter);
      } else {
        ahead.push(waiter);
      }
    }
  }

  private grant(request: TableLockRequest): void {
    request.holding = true;
    request.grantedAt = this.env.now;
    this.held.push(request);
    request.granted.succeed(request);
  }

  private conflictsWith(mode: TableLockMode, others: readonly TableLockRequest[]): TableLockMode[] {
    return others.filter((o) => lockModesConflict(mode, o.mode)).map((o) => o.mode);
  }

  /** Requests holding the lock now, in the order they got it. */
  get holders(): readonly TableLockRequest[] {
    return this.held;
  }

  /** Requests waiting, in queue order. */
  get waiters(): readonly TableLockRequest[] {
    return this.queue;
  }

  /** What pg_locks would show for this relation: each request's mode and whether it is granted. */
  pgLocks(): { owner: string; mode: TableLockMode; granted: boolean }[] {
    return [...this.held.map((r) => ({ owner: r.owner, mode: r.mode, granted: true })), ...this.queue.map((r) => ({ owner: r.owner, mode: r.mode, granted: false }))];
  }
}
