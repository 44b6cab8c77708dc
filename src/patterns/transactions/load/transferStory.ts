import type { RequestDetail } from '../../../lab/labDefinition';
import { DEADLOCK_DETECTED, SERIALIZATION_FAILURE } from '../model/sqlError';
import type { TimedOutcome } from './engineDriver';
import type { AttemptOutcome } from './transferAttempt';
import { describeTransfer, type Strategy } from './transferScript';

/** One line of a transfer's story: what happened at which simulated time (ms). */
export interface StoryLine {
  t: number;
  what: string;
}

/** A story keeps at most this many lines (a transfer retried 50 times would otherwise keep hundreds). */
export const STORY_LINES = 120;

/** What the story needs of a transfer (a TransferRun). */
export interface StoryTransfer {
  id: number;
  from: number;
  to: number;
  amount: number;
  startedAt: number;
  session: string | null;
  phase: string;
  attempts: number;
  story: StoryLine[];
  /** How it ended, or null while in flight. */
  ended: AttemptOutcome | null;
  endedAt: number;
  /** The strategy and isolation level of its latest attempt. */
  strategy: Strategy;
  isolation: string;
}

/** Add a line, keeping the first lines and the newest ones when the story grows too long. */
export function tell(t: StoryTransfer, at: number, what: string): void {
  if (t.story.length >= STORY_LINES) t.story.splice(STORY_LINES / 2, 1);
  t.story.push({ t: at, what });
}

/** The name of a retryable failure, as PostgreSQL's error code says it. */
export function abortName(sqlstate: string): string {
  if (sqlstate === DEADLOCK_DETECTED) return 'deadlock victim (40P01)';
  if (sqlstate === SERIALIZATION_FAILURE) return 'serialization failure (40001)';
  return sqlstate;
}

/** A statement's answer in a few words: the command tag and a single value read, or the error. */
export function answerOf(o: TimedOutcome): string {
  if (o.status === 'error') return `ERROR ${o.sqlstate}: ${o.message}`;
  const row = o.rows?.length === 1 ? o.rows[0]! : null;
  const value = row === null ? '' : ` → ${Object.entries(row).map(([k, v]) => `${k} = ${v === null ? 'null' : String(v)}`).join(', ')}`;
  return `${o.command ?? 'ok'}${value}`;
}

/** Where a transfer in flight is now, in a few words. */
export function whereNow(t: StoryTransfer): string {
  if (t.phase === 'waiting for a session') return 'waiting for a free session';
  if (t.phase === 'blocked') return `blocked on a row lock (attempt ${t.attempts})`;
  return `running (attempt ${t.attempts})`;
}

/**
 * How a transfer ended, in a few words ("in flight" until it has: the details panel marks any
 * other outcome not starting with "completed" as a failure).
 */
export function outcomeText(t: StoryTransfer): string {
  const o = t.ended;
  const took = `${(t.endedAt - t.startedAt).toFixed(2)} ms`;
  const tries = t.attempts > 1 ? ` after ${t.attempts} attempts` : '';
  if (o === null) return 'in flight';
  if (o === 'committed') return `completed: committed in ${took}${tries}`;
  if (o === 'insufficient funds') return `rolled back: insufficient funds (${took})`;
  if (o === 'injected failure') return `rolled back: the application failed between the debit and the credit (${took})`;
  if ('retry' in o) return `gave up${tries}: still ${abortName(o.retry)}`;
  return `failed: ${o.error}`;
}

/** The story of one transfer for the request details panel, as of simulated time `now`. */
export function transferDetail(t: StoryTransfer, now: number): RequestDetail {
  return {
    id: t.id,
    outcome: outcomeText(t),
    timeline: t.ended === null ? [...t.story, { t: now, what: `now ${whereNow(t)}` }] : t.story.slice(),
    sql: describeTransfer(t.strategy, t.isolation).join(';\n'),
    executed: 'modelled',
    modelledBecause: "not executed: the lab's model of PostgreSQL's row locks and isolation levels (held equal to a real server by its tests) times every transfer; a sample of transfers also runs on PGlite, to check the balances",
  };
}
