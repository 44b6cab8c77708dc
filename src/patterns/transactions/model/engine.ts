import type { Expr, IsolationLevel, LockStrength, LockWaitPolicy, SelectItem, Statement, Value } from '../sql/ast';
import { evaluate, hasAggregate, qualifies, storable, type RowAccess } from './evaluate';
import { isVisible, strengthsConflict, strongerStrength, type RowVersion, type Snapshot, type TableDef, type XactStatus, type Xid } from './heap';
import { SsiManager, type SerializableXact } from './ssi';
import {
  SqlError,
  abortedTransaction,
  concurrentDelete,
  concurrentUpdate,
  deadlockDetected,
  rowLockNotAvailable,
} from './sqlError';

/** A result row: column name → value. */
export type Row = Record<string, Value>;

/** What one statement returned: PostgreSQL's command tag (with its row count) and, for SELECT, its rows. */
export interface StatementOutcome {
  status: 'ok' | 'error';
  /** Command tag, e.g. `UPDATE 1`, `SELECT 2`, `INSERT 1` (the OID field dropped), `BEGIN`, `ROLLBACK`. */
  command: string | null;
  rows: Row[] | null;
  sqlstate: string | null;
  message: string | null;
}

/** What a blocked statement waits for. */
export type Wait =
  /** The end of another transaction (PostgreSQL's wait on a transactionid lock). */
  | { kind: 'xact'; xid: Xid }
  /** The heavyweight lock on one tuple, which queues waiters for a row lock in arrival order. */
  | { kind: 'tuple'; versionId: number; strength: LockStrength };

interface Transaction {
  session: string;
  isolation: IsolationLevel;
  explicit: boolean;
  xid: Xid | null;
  /** The transaction snapshot (REPEATABLE READ and SERIALIZABLE), taken by its first statement. */
  snapshot: Snapshot | null;
  nextCid: number;
  /** Aborted by an error inside BEGIN … COMMIT: every statement but COMMIT/ROLLBACK fails with 25P02. */
  failed: boolean;
  sxact: SerializableXact | null;
}

type StatementRun = Generator<Wait, { command: string; rows: Row[] | null }, void>;

interface Running {
  stepIndex: number;
  statement: Statement;
  run: StatementRun;
  wait: Wait | null;
  /** Order in which waits began: deadlock checks fire in this order (each deadlock_timeout after its wait began). */
  waitSerial: number;
  deadlockCheckPending: boolean;
}

interface SessionState {
  name: string;
  isolation: IsolationLevel;
  tx: Transaction | null;
  running: Running | null;
}

interface TupleLock {
  granted: { session: string; strength: LockStrength }[];
  queue: { session: string; strength: LockStrength }[];
}

/** A statement that finished (possibly long after it was issued). */
export interface Completion {
  session: string;
  stepIndex: number;
  outcome: StatementOutcome;
}

/** One edge of the wait-for graph: `from` waits for `to`. */
export interface WaitEdge {
  from: string;
  to: string;
  /** What `from` is waiting for: another transaction's end, or its turn in a row's lock queue. */
  reason: 'transaction' | 'row lock queue';
  versionId: number | null;
}

const SETUP_SESSION = '(setup)';

/**
 * A model of PostgreSQL's MVCC and row locking for small tables: row versions with xmin/xmax,
 * snapshots per statement (READ COMMITTED) or per transaction (REPEATABLE READ, SERIALIZABLE),
 * row locks and their wait queues, READ COMMITTED's EvalPlanQual re-check, REPEATABLE READ's
 * serialization failures, SSI for SERIALIZABLE and deadlock detection. Deterministic: time is the
 * order in which statements are issued.
 */
export class TxnEngine {
  readonly tables = new Map<string, TableDef>();
  readonly versions: RowVersion[] = [];
  private readonly xids = new Map<Xid, { status: XactStatus; session: string }>();
  private nextXidValue = 100;
  readonly ssi: SsiManager;
  private readonly sessions = new Map<string, SessionState>();
  private readonly tupleLocks = new Map<number, TupleLock>();
  private runnable: string[] = [];
  private completions: Completion[] = [];
  private waitSerial = 0;
  /** Set when the outcome could depend on the relative speed of sessions running at the same time (see `racyReasons`). */
  readonly racyReasons: string[] = [];
  /** Deadlocks found so far: the cycle (in wait order) and the victim PostgreSQL cancels. */
  readonly deadlocks: { cycle: string[]; victim: string; stepIndex: number }[] = [];
  private currentStep = -1;

  constructor() {
    this.ssi = new SsiManager({ status: (xid) => this.status(xid), nextXid: () => this.nextXidValue });
  }

  // ---- commit log -------------------------------------------------------------------------

  status(xid: Xid): XactStatus {
    if (xid < 100) return 'committed';
    return this.xids.get(xid)?.status ?? 'aborted';
  }

  xidOwner(xid: Xid): string | undefined {
    return this.xids.get(xid)?.session;
  }

  private assignXid(tx: Transaction): Xid {
    if (tx.xid === null) {
      tx.xid = this.nextXidValue++;
      this.xids.set(tx.xid, { status: 'in progress', session: tx.session });
      if (tx.sxact) tx.sxact.xid = tx.xid;
    }
    return tx.xid;
  }

  private takeSnapshot(tx: Transaction): Snapshot {
    const xip = new Set<Xid>();
    let xmin = this.nextXidValue;
    for (const [xid, info] of this.xids) {
      if (info.status !== 'in progress') continue;
      if (xid !== tx.xid) xip.add(xid);
      xmin = Math.min(xmin, xid);
    }
    return { xmin, xmax: this.nextXidValue, xip };
  }

  // ---- sessions ---------------------------------------------------------------------------

  addSession(name: string, isolation: IsolationLevel): void {
    this.sessions.set(name, { name, isolation, tx: null, running: null });
  }

  sessionNames(): string[] {
    return [...this.sessions.keys()].filter((n) => n !== SETUP_SESSION);
  }

  isBusy(session: string): boolean {
    return this.session(session).running !== null;
  }

  private session(name: string): SessionState {
    const s = this.sessions.get(name);
    if (s === undefined) throw new Error(`unknown session ${name}`);
    return s;
  }

  /** Run a setup statement in a transaction of its own; throws the SqlError if it fails. */
  setup(statement: Statement): void {
    if (!this.sessions.has(SETUP_SESSION)) this.addSession(SETUP_SESSION, 'read committed');
    this.issue(SETUP_SESSION, -1, statement);
    const done = this.settle();
    const outcome = done.find((c) => c.session === SETUP_SESSION)?.outcome;
    if (outcome === undefined) throw new Error('a setup statement blocked');
    if (outcome.status === 'error') throw new SqlError(outcome.sqlstate ?? 'XX000', outcome.message ?? 'error');
  }

  /** Start a statement in a session that is not busy. Call `settle()` to run until everything is done or blocked. */
  issue(sessionName: string, stepIndex: number, statement: Statement): void {
    const s = this.session(sessionName);
    if (s.running !== null) throw new Error(`session ${sessionName} is busy`);
    this.currentStep = stepIndex;
    s.running = { stepIndex, statement, run: this.execute(s, statement), wait: null, waitSerial: 0, deadlockCheckPending: false };
    this.runnable.push(sessionName);
  }

  /**
   * Run every runnable session until each is finished or blocked, then (unless
   * `runDeadlockChecks` is false) fire the pending deadlock checks in the order the waits began,
   * as a schedule runner that waits longer than deadlock_timeout after each step sees them; a check
   * that finds a cycle cancels its own session's statement, which may release others, and so on
   * until nothing changes. Returns the statements that finished.
   *
   * With `runDeadlockChecks: false` no check runs: the caller fires each waiter's check at the
   * moment it chooses with {@link checkDeadlock} (a load model, deadlock_timeout after each wait
   * began in simulated time) and collects what that released with another `settle`.
   */
  settle(options: { runDeadlockChecks?: boolean } = {}): Completion[] {
    const runDeadlockChecks = options.runDeadlockChecks ?? true;
    for (;;) {
      this.runRunnable();
      if (!runDeadlockChecks) break;
      const pending = [...this.sessions.values()]
        .filter((s) => s.running?.wait && s.running.deadlockCheckPending)
        .sort((a, b) => a.running!.waitSerial - b.running!.waitSerial);
      let victim = false;
      for (const s of pending) {
        s.running!.deadlockCheckPending = false;
        const cycle = this.cycleThrough(s.name);
        if (cycle === null) continue;
        const stillPending = cycle.filter((n) => n !== s.name && pending.some((p) => p.name === n && p.running?.deadlockCheckPending));
        if (stillPending.length > 0) this.racy(`the deadlock victim among ${[s.name, ...stillPending].join(', ')} depends on whose deadlock_timeout fires first`);
        this.cancelAsDeadlockVictim(s, cycle);
        victim = true;
        break;
      }
      if (!victim) break;
    }
    const done = this.completions;
    this.completions = [];
    return done;
  }

  /**
   * The deadlock check PostgreSQL runs in a waiting backend once deadlock_timeout has passed
   * since its wait began: if a wait-for cycle runs through `session`, its statement is cancelled
   * with 40P01 and true is returned. Each wait is checked once: a session that is not waiting, or
   * whose current wait was already checked (and found no cycle then), is not checked again and
   * false is returned, as in PostgreSQL. Call `settle({ runDeadlockChecks: false })` afterwards to
   * collect the victim's completion and run the sessions its cancellation released.
   */
  checkDeadlock(session: string): boolean {
    const s = this.session(session);
    if (!s.running?.wait || !s.running.deadlockCheckPending) return false;
    s.running.deadlockCheckPending = false;
    const cycle = this.cycleThrough(s.name);
    if (cycle === null) return false;
    this.cancelAsDeadlockVictim(s, cycle);
    return true;
  }

  /**
   * Waits whose deadlock check has not run yet, oldest first. `waitSerial` identifies one wait
   * (it increases with every wait that begins), so a caller can tell a new wait of the same
   * session, which PostgreSQL gives a deadlock_timeout of its own, from one it already timed.
   */
  pendingDeadlockChecks(): { session: string; waitSerial: number }[] {
    return [...this.sessions.values()]
      .filter((s) => s.running?.wait && s.running.deadlockCheckPending)
      .sort((a, b) => a.running!.waitSerial - b.running!.waitSerial)
      .map((s) => ({ session: s.name, waitSerial: s.running!.waitSerial }));
  }

  private runRunnable(): void {
    while (this.runnable.length > 0) {
      if (this.runnable.length > 1) this.racy(`sessions ${this.runnable.join(', ')} were released at the same moment`);
      this.resume(this.session(this.runnable.shift()!));
    }
  }

  private cancelAsDeadlockVictim(s: SessionState, cycle: string[]): void {
    this.deadlocks.push({ cycle, victim: s.name, stepIndex: this.currentStep });
    this.cancelWait(s);
    this.finish(s, { error: deadlockDetected() });
  }

  private racy(reason: string): void {
    const text = `step ${this.currentStep}: ${reason}`;
    if (!this.racyReasons.includes(text)) this.racyReasons.push(text);
  }

  private resume(s: SessionState): void {
    const r = s.running;
    if (r === null) return;
    r.wait = null;
    for (;;) {
      let step: IteratorResult<Wait, { command: string; rows: Row[] | null }>;
      try {
        step = r.run.next();
      } catch (error) {
        if (!(error instanceof SqlError)) throw error;
        this.finish(s, { error });
        return;
      }
      if (step.done) {
        this.finish(s, { result: step.value });
        return;
      }
      const wait = step.value;
      if (wait.kind === 'tuple') {
        const lock = this.tupleLock(wait.versionId);
        if (this.tupleLockGrantable(lock, s.name, wait.strength, lock.queue.length)) {
          lock.granted.push({ session: s.name, strength: wait.strength });
          continue;
        }
        lock.queue.push({ session: s.name, strength: wait.strength });
      } else if (this.status(wait.xid) !== 'in progress') continue;
      r.wait = wait;
      r.waitSerial = ++this.waitSerial;
      r.deadlockCheckPending = true;
      return;
    }
  }

  private finish(s: SessionState, end: { result: { command: string; rows: Row[] | null } } | { error: SqlError }): void {
    const r = s.running!;
    this.releaseTupleLocks(s.name);
    let outcome: StatementOutcome;
    if ('result' in end) {
      outcome = { status: 'ok', command: end.result.command, rows: end.result.rows, sqlstate: null, message: null };
      const tx = s.tx;
      if (tx !== null && !tx.explicit) {
        try {
          this.commit(s, tx);
        } catch (error) {
          if (!(error instanceof SqlError)) throw error;
          outcome = { status: 'error', command: null, rows: null, sqlstate: error.sqlstate, message: error.message };
          this.abort(s, tx);
        }
      }
    } else {
      outcome = { status: 'error', command: null, rows: null, sqlstate: end.error.sqlstate, message: end.error.message };
      const tx = s.tx;
      if (tx !== null) {
        if (!tx.failed) this.abort(s, tx);
        // COMMIT ends the block even when it fails; any other statement leaves it aborted until ROLLBACK.
        if (tx.explicit && r.statement.kind !== 'commit') {
          tx.failed = true;
          s.tx = tx;
        } else s.tx = null;
      }
    }
    s.running = null;
    this.completions.push({ session: s.name, stepIndex: r.stepIndex, outcome });
  }

  private commit(s: SessionState, tx: Transaction): void {
    if (tx.sxact) this.ssi.preCommit(tx.sxact);
    if (tx.xid !== null) this.xids.get(tx.xid)!.status = 'committed';
    if (tx.sxact) this.ssi.committed(tx.sxact);
    s.tx = null;
    this.transactionEnded(s, tx);
  }

  private abort(s: SessionState, tx: Transaction): void {
    if (tx.xid !== null) this.xids.get(tx.xid)!.status = 'aborted';
    if (tx.sxact) this.ssi.aborted(tx.sxact);
    s.tx = null;
    this.transactionEnded(s, tx);
  }

  private transactionEnded(s: SessionState, tx: Transaction): void {
    this.releaseTupleLocks(s.name);
    if (tx.xid === null) return;
    const woken = [...this.sessions.values()]
      .filter((o) => o.running?.wait?.kind === 'xact' && o.running.wait.xid === tx.xid)
      .sort((a, b) => a.running!.waitSerial - b.running!.waitSerial);
    for (const o of woken) {
      o.running!.wait = null;
      o.running!.deadlockCheckPending = false;
      this.runnable.push(o.name);
    }
  }

  // ---- tuple locks and the wait-for graph ------------------------------------------------

  private tupleLock(versionId: number): TupleLock {
    let lock = this.tupleLocks.get(versionId);
    if (lock === undefined) {
      lock = { granted: [], queue: [] };
      this.tupleLocks.set(versionId, lock);
    }
    return lock;
  }

  /** A heavyweight lock is granted if it conflicts with no holder and with no waiter ahead of it. */
  private tupleLockGrantable(lock: TupleLock, session: string, strength: LockStrength, queuePosition: number): boolean {
    if (lock.granted.some((g) => g.session !== session && strengthsConflict(g.strength, strength))) return false;
    return !lock.queue.slice(0, queuePosition).some((w) => w.session !== session && strengthsConflict(w.strength, strength));
  }

  private releaseTupleLocks(session: string): void {
    for (const [versionId, lock] of this.tupleLocks) {
      const before = lock.granted.length;
      lock.granted = lock.granted.filter((g) => g.session !== session);
      if (lock.granted.length !== before) this.grantWaiters(versionId, lock);
    }
  }

  private releaseTupleLock(session: string, versionId: number): void {
    const lock = this.tupleLocks.get(versionId);
    if (lock === undefined) return;
    lock.granted = lock.granted.filter((g) => g.session !== session);
    this.grantWaiters(versionId, lock);
  }

  private grantWaiters(versionId: number, lock: TupleLock): void {
    for (let i = 0; i < lock.queue.length; ) {
      const w = lock.queue[i]!;
      if (this.tupleLockGrantable(lock, w.session, w.strength, i)) {
        lock.queue.splice(i, 1);
        lock.granted.push(w);
        const s = this.session(w.session);
        if (s.running) {
          s.running.wait = null;
          s.running.deadlockCheckPending = false;
        }
        this.runnable.push(w.session);
      } else i++;
    }
    if (lock.granted.length === 0 && lock.queue.length === 0) this.tupleLocks.delete(versionId);
  }

  private cancelWait(s: SessionState): void {
    const wait = s.running?.wait;
    if (wait?.kind === 'tuple') {
      const lock = this.tupleLock(wait.versionId);
      lock.queue = lock.queue.filter((w) => w.session !== s.name);
      this.grantWaiters(wait.versionId, lock);
    }
    if (s.running) s.running.wait = null;
  }

  /** The wait-for graph as PostgreSQL's deadlock detector sees it (hard edges to holders, soft edges to waiters ahead). */
  waitEdges(): WaitEdge[] {
    const edges: WaitEdge[] = [];
    for (const s of this.sessions.values()) {
      const wait = s.running?.wait;
      if (!wait) continue;
      if (wait.kind === 'xact') {
        const owner = this.xidOwner(wait.xid);
        if (owner !== undefined && this.status(wait.xid) === 'in progress') edges.push({ from: s.name, to: owner, reason: 'transaction', versionId: null });
      } else {
        const lock = this.tupleLocks.get(wait.versionId);
        if (!lock) continue;
        const position = lock.queue.findIndex((w) => w.session === s.name);
        const blockers = [...lock.granted, ...lock.queue.slice(0, Math.max(0, position))];
        for (const b of blockers) {
          if (b.session !== s.name && strengthsConflict(b.strength, wait.strength) && !edges.some((e) => e.from === s.name && e.to === b.session))
            edges.push({ from: s.name, to: b.session, reason: 'row lock queue', versionId: wait.versionId });
        }
      }
    }
    return edges;
  }

  /** A wait-for cycle through `start`, as the list of sessions from `start` round to it, or null. */
  private cycleThrough(start: string): string[] | null {
    const edges = this.waitEdges();
    const path: string[] = [];
    const seen = new Set<string>();
    const visit = (node: string): boolean => {
      path.push(node);
      for (const e of edges.filter((x) => x.from === node)) {
        if (e.to === start) return true;
        if (!seen.has(e.to)) {
          seen.add(e.to);
          if (visit(e.to)) return true;
        }
      }
      path.pop();
      return false;
    };
    return visit(start) ? path : null;
  }

  /** Sessions' current waits, for inspection. */
  waits(): { session: string; wait: Wait; stepIndex: number }[] {
    return [...this.sessions.values()].filter((s) => s.running?.wait).map((s) => ({ session: s.name, wait: s.running!.wait!, stepIndex: s.running!.stepIndex }));
  }

  /** A session's transaction as seen from outside (for inspection). */
  transactionOf(session: string): { isolation: IsolationLevel; explicit: boolean; xid: Xid | null; failed: boolean; snapshot: Snapshot | null; sxact: SerializableXact | null } | null {
    const tx = this.session(session).tx;
    return tx === null ? null : { isolation: tx.isolation, explicit: tx.explicit, xid: tx.xid, failed: tx.failed, snapshot: tx.snapshot, sxact: tx.sxact };
  }

  /** Is this version visible to a new statement of `session` right now (its next snapshot)? */
  visibleTo(session: string, v: RowVersion): boolean {
    const tx = this.session(session).tx;
    if (tx === null || tx.failed) return isVisible(v, null, 0, this.takeSnapshot({ xid: null } as Transaction), this);
    const snapshot = tx.snapshot ?? this.takeSnapshot(tx);
    return isVisible(v, tx.xid, tx.nextCid, snapshot, this);
  }

  // ---- statements -------------------------------------------------------------------------

  private *execute(s: SessionState, stmt: Statement): StatementRun {
    if (s.tx?.failed && stmt.kind !== 'commit' && stmt.kind !== 'rollback') throw abortedTransaction();
    switch (stmt.kind) {
      case 'begin':
        if (s.tx === null) s.tx = this.newTransaction(s, true, stmt.isolation ?? s.isolation);
        // Inside a transaction block PostgreSQL only warns ("there is already a transaction in progress").
        return { command: stmt.tag === 'BEGIN' ? 'BEGIN' : 'START TRANSACTION', rows: null };
      case 'commit': {
        const tx = s.tx;
        if (tx === null) return { command: 'COMMIT', rows: null };
        if (tx.failed) {
          s.tx = null;
          return { command: 'ROLLBACK', rows: null };
        }
        this.commit(s, tx);
        return { command: 'COMMIT', rows: null };
      }
      case 'rollback': {
        const tx = s.tx;
        if (tx !== null) {
          if (!tx.failed) this.abort(s, tx);
          s.tx = null;
        }
        return { command: 'ROLLBACK', rows: null };
      }
      case 'createTable':
        return this.createTable(s, stmt);
      default:
        break;
    }
    const tx = s.tx ?? (s.tx = this.newTransaction(s, false, s.isolation));
    const curcid = tx.nextCid++;
    if (tx.isolation === 'read committed' || tx.snapshot === null) {
      const snapshot = this.takeSnapshot(tx);
      if (tx.isolation !== 'read committed') {
        tx.snapshot = snapshot;
        if (tx.isolation === 'serializable') tx.sxact = this.ssi.register(s.name, snapshot);
        if (tx.sxact && tx.xid !== null) tx.sxact.xid = tx.xid;
      } else tx.snapshot = null;
      return yield* this.statement(tx, stmt, snapshot, curcid);
    }
    return yield* this.statement(tx, stmt, tx.snapshot, curcid);
  }

  private newTransaction(s: SessionState, explicit: boolean, isolation: IsolationLevel): Transaction {
    return { session: s.name, isolation, explicit, xid: null, snapshot: null, nextCid: 0, failed: false, sxact: null };
  }

  private createTable(s: SessionState, stmt: Extract<Statement, { kind: 'createTable' }>): { command: string; rows: null } {
    if (this.tables.has(stmt.table)) throw new SqlError('42P07', `relation "${stmt.table}" already exists`);
    const names = new Set<string>();
    for (const c of stmt.columns) {
      if (names.has(c.name)) throw new SqlError('42701', `column "${c.name}" specified more than once`);
      names.add(c.name);
    }
    if (s.tx === null) s.tx = this.newTransaction(s, false, s.isolation);
    this.assignXid(s.tx);
    this.tables.set(stmt.table, { name: stmt.table, columns: stmt.columns, primaryKey: stmt.primaryKey });
    return { command: 'CREATE TABLE', rows: null };
  }

  private table(name: string): TableDef {
    const t = this.tables.get(name);
    if (t === undefined) throw new SqlError('42P01', `relation "${name}" does not exist`);
    return t;
  }

  private access(table: TableDef, values: readonly Value[]): RowAccess {
    return (column) => {
      const i = table.columns.findIndex((c) => c.name === column);
      return i < 0 ? undefined : values[i];
    };
  }

  private checkColumns(table: TableDef, expr: Expr | undefined): void {
    if (expr === undefined) return;
    const walk = (e: Expr): void => {
      switch (e.kind) {
        case 'column':
          if (!table.columns.some((c) => c.name === e.name)) throw new SqlError('42703', `column "${e.name}" does not exist`);
          break;
        case 'unary':
        case 'isNull':
          walk(e.operand);
          break;
        case 'in':
          walk(e.operand);
          e.list.forEach(walk);
          break;
        case 'binary':
          walk(e.left);
          walk(e.right);
          break;
        case 'aggregate':
          if (e.arg !== '*') walk(e.arg);
          break;
        default:
          break;
      }
    };
    walk(expr);
  }

  private *statement(tx: Transaction, stmt: Statement, snapshot: Snapshot, curcid: number): StatementRun {
    switch (stmt.kind) {
      case 'select':
        return yield* this.select(tx, stmt, snapshot, curcid);
      case 'update':
        return yield* this.update(tx, stmt, snapshot, curcid);
      case 'delete':
        return yield* this.delete(tx, stmt, snapshot, curcid);
      case 'insert':
        return yield* this.insert(tx, stmt, curcid);
      default:
        throw new Error(`unexpected statement ${stmt.kind}`);
    }
  }

  /** A sequential scan: for SERIALIZABLE, the relation SIREAD lock and the page's conflict-out checks first. */
  private scan(tx: Transaction, table: TableDef, snapshot: Snapshot, curcid: number): RowVersion[] {
    const all = this.versions.filter((v) => v.table === table.name);
    if (tx.sxact) {
      this.ssi.lockRelation(tx.sxact, table.name);
      this.ssi.checkScanConflictsOut(tx.sxact, all, curcid);
    }
    // Visibility depends only on the snapshot and the command id, so deciding it up front is
    // the same as deciding it row by row; the WHERE clause is evaluated row by row by the caller,
    // so an error in it surfaces where PostgreSQL's would (after earlier rows were processed).
    return all.filter((v) => isVisible(v, tx.xid, curcid, snapshot, this));
  }

  private matches(table: TableDef, where: Expr | undefined, v: RowVersion): boolean {
    return qualifies(where, this.access(table, v.values));
  }

  private *select(tx: Transaction, stmt: Extract<Statement, { kind: 'select' }>, snapshot: Snapshot, curcid: number): StatementRun {
    const table = this.table(stmt.table);
    const items: SelectItem[] = stmt.star ? table.columns.map((c) => ({ expr: { kind: 'column', name: c.name }, name: c.name })) : stmt.items;
    for (const item of items) this.checkColumns(table, item.expr);
    this.checkColumns(table, stmt.where);
    if (stmt.where && hasAggregate(stmt.where)) throw new SqlError('42803', 'aggregate functions are not allowed in WHERE');
    const aggregated = items.some((i) => hasAggregate(i.expr));
    if (aggregated) {
      for (const item of items) {
        const bare = firstBareColumn(item.expr);
        if (bare !== null) throw new SqlError('42803', `column "${stmt.table}.${bare}" must appear in the GROUP BY clause or be used in an aggregate function`);
      }
      if (stmt.lock) throw new SqlError('0A000', `FOR ${stmt.lock.strength.toUpperCase()} is not allowed with aggregate functions`);
    }
    let rows: RowVersion[];
    if (stmt.lock) rows = yield* this.lockRows(tx, table, this.scan(tx, table, snapshot, curcid), stmt.lock.strength, stmt.lock.wait, stmt.where);
    else rows = this.scan(tx, table, snapshot, curcid).filter((v) => this.matches(table, stmt.where, v));
    if (aggregated) {
      const accessors = rows.map((v) => this.access(table, v.values));
      const row: Row = {};
      for (const item of items) row[item.name] = evaluateAggregate(item.expr, accessors) as Value;
      return { command: 'SELECT 1', rows: [row] };
    }
    const out = rows.map((v) => {
      const row: Row = {};
      const access = this.access(table, v.values);
      for (const item of items) {
        const value = evaluate(item.expr, access);
        if (typeof value === 'boolean') throw new SqlError('0A000', 'not supported in this lab: boolean results in the select list');
        row[item.name] = value;
      }
      return row;
    });
    return { command: `SELECT ${out.length}`, rows: out };
  }

  /** ExecLockRows: lock each row; READ COMMITTED follows updates to the newest version and re-checks WHERE on it. */
  private *lockRows(tx: Transaction, table: TableDef, rows: RowVersion[], strength: LockStrength, policy: LockWaitPolicy, where: Expr | undefined): Generator<Wait, RowVersion[], void> {
    const locked: RowVersion[] = [];
    for (const v of rows) {
      if (!this.matches(table, where, v)) continue;
      if (tx.isolation === 'read committed') {
        const r = yield* this.lockNewest(tx, table, v, strength, policy);
        if (r === null) continue;
        if (r !== v && !qualifies(where, this.access(table, r.values))) continue;
        locked.push(r);
      } else {
        const r = yield* this.lockRow(tx, table, v, strength, policy, true);
        if (r === 'skipped') continue;
        if (r !== 'ok') throw concurrentUpdate();
        locked.push(v);
      }
    }
    return locked;
  }

  /**
   * heap_lock_tuple / the lock check of heap_update and heap_delete on one version: wait (in the
   * row's queue, then for the holders' transactions) until no other transaction holds a
   * conflicting lock, then report whether the version was updated or deleted meanwhile.
   * `lockOnly` records a row lock (SELECT … FOR …); otherwise the caller writes the row.
   */
  private *lockRow(tx: Transaction, table: TableDef, v: RowVersion, strength: LockStrength, policy: LockWaitPolicy, lockOnly: boolean): Generator<Wait, 'ok' | 'updated' | 'deleted' | 'skipped', void> {
    const own = this.assignXid(tx);
    let haveTupleLock = false;
    for (;;) {
      const holders: Xid[] = [];
      if (v.xmax !== 0 && v.xmax !== own && this.status(v.xmax) === 'in progress') holders.push(v.xmax);
      for (const [xid, held] of v.lockers) {
        if (xid !== own && this.status(xid) === 'in progress' && strengthsConflict(held, strength) && !holders.includes(xid)) holders.push(xid);
      }
      if (holders.length > 0) {
        if (policy === 'nowait') throw rowLockNotAvailable(table.name);
        if (policy === 'skip locked') {
          if (haveTupleLock) this.releaseTupleLock(tx.session, v.id);
          return 'skipped';
        }
        if (!haveTupleLock) {
          yield { kind: 'tuple', versionId: v.id, strength };
          haveTupleLock = true;
          continue;
        }
        yield { kind: 'xact', xid: holders[0]! };
        continue;
      }
      const changedMeanwhile = v.xmax !== 0 && v.xmax !== own && this.status(v.xmax) === 'committed';
      if (haveTupleLock) {
        // Giving up the tuple lock of a version that changed wakes the next waiter for it, and
        // both then race for the newer version (EvalPlanQual): the scheduler decides who wins.
        const queued = this.tupleLocks.get(v.id)?.queue.length ?? 0;
        this.releaseTupleLock(tx.session, v.id);
        if (changedMeanwhile && queued > 0 && v.next !== null) this.racy(`${tx.session} and the next waiter for the same row race for its newer version`);
      }
      if (changedMeanwhile) return v.next !== null ? 'updated' : 'deleted';
      if (lockOnly && v.xmax !== own) v.lockers.set(own, strongerStrength(v.lockers.get(own), strength));
      return 'ok';
    }
  }

  /** table_tuple_lock with FIND_LAST_VERSION (READ COMMITTED): lock the newest version of the row, or null if it is gone or skipped. */
  private *lockNewest(tx: Transaction, table: TableDef, start: RowVersion, strength: LockStrength, policy: LockWaitPolicy): Generator<Wait, RowVersion | null, void> {
    let v = start;
    for (;;) {
      while (v.xmax !== 0 && v.next !== null && this.status(v.xmax) === 'committed') v = this.versions[v.next]!;
      const r = yield* this.lockRow(tx, table, v, strength, policy, true);
      if (r === 'ok') return v;
      if (r === 'updated') {
        v = this.versions[v.next!]!;
        continue;
      }
      return null;
    }
  }

  private newVersion(tx: Transaction, table: TableDef, values: Value[], curcid: number): RowVersion {
    const v: RowVersion = { id: this.versions.length, table: table.name, values, xmin: this.assignXid(tx), cmin: curcid, xmax: 0, cmax: 0, next: null, lockers: new Map() };
    this.versions.push(v);
    return v;
  }

  private *update(tx: Transaction, stmt: Extract<Statement, { kind: 'update' }>, snapshot: Snapshot, curcid: number): StatementRun {
    const table = this.table(stmt.table);
    this.checkColumns(table, stmt.where);
    for (const set of stmt.set) {
      if (!table.columns.some((c) => c.name === set.column)) throw new SqlError('42703', `column "${set.column}" of relation "${table.name}" does not exist`);
      this.checkColumns(table, set.expr);
      if (hasAggregate(set.expr)) throw new SqlError('42803', 'aggregate functions are not allowed in UPDATE');
    }
    if (stmt.where && hasAggregate(stmt.where)) throw new SqlError('42803', 'aggregate functions are not allowed in WHERE');
    const keyIndexes = table.primaryKey.map((k) => table.columns.findIndex((c) => c.name === k));
    let count = 0;
    for (const found of this.scan(tx, table, snapshot, curcid)) {
      if (!this.matches(table, stmt.where, found)) continue;
      let target = found;
      for (;;) {
        const values = this.applySet(table, stmt.set, target.values);
        const keyChanged = keyIndexes.some((i) => values[i] !== target.values[i]);
        const strength: LockStrength = keyChanged ? 'update' : 'no key update';
        const r = yield* this.lockRow(tx, table, target, strength, 'wait', false);
        if (r === 'ok') {
          if (target.xmax === tx.xid && target.cmax === curcid) break; // already updated by this statement
          if (tx.sxact) this.ssi.checkConflictIn(tx.sxact, table.name);
          const created = this.newVersion(tx, table, values, curcid);
          target.xmax = tx.xid!;
          target.cmax = curcid;
          target.next = created.id;
          if (keyChanged) yield* this.checkUnique(tx, table, created);
          count++;
          break;
        }
        if (tx.isolation !== 'read committed') throw r === 'updated' ? concurrentUpdate() : concurrentDelete();
        if (r === 'deleted') break;
        const newest = yield* this.lockNewest(tx, table, this.versions[target.next!]!, strength, 'wait');
        if (newest === null || !qualifies(stmt.where, this.access(table, newest.values))) break;
        target = newest;
      }
    }
    return { command: `UPDATE ${count}`, rows: null };
  }

  private applySet(table: TableDef, set: { column: string; expr: Expr }[], old: readonly Value[]): Value[] {
    const access = this.access(table, old);
    const values = [...old];
    for (const { column, expr } of set) {
      const i = table.columns.findIndex((c) => c.name === column);
      values[i] = storable(evaluate(expr, access), column, table.columns[i]!.type);
    }
    this.checkNotNull(table, values);
    return values;
  }

  private checkNotNull(table: TableDef, values: readonly Value[]): void {
    for (const key of table.primaryKey) {
      const i = table.columns.findIndex((c) => c.name === key);
      if (values[i] === null) throw new SqlError('23502', `null value in column "${key}" of relation "${table.name}" violates not-null constraint`);
    }
  }

  private *delete(tx: Transaction, stmt: Extract<Statement, { kind: 'delete' }>, snapshot: Snapshot, curcid: number): StatementRun {
    const table = this.table(stmt.table);
    this.checkColumns(table, stmt.where);
    if (stmt.where && hasAggregate(stmt.where)) throw new SqlError('42803', 'aggregate functions are not allowed in WHERE');
    let count = 0;
    for (const found of this.scan(tx, table, snapshot, curcid)) {
      if (!this.matches(table, stmt.where, found)) continue;
      let target = found;
      for (;;) {
        const r = yield* this.lockRow(tx, table, target, 'update', 'wait', false);
        if (r === 'ok') {
          if (target.xmax === tx.xid) break;
          if (tx.sxact) this.ssi.checkConflictIn(tx.sxact, table.name);
          target.xmax = tx.xid!;
          target.cmax = curcid;
          target.next = null;
          count++;
          break;
        }
        if (tx.isolation !== 'read committed') throw r === 'updated' ? concurrentUpdate() : concurrentDelete();
        if (r === 'deleted') break;
        const newest = yield* this.lockNewest(tx, table, this.versions[target.next!]!, 'update', 'wait');
        if (newest === null || !qualifies(stmt.where, this.access(table, newest.values))) break;
        target = newest;
      }
    }
    return { command: `DELETE ${count}`, rows: null };
  }

  private *insert(tx: Transaction, stmt: Extract<Statement, { kind: 'insert' }>, curcid: number): StatementRun {
    const table = this.table(stmt.table);
    const columns = stmt.columns ?? table.columns.map((c) => c.name).slice(0, Math.max(...stmt.rows.map((r) => r.length)));
    for (const c of columns) {
      if (!table.columns.some((d) => d.name === c)) throw new SqlError('42703', `column "${c}" of relation "${table.name}" does not exist`);
    }
    if (columns.length > table.columns.length) throw new SqlError('42601', 'INSERT has more expressions than target columns');
    for (const row of stmt.rows) {
      if (row.length > columns.length) throw new SqlError('42601', 'INSERT has more expressions than target columns');
      if (row.length < columns.length) throw new SqlError('42601', 'INSERT has more target columns than expressions');
      for (const e of row) {
        if (hasAggregate(e)) throw new SqlError('42803', 'aggregate functions are not allowed in VALUES');
      }
    }
    const noRow: RowAccess = () => undefined;
    for (const row of stmt.rows) {
      const values: Value[] = table.columns.map(() => null);
      row.forEach((e, k) => {
        const i = table.columns.findIndex((c) => c.name === columns[k]);
        values[i] = storable(evaluate(e, noRow), columns[k]!, table.columns[i]!.type);
      });
      this.checkNotNull(table, values);
      if (tx.sxact) this.ssi.checkConflictIn(tx.sxact, table.name);
      const created = this.newVersion(tx, table, values, curcid);
      yield* this.checkUnique(tx, table, created);
    }
    return { command: `INSERT ${stmt.rows.length}`, rows: null };
  }

  /** _bt_check_unique with a dirty snapshot: wait for an uncommitted inserter or deleter of the same key, then decide. */
  private *checkUnique(tx: Transaction, table: TableDef, created: RowVersion): Generator<Wait, void, void> {
    if (table.primaryKey.length === 0) return;
    const keyIndexes = table.primaryKey.map((k) => table.columns.findIndex((c) => c.name === k));
    const own = tx.xid!;
    for (;;) {
      let waitFor: Xid | null = null;
      let duplicate = false;
      for (const u of this.versions) {
        if (u === created || u.table !== table.name || !keyIndexes.every((i) => u.values[i] === created.values[i])) continue;
        const inserter = u.xmin === own ? 'own' : this.status(u.xmin);
        if (inserter === 'aborted') continue;
        if (inserter === 'in progress') {
          waitFor = u.xmin;
          break;
        }
        if (u.xmax !== 0) {
          if (u.xmax === own) continue;
          const deleter = this.status(u.xmax);
          if (deleter === 'committed') continue;
          if (deleter === 'in progress') {
            waitFor = u.xmax;
            break;
          }
        }
        duplicate = true;
        break;
      }
      if (waitFor !== null) {
        yield { kind: 'xact', xid: waitFor };
        continue;
      }
      // _bt_check_unique checks for an SSI conflict-in before reporting the violation, so a
      // transaction already doomed by SERIALIZABLE fails with 40001 rather than 23505.
      if (duplicate && tx.sxact) this.ssi.checkDoomedOnWrite(tx.sxact);
      if (duplicate) throw new SqlError('23505', `duplicate key value violates unique constraint "${table.name}_pkey"`);
      return;
    }
  }

  // ---- inspection -------------------------------------------------------------------------

  /** Every table's committed rows as a new statement would see them now. */
  committedRows(): Record<string, Row[]> {
    const snapshot = this.takeSnapshot({ xid: null } as Transaction);
    const result: Record<string, Row[]> = {};
    for (const table of this.tables.values()) {
      result[table.name] = this.versions
        .filter((v) => v.table === table.name && isVisible(v, null, 0, snapshot, this))
        .map((v) => Object.fromEntries(table.columns.map((c, i) => [c.name, v.values[i]!])));
    }
    return result;
  }
}

function firstBareColumn(expr: Expr): string | null {
  switch (expr.kind) {
    case 'column':
      return expr.name;
    case 'aggregate':
      return null;
    case 'unary':
    case 'isNull':
      return firstBareColumn(expr.operand);
    case 'in':
      return firstBareColumn(expr.operand) ?? expr.list.map(firstBareColumn).find((c) => c !== null) ?? null;
    case 'binary':
      return firstBareColumn(expr.left) ?? firstBareColumn(expr.right);
    default:
      return null;
  }
}

/** Evaluate a select item over all rows, replacing count/sum by their values (sum of no rows is null, as in SQL). */
function evaluateAggregate(expr: Expr, rows: RowAccess[]): Value | boolean {
  const substitute = (e: Expr): Expr => {
    switch (e.kind) {
      case 'aggregate': {
        if (e.arg === '*') return { kind: 'literal', value: rows.length };
        const arg = e.arg;
        const values = rows.map((r) => evaluate(arg, r)).filter((v) => v !== null);
        if (e.fn === 'count') return { kind: 'literal', value: values.length };
        if (values.some((v) => typeof v !== 'number')) throw new SqlError('42883', 'function sum(text) does not exist');
        return { kind: 'literal', value: values.length === 0 ? null : (values as number[]).reduce((a, b) => a + b, 0) };
      }
      case 'unary':
        return { ...e, operand: substitute(e.operand) };
      case 'isNull':
        return { ...e, operand: substitute(e.operand) };
      case 'in':
        return { ...e, operand: substitute(e.operand), list: e.list.map(substitute) };
      case 'binary':
        return { ...e, left: substitute(e.left), right: substitute(e.right) };
      default:
        return e;
    }
  };
  return evaluate(substitute(expr), () => undefined);
}
