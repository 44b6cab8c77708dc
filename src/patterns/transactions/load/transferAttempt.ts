import type { Environment, ProcessGenerator } from '../../../engine';
import { DEADLOCK_DETECTED, SERIALIZATION_FAILURE } from '../model/sqlError';
import type { TransactionsParams } from '../params';
import { EngineDriver, type TimedOutcome } from './engineDriver';
import { atomicChange, readBalance, touchOrder, writeBalance, type Transfer } from './transferScript';

/** How one attempt at a transfer ended: committed, rolled back by the application, or failed (to retry, or not). */
export type AttemptOutcome = 'committed' | 'insufficient funds' | 'injected failure' | { retry: string } | { error: string };

/** A transfer as the application runs it: the accounts and amount, and whether it fails between the debit and the credit. */
export interface TransferOrder extends Transfer {
  injectFailure: boolean;
}

/** What an attempt needs from the load model: the parameters in force and a session to send statements on. */
export interface AttemptSession {
  env: Environment;
  params: TransactionsParams;
  /** Send one statement on this session and wait for its answer (round trip, lock waits and work included). */
  exec(text: string, rowStatement: boolean): ProcessGenerator<TimedOutcome>;
  /** Did this session's last UPDATE of `id` replace a version other than the one it read? */
  overwroteUnread(id: number, readValue: number): boolean;
}

/** An attempt's ending, and the committed writes it lost (counted only if it committed). */
export interface AttemptResult {
  outcome: AttemptOutcome;
  lostUpdates: number;
}

/** 40001 and 40P01 are retried; anything else is an error. */
function failure(o: TimedOutcome): AttemptOutcome {
  if (o.sqlstate === SERIALIZATION_FAILURE || o.sqlstate === DEADLOCK_DETECTED) return { retry: o.sqlstate };
  return { error: `${o.sqlstate}: ${o.message}` };
}

/** How the statements between BEGIN and COMMIT ended: roll back with this outcome, or commit having lost `stale` writes. */
type Body = { rollbackWith: AttemptOutcome } | { stale: number };

/**
 * One attempt at a transfer, as the application writes it for the strategy in force:
 * BEGIN ISOLATION LEVEL …, the two balance changes in the chosen lock order, COMMIT. An error, too
 * little money or an injected failure rolls back; a failed COMMIT needs no ROLLBACK.
 */
export function* attemptTransfer(s: AttemptSession, t: TransferOrder): ProcessGenerator<AttemptResult> {
  const { strategy, isolation, lockOrder } = s.params;
  const order = touchOrder(t, lockOrder);
  yield* s.exec(EngineDriver.begin(isolation), false);
  const body = strategy === 'atomic-update' ? yield* atomicUpdates(s, t, order) : yield* readThenWrite(s, t, order, strategy === 'for-update');
  if ('rollbackWith' in body) {
    yield* s.exec('rollback', false);
    return { outcome: body.rollbackWith, lostUpdates: 0 };
  }
  const c = yield* s.exec('commit', false);
  if (c.status === 'error') return { outcome: failure(c), lostUpdates: 0 };
  return { outcome: 'committed', lostUpdates: body.stale };
}

/** Debit and credit in the database itself; the debit changes no row when the money is not there. */
function* atomicUpdates(s: AttemptSession, t: TransferOrder, [first, second]: [number, number]): ProcessGenerator<Body> {
  for (const id of [first, second]) {
    const o = yield* s.exec(atomicChange(id, id === t.from ? -t.amount : t.amount), true);
    if (o.status === 'error') return { rollbackWith: failure(o) };
    if (id === t.from && o.command === 'UPDATE 0') return { rollbackWith: 'insufficient funds' };
    if (id === first && t.injectFailure) return { rollbackWith: 'injected failure' };
  }
  return { stale: 0 };
}

/**
 * Read both balances (locking them first with FOR UPDATE), check the money is there, do the
 * application's work, write the balances it computed. Each write that replaced a version other
 * than the one read is a lost update once the transaction commits.
 */
function* readThenWrite(s: AttemptSession, t: TransferOrder, [first, second]: [number, number], forUpdate: boolean): ProcessGenerator<Body> {
  const read = new Map<number, number>();
  for (const id of [first, second]) {
    const o = yield* s.exec(readBalance(id, forUpdate), true);
    if (o.status === 'error') return { rollbackWith: failure(o) };
    read.set(id, Number(o.rows?.[0]?.balance ?? 0));
  }
  if (read.get(t.from)! < t.amount) return { rollbackWith: 'insufficient funds' };
  const work = s.params.appWorkMs;
  if (work > 0) yield s.env.timeout(work);
  let stale = 0;
  for (const id of [first, second]) {
    const balance = read.get(id)! + (id === t.from ? -t.amount : t.amount);
    const o = yield* s.exec(writeBalance(id, balance), true);
    if (o.status === 'error') return { rollbackWith: failure(o) };
    if (s.overwroteUnread(id, read.get(id)!)) stale++;
    if (id === first && t.injectFailure) return { rollbackWith: 'injected failure' };
  }
  return { stale };
}
