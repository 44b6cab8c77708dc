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
    const check = (event: SimEvent<any>) => this.check(event);
    for (const event of events) {
      if (event.processed) check(event);
      else event.addCallback(check); // a cancelled event never counts
      if (this.triggered) break;
    }
  }

  private check(event: SimEvent<any>): void {
    if (this.triggered) return;
    if (!event.ok) {
      event.defused = true;
      this.fail(event.value);
      return;
    }
    this.done.set(event, event.value);
    if (this.isMet(this.done.size, this.events.length)) this.succeed(this.done);
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
