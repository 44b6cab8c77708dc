import { SimEvent } from './event';
import type { Environment } from './environment';

/** What a condition resolves to: the events that had been processed, with their values. */
export type ConditionValue = Map<SimEvent<any>, unknown>;

/**
 * An event that triggers once `isMet(processedCount, total)` holds over its sub-events.
 * A failing sub-event fails the condition (its error is handled by the condition).
 */
export class Condition extends SimEvent<ConditionValue> {
  private readonly done: ConditionValue = new Map();
  private readonly checker = (event: SimEvent<any>) => this.check(event);

  /**
   * @param env the environment of every sub-event
   * @param isMet decides, from the number of processed sub-events and their total, whether the condition holds
   * @param events the sub-events
   */
  constructor(
    env: Environment,
    private readonly isMet: (processed: number, total: number) => boolean,
    private readonly events: readonly SimEvent<any>[],
  ) {
    super(env);
    for (const event of events) {
      if (event.env !== env) throw new Error('cannot mix events from different environments');
    }
    if (events.length === 0 || isMet(0, events.length)) {
      this.succeed(this.done);
      return;
    }
    for (const event of events) {
      if (event.processed) this.check(event);
      else event.addCallback(this.checker); // a cancelled event never counts
      if (this.triggered) break;
    }
  }

  private check(event: SimEvent<any>): void {
    if (this.triggered) return;
    if (!event.ok) {
      event.defused = true;
      this.fail(event.value);
    } else {
      this.done.set(event, event.value);
      if (this.isMet(this.done.size, this.events.length)) this.succeed(this.done);
    }
    // Decided: stop listening, so that a long timeout that lost a race does not keep the
    // condition (and its value) alive until it fires. A sub-event that fails later is then
    // nobody's: like any unhandled failure, it crashes the run (as in SimPy).
    if (this.triggered) for (const other of this.events) other.removeCallback(this.checker);
  }
}

/** Triggers when any one of `events` has been processed. */
export function anyOf(env: Environment, events: readonly SimEvent<any>[]): Condition {
  return new Condition(env, (processed, total) => processed > 0 || total === 0, events);
}

/** Triggers when all of `events` have been processed. */
export function allOf(env: Environment, events: readonly SimEvent<any>[]): Condition {
  return new Condition(env, (processed, total) => processed === total, events);
}
