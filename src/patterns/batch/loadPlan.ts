import { statementMs, type BatchCosts } from './batchCosts';
import type { MethodId, OperationId } from './methods';
import type { StatementForm } from './statementSql';
import type { BatchParams } from './params';

/** What a load is: the parameters the plan depends on. */
export interface LoadSettings {
  method: MethodId;
  operation: OperationId;
  rows: number;
  batchSize: number;
  /** The row (1-based) the table refuses; 0 = none. */
  badRowAt: number;
  customers: number;
  concurrency: number;
}

/** One statement the server runs. */
export interface PlannedStatement {
  form: StatementForm;
  /** Its first row (1-based, over the whole load) and how many rows it carries. */
  firstRow: number;
  rows: number;
  /** Rows the server processes: all of them, or up to and including the bad row if it fails here. */
  executedRows: number;
  fails: boolean;
}

/**
 * A transaction, or an autocommit statement: what the application runs on PostgreSQL as one
 * unit, ending in a commit or a rollback. The last round trip of a unit carries it.
 */
export interface PlannedUnit {
  /** The statements the server ran in it, in order (after a failure nothing more is sent). */
  statements: PlannedStatement[];
  /** Inside BEGIN … COMMIT (false: one statement in autocommit). */
  transactional: boolean;
  fails: boolean;
  /** Rows it leaves in the table. */
  keptRows: number;
  /** Rows the server wrote in it before the error, undone by the rollback. */
  rolledBackRows: number;
}

export type RoundTripKind = 'begin' | 'statement' | 'pipeline' | 'commit' | 'rollback' | 'copy-start' | 'copy-data';

/** One network round trip: what the application sends, what the server runs before answering. */
export interface PlannedRoundTrip {
  kind: RoundTripKind;
  /** Statements the server runs in this round trip (in a failed pipeline, those after the error are skipped). */
  statements: PlannedStatement[];
  /** A durable commit (a WAL flush) happens before the answer. */
  commit: boolean;
  /** Rows made durable by that commit. */
  rowsCommitted: number;
  /** The answer is an error. */
  failed: boolean;
  /** The unit this round trip ends, or null. */
  unit: PlannedUnit | null;
}

/** The rows one writer loads: a contiguous share of the load. */
export interface WriterShare {
  writer: number;
  firstRow: number;
  rows: number;
}

/** Equal contiguous shares (the first writers take one more row when it does not divide). */
export function writerShares(rows: number, concurrency: number): WriterShare[] {
  const writers = Math.min(concurrency, rows);
  const base = Math.floor(rows / writers);
  const extra = rows % writers;
  const shares: WriterShare[] = [];
  let first = 1;
  for (let w = 0; w < writers; w++) {
    const n = base + (w < extra ? 1 : 0);
    shares.push({ writer: w, firstRow: first, rows: n });
    first += n;
  }
  return shares;
}

function statement(form: StatementForm, firstRow: number, rows: number, badRowAt: number): PlannedStatement {
  const fails = badRowAt >= firstRow && badRowAt < firstRow + rows;
  return { form, firstRow, rows, executedRows: fails ? badRowAt - firstRow + 1 : rows, fails };
}

const trip = (kind: RoundTripKind, statements: PlannedStatement[] = [], extra: Partial<PlannedRoundTrip> = {}): PlannedRoundTrip => ({
  kind,
  statements,
  commit: false,
  rowsCommitted: 0,
  failed: false,
  unit: null,
  ...extra,
});

/** Autocommit: each statement is its own unit, committed in the round trip that carries it. */
function autocommitTrip(kind: RoundTripKind, s: PlannedStatement): PlannedRoundTrip {
  const rolledBackRows = s.fails ? s.executedRows - 1 : 0;
  const unit: PlannedUnit = { statements: [s], transactional: false, fails: s.fails, keptRows: s.fails ? 0 : s.rows, rolledBackRows };
  return trip(kind, [s], { commit: !s.fails, rowsCommitted: unit.keptRows, failed: s.fails, unit });
}

function* rowByRow(share: WriterShare, bad: number): Generator<PlannedRoundTrip> {
  for (let r = share.firstRow; r < share.firstRow + share.rows; r++) {
    const t = autocommitTrip('statement', statement('row', r, 1, bad));
    yield t;
    if (t.failed) return;
  }
}

/** BEGIN, one statement per round trip, COMMIT (or ROLLBACK after an error): one-transaction and executemany. */
function* oneTransaction(share: WriterShare, bad: number): Generator<PlannedRoundTrip> {
  yield trip('begin');
  const done: PlannedStatement[] = [];
  for (let r = share.firstRow; r < share.firstRow + share.rows; r++) {
    const s = statement('row', r, 1, bad);
    done.push(s);
    yield trip('statement', [s], { failed: s.fails });
    if (s.fails) {
      yield trip('rollback', [], { unit: { statements: done, transactional: true, fails: true, keptRows: 0, rolledBackRows: r - share.firstRow } });
      return;
    }
  }
  yield trip('commit', [], { commit: true, rowsCommitted: share.rows, unit: { statements: done, transactional: true, fails: false, keptRows: share.rows, rolledBackRows: 0 } });
}

/**
 * A pipeline per batch: batchSize statements and one Sync, which PostgreSQL runs as one implicit
 * transaction (committed at the Sync). After an error the server skips the rest of the batch and
 * rolls the batch back at the Sync: no ROLLBACK to send.
 */
function* batched(share: WriterShare, batchSize: number, bad: number): Generator<PlannedRoundTrip> {
  const end = share.firstRow + share.rows;
  for (let first = share.firstRow; first < end; first += batchSize) {
    const last = Math.min(first + batchSize, end);
    const ran: PlannedStatement[] = [];
    for (let r = first; r < last; r++) {
      const s = statement('row', r, 1, bad);
      ran.push(s);
      if (s.fails) break;
    }
    const fails = ran[ran.length - 1]!.fails;
    const unit: PlannedUnit = { statements: ran, transactional: true, fails, keptRows: fails ? 0 : ran.length, rolledBackRows: fails ? ran.length - 1 : 0 };
    yield trip('pipeline', ran, { commit: !fails, rowsCommitted: unit.keptRows, failed: fails, unit });
    if (fails) return;
  }
}

/** One statement per batchSize rows (multi-row VALUES or unnest), each in autocommit. */
function* multiRow(share: WriterShare, form: 'values' | 'unnest', batchSize: number, bad: number): Generator<PlannedRoundTrip> {
  const end = share.firstRow + share.rows;
  for (let first = share.firstRow; first < end; first += batchSize) {
    const t = autocommitTrip('statement', statement(form, first, Math.min(batchSize, end - first), bad));
    yield t;
    if (t.failed) return;
  }
}

/**
 * COPY … FROM STDIN: the command and its "send the data" answer, then the data and the result.
 * An UPDATE or an upsert copies into a temporary table inside a transaction and merges it.
 */
function* copy(share: WriterShare, operation: OperationId, bad: number): Generator<PlannedRoundTrip> {
  const data = statement('copy', share.firstRow, share.rows, bad);
  if (operation === 'insert') {
    yield trip('copy-start');
    yield autocommitTrip('copy-data', data);
    return;
  }
  const staging = statement('create-staging', share.firstRow, 0, bad);
  yield trip('begin');
  yield trip('statement', [staging]);
  yield trip('copy-start');
  yield trip('copy-data', [data], { failed: data.fails });
  if (data.fails) {
    yield trip('rollback', [], { unit: { statements: [staging, data], transactional: true, fails: true, keptRows: 0, rolledBackRows: data.executedRows - 1 } });
    return;
  }
  const merge = statement('merge', share.firstRow, share.rows, bad);
  yield trip('statement', [merge]);
  yield trip('commit', [], { commit: true, rowsCommitted: share.rows, unit: { statements: [staging, data, merge], transactional: true, fails: false, keptRows: share.rows, rolledBackRows: 0 } });
}

/** Every round trip one writer makes, in order, for its share of the load. */
export function roundTripsOf(s: LoadSettings, share: WriterShare): Generator<PlannedRoundTrip> {
  switch (s.method) {
    case 'row-by-row':
      return rowByRow(share, s.badRowAt);
    case 'one-transaction':
    case 'executemany':
      return oneTransaction(share, s.badRowAt);
    case 'batched':
      return batched(share, s.batchSize, s.badRowAt);
    case 'multi-row':
      return multiRow(share, 'values', s.batchSize, s.badRowAt);
    case 'unnest':
      return multiRow(share, 'unnest', s.batchSize, s.badRowAt);
    case 'copy':
      return copy(share, s.operation, s.badRowAt);
  }
}

/** Simulated time the server spends on a round trip's statements, ms. */
export function roundTripStatementMs(s: LoadSettings, costs: BatchCosts, t: PlannedRoundTrip): number {
  let ms = 0;
  for (const st of t.statements) ms += statementMs(costs, { form: st.form, operation: s.operation, rows: st.executedRows }, s.customers);
  return ms;
}

/** What a load costs, from its plan alone (no contention between writers). */
export interface LoadSummary {
  statements: number;
  roundTrips: number;
  commits: number;
  /** Sum of the statements' costs, ms. */
  statementMs: number;
  /** Rows left in the table when the load is over. */
  keptRows: number;
  rolledBackRows: number;
  /** Each writer's round trips and its time alone: round trips × RTT + commits × commit + its statements. */
  writers: { roundTrips: number; ms: number; keptRows: number }[];
  /** The longest writer's time alone: the load's time when writers do not slow each other down (exact for one writer). */
  totalMs: number;
}

/** Walk the whole plan and add it up (the view's comparisons, the model's expectations). */
export function summarizeLoad(s: LoadSettings, costs: BatchCosts, networkRttMs: number, commitMs: number): LoadSummary {
  const sum: LoadSummary = { statements: 0, roundTrips: 0, commits: 0, statementMs: 0, keptRows: 0, rolledBackRows: 0, writers: [], totalMs: 0 };
  for (const share of writerShares(s.rows, s.concurrency)) {
    const w = { roundTrips: 0, ms: 0, keptRows: 0 };
    let commits = 0;
    let work = 0;
    for (const t of roundTripsOf(s, share)) {
      w.roundTrips++;
      sum.statements += t.statements.length;
      work += roundTripStatementMs(s, costs, t);
      if (t.commit) commits++;
      if (t.unit !== null) {
        w.keptRows += t.unit.keptRows;
        sum.rolledBackRows += t.unit.rolledBackRows;
      }
    }
    w.ms = w.roundTrips * networkRttMs + commits * commitMs + work;
    sum.roundTrips += w.roundTrips;
    sum.commits += commits;
    sum.statementMs += work;
    sum.keptRows += w.keptRows;
    sum.writers.push(w);
    sum.totalMs = Math.max(sum.totalMs, w.ms);
  }
  return sum;
}

/** What a load needs of the lab's parameters (the model, the panel's comparisons and its up-close view read the same). */
export function loadSettingsOf(p: BatchParams): LoadSettings {
  return { method: p.method, operation: p.operation, rows: p.rows, batchSize: p.batchSize, badRowAt: p.badRowAt, customers: p.customers, concurrency: p.concurrency };
}
