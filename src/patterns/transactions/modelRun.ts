import type { IsolationLevel, LockStrength, Value } from './sql/ast';
import { TxnEngine, type Completion, type Row, type WaitEdge } from './model/engine';
import type { XactStatus, Xid } from './model/heap';
import { stepResult, sortRows, type ScheduleResult, type StepResult } from './result';
import type { ParsedSchedule } from './schedule';
import { StepQueue } from './stepQueue';
import { SqlError } from './model/sqlError';

/** A setup statement that failed: the schedule cannot run. */
export class ScheduleSetupError extends Error {}

/** A session as the lab shows it after a step. */
export interface SessionView {
  name: string;
  /** The session's default isolation level (from the schedule). */
  isolation: IsolationLevel;
  /** idle; in a transaction; in a failed transaction (25P02 until ROLLBACK); or blocked on a statement. */
  status: 'idle' | 'in transaction' | 'failed' | 'blocked';
  /** The open transaction, if any: its level, xid (assigned at its first write or row lock) and snapshot. */
  transaction: { isolation: IsolationLevel; explicit: boolean; xid: Xid | null; snapshot: { xmin: Xid; xmax: Xid; xip: Xid[] } | null } | null;
  /** The step whose statement is blocked, and the steps queued behind it. */
  blockedStep: number | null;
  queuedSteps: number[];
}

/** A row version (heap tuple) with who can see it. */
export interface VersionView {
  id: number;
  table: string;
  values: Row;
  xmin: Xid;
  xminStatus: XactStatus;
  xminSession: string | null;
  /** Updating or deleting transaction (null: none, or it aborted). */
  xmax: Xid | null;
  xmaxStatus: XactStatus | null;
  /** The newer version made by an UPDATE, or null. */
  next: number | null;
  /** Row locks held without updating (SELECT … FOR …), by still-running transactions. */
  locks: { xid: Xid; session: string; strength: LockStrength }[];
  /** Sessions whose next statement would see this version (their transaction snapshot, or a fresh one). */
  visibleTo: string[];
}

/** The whole state after a step: what the swimlane view draws. */
export interface TxnState {
  /** Index of the last step processed (-1 before the first). */
  stepIndex: number;
  /** One entry per step: results so far (`pending`: not issued yet, or issued and still blocked). */
  steps: (StepResult | { session: string; sql: string; status: 'pending' })[];
  sessions: SessionView[];
  versions: VersionView[];
  /** The wait-for graph: lock waits as edges. */
  waits: WaitEdge[];
  /** Deadlocks found so far: the cycle and the session PostgreSQL cancelled (the one whose check found it). */
  deadlocks: { cycle: string[]; victim: string; stepIndex: number }[];
  /** SERIALIZABLE's rw-antidependencies: `reader` did not see a write of `writer`. */
  rwConflicts: { reader: string; writer: string }[];
  /** Reasons why PostgreSQL's outcome could depend on timing (the differential tests avoid such schedules). */
  racy: string[];
  /** Every table's committed rows now. */
  committed: Record<string, Row[]>;
}

/**
 * A schedule running on the model, one step at a time. `step()` processes the next step (issue
 * it, or queue it behind its session's blocked statement, then settle everything), `state()`
 * describes the model after it, `result()` gives the same shape as a run on PostgreSQL.
 */
export class TxnModelRun {
  readonly engine = new TxnEngine();
  private readonly queue = new StepQueue();
  private readonly results: (StepResult | null)[];
  private next = 0;

  constructor(readonly schedule: ParsedSchedule) {
    this.results = schedule.steps.map(() => null);
    schedule.setup.forEach(({ sql, statement }, index) => {
      try {
        this.engine.setup(statement);
      } catch (error) {
        if (error instanceof SqlError) throw new ScheduleSetupError(`setup[${index}] (${sql}) failed: ${error.message} (SQLSTATE ${error.sqlstate})`);
        throw error;
      }
    });
    for (const s of schedule.sessions) this.engine.addSession(s.name, s.isolation);
  }

  get done(): boolean {
    return this.next >= this.schedule.steps.length;
  }

  get stepIndex(): number {
    return this.next - 1;
  }

  /** Process the next step; returns false when there is none. */
  step(): boolean {
    if (this.done) return false;
    const index = this.next++;
    const { session, statement } = this.schedule.steps[index]!;
    if (this.queue.defer(session, index, this.engine.isBusy(session))) return true;
    this.engine.issue(session, index, statement);
    this.record(this.engine.settle(), index);
    for (let ready = this.queue.nextReady((s) => this.engine.isBusy(s)); ready !== null; ready = this.queue.nextReady((s) => this.engine.isBusy(s))) {
      this.engine.issue(ready.session, ready.index, this.schedule.steps[ready.index]!.statement);
      this.record(this.engine.settle(), index);
    }
    return true;
  }

  private record(completions: Completion[], atStep: number): void {
    for (const c of completions) {
      const step = this.schedule.steps[c.stepIndex]!;
      this.results[c.stepIndex] = stepResult(step.session, step.sql, c.outcome, c.stepIndex === atStep ? null : atStep);
    }
  }

  /** Run every remaining step. */
  runToEnd(): ScheduleResult {
    while (this.step());
    return this.result();
  }

  result(): ScheduleResult {
    return {
      steps: this.schedule.steps.map((s, i) => this.results[i] ?? stepResult(s.session, s.sql, null, null)),
      final: this.finalRows(),
    };
  }

  private finalRows(): Record<string, Row[]> {
    const committed = this.engine.committedRows();
    const out: Record<string, Row[]> = {};
    for (const [name, rows] of Object.entries(committed)) out[name] = sortRows(rows, this.engine.tables.get(name)!.primaryKey);
    return out;
  }

  state(): TxnState {
    const e = this.engine;
    const waits = e.waits();
    const sessions: SessionView[] = this.schedule.sessions.map(({ name, isolation }) => {
      const tx = e.transactionOf(name);
      const blocked = waits.find((w) => w.session === name);
      const busyStep = e.isBusy(name) ? (blocked?.stepIndex ?? null) : null;
      return {
        name,
        isolation,
        status: busyStep !== null ? 'blocked' : tx === null ? 'idle' : tx.failed ? 'failed' : 'in transaction',
        transaction:
          tx === null
            ? null
            : { isolation: tx.isolation, explicit: tx.explicit, xid: tx.xid, snapshot: tx.snapshot ? { xmin: tx.snapshot.xmin, xmax: tx.snapshot.xmax, xip: [...tx.snapshot.xip].sort((a, b) => a - b) } : null },
        blockedStep: busyStep,
        queuedSteps: [...this.queue.queued(name)],
      };
    });
    const versions: VersionView[] = e.versions.map((v) => {
      const table = e.tables.get(v.table)!;
      const values: Row = Object.fromEntries(table.columns.map((c, i) => [c.name, v.values[i] as Value]));
      const xmaxStatus = v.xmax === 0 ? null : e.status(v.xmax);
      return {
        id: v.id,
        table: v.table,
        values,
        xmin: v.xmin,
        xminStatus: e.status(v.xmin),
        xminSession: e.xidOwner(v.xmin) ?? null,
        xmax: v.xmax === 0 || xmaxStatus === 'aborted' ? null : v.xmax,
        xmaxStatus: xmaxStatus === 'aborted' ? null : xmaxStatus,
        next: xmaxStatus === 'aborted' ? null : v.next,
        locks: [...v.lockers].filter(([xid]) => e.status(xid) === 'in progress').map(([xid, strength]) => ({ xid, session: e.xidOwner(xid)!, strength })),
        visibleTo: this.schedule.sessions.map((s) => s.name).filter((s) => e.visibleTo(s, v)),
      };
    });
    return {
      stepIndex: this.stepIndex,
      steps: this.schedule.steps.map((s, i) => this.results[i] ?? { session: s.session, sql: s.sql, status: 'pending' as const }),
      sessions,
      versions,
      waits: e.waitEdges(),
      deadlocks: [...e.deadlocks],
      rwConflicts: e.ssi.all().flatMap((r) => [...r.outConflicts].map((w) => ({ reader: r.session, writer: w.session }))),
      racy: [...e.racyReasons],
      committed: this.finalRows(),
    };
  }
}

/** Run a schedule on the model: the same result shape as {@link runScheduleOnPostgres}. */
export function runScheduleOnModel(schedule: ParsedSchedule): ScheduleResult {
  return new TxnModelRun(schedule).runToEnd();
}

/**
 * Every state of a schedule's run on the model: index 0 before the first step, index i + 1
 * after step i. Runs are deterministic and small, so a view can step back by indexing this.
 */
export function allStates(schedule: ParsedSchedule): TxnState[] {
  const run = new TxnModelRun(schedule);
  const states = [run.state()];
  while (run.step()) states.push(run.state());
  return states;
}
