import type { LockStrength, Value } from '../sql/ast';

export type Xid = number;
export type XactStatus = 'in progress' | 'committed' | 'aborted';

/** A table of the model: its columns and primary key (the lab's tables are small). */
export interface TableDef {
  name: string;
  columns: { name: string; type: 'int' | 'text' }[];
  primaryKey: string[];
}

/**
 * One row version (a heap tuple). Versions are numbered in creation order, which is also their
 * physical order on the table's single heap page: a sequential scan visits them in this order.
 */
export interface RowVersion {
  id: number;
  table: string;
  values: Value[];
  /** Inserting transaction and the command (statement) number within it. */
  xmin: Xid;
  cmin: number;
  /** Updating or deleting transaction (0: none); a row lock alone is kept in `lockers`, as PostgreSQL's lock-only xmax. */
  xmax: Xid;
  cmax: number;
  /** The newer version an UPDATE made from this one (null: deleted, or not updated). */
  next: number | null;
  /** Row locks (SELECT … FOR UPDATE / FOR SHARE) held without updating, by transaction. */
  lockers: Map<Xid, LockStrength>;
}

/** An MVCC snapshot: transactions below xmax and not in xip are visible, once committed. */
export interface Snapshot {
  xmin: Xid;
  xmax: Xid;
  xip: ReadonlySet<Xid>;
}

const STRENGTH_ORDER: Record<LockStrength, number> = { share: 0, 'no key update': 1, update: 2 };

/** PostgreSQL's row-lock conflict table, restricted to the modes of this lab: only share/share is compatible. */
export function strengthsConflict(a: LockStrength, b: LockStrength): boolean {
  return !(a === 'share' && b === 'share');
}

export function strongerStrength(a: LockStrength | undefined, b: LockStrength): LockStrength {
  return a === undefined || STRENGTH_ORDER[b] > STRENGTH_ORDER[a] ? b : a;
}

/** Transaction status lookups the heap needs (the commit log). */
export interface CommitLog {
  status(xid: Xid): XactStatus;
}

export function inSnapshot(xid: Xid, snapshot: Snapshot): boolean {
  return xid < snapshot.xmax && !snapshot.xip.has(xid);
}

/** HeapTupleSatisfiesMVCC: is this version visible to a statement of `own` (cid `curcid`) with `snapshot`? */
export function isVisible(v: RowVersion, own: Xid | null, curcid: number, snapshot: Snapshot, clog: CommitLog): boolean {
  if (own !== null && v.xmin === own) {
    if (v.cmin >= curcid) return false;
  } else if (clog.status(v.xmin) !== 'committed' || !inSnapshot(v.xmin, snapshot)) return false;
  if (v.xmax === 0) return true;
  if (own !== null && v.xmax === own) return v.cmax >= curcid;
  return !(clog.status(v.xmax) === 'committed' && inSnapshot(v.xmax, snapshot));
}

/** HeapTupleSatisfiesVacuum's answer, which SSI uses to find the transaction a read conflicts with. */
export type VacuumState = 'live' | 'dead' | 'recently dead' | 'insert in progress' | 'delete in progress';

export function vacuumState(v: RowVersion, own: Xid | null, oldestXmin: Xid, clog: CommitLog): VacuumState {
  const inserter = clog.status(v.xmin);
  if (own !== null && v.xmin === own) {
    if (v.xmax === 0 || clog.status(v.xmax) === 'aborted') return 'insert in progress';
    return v.xmax === own ? 'delete in progress' : 'insert in progress';
  }
  if (inserter === 'in progress') return 'insert in progress';
  if (inserter === 'aborted') return 'dead';
  if (v.xmax === 0) return 'live';
  const deleter = own !== null && v.xmax === own ? 'in progress' : clog.status(v.xmax);
  if (deleter === 'in progress') return 'delete in progress';
  if (deleter === 'aborted') return 'live';
  return v.xmax >= oldestXmin ? 'recently dead' : 'dead';
}
