import type { Environment, SimEvent } from '../engine';

interface Lock<K> {
  key: K;
  holder: number;
  since: number;
  waiters: { owner: number; granted: SimEvent<undefined> }[];
}

/**
 * Exclusive row locks as PostgreSQL takes them for UPDATE: one holder per row, the others wait in
 * arrival order until it commits or rolls back; waiting is an event a process yields. A lock held by
 * a transaction in doubt (prepared, its coordinator gone) is held until someone resolves it, so the
 * rows it touched stay blocked: the cost of two-phase commit a model of it must show.
 */
export class RowLocks<K> {
  private readonly locks = new Map<K, Lock<K>>();

  constructor(private readonly env: Environment) {}

  /** An event that fires when `owner` holds `key` (at once if the row is free or already its own). */
  acquire(key: K, owner: number): SimEvent<undefined> {
    const granted = this.env.event<undefined>();
    const lock = this.locks.get(key);
    if (lock === undefined) {
      this.locks.set(key, { key, holder: owner, since: this.env.now, waiters: [] });
      granted.succeed(undefined);
    } else if (lock.holder === owner) {
      granted.succeed(undefined);
    } else {
      lock.waiters.push({ owner, granted });
    }
    return granted;
  }

  /** `owner` lets go of `key`; the longest waiter, if any, gets it now. */
  release(key: K, owner: number): void {
    const lock = this.locks.get(key);
    if (lock === undefined || lock.holder !== owner) return;
    const next = lock.waiters.shift();
    if (next === undefined) {
      this.locks.delete(key);
      return;
    }
    lock.holder = next.owner;
    lock.since = this.env.now;
    next.granted.succeed(undefined);
  }

  /** Who holds `key`, or null. */
  holder(key: K): number | null {
    return this.locks.get(key)?.holder ?? null;
  }

  /** Transactions waiting for `key`. */
  waiting(key: K): number {
    return this.locks.get(key)?.waiters.length ?? 0;
  }

  /** Every held lock: its key, holder, since when, and how many wait for it. */
  held(): { key: K; holder: number; since: number; waiting: number }[] {
    return [...this.locks.values()].map((l) => ({ key: l.key, holder: l.holder, since: l.since, waiting: l.waiters.length }));
  }

  /** Transactions waiting for any lock. */
  get waitingTotal(): number {
    let n = 0;
    for (const l of this.locks.values()) n += l.waiters.length;
    return n;
  }
}
