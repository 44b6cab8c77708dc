import type { Environment } from './environment';
import type { Process } from './process';

/** Scheduling priority: urgent events (process start, interrupts) run before normal ones at the same instant. */
export const URGENT = 0;
/** Default scheduling priority. */
export const NORMAL = 1;

/** A callback run when an event is processed. */
export type EventCallback = (event: SimEvent<any>) => void;

/**
 * Something that happens at a point in simulated time.
 *
 * An event is *pending* until it is triggered (`succeed` or `fail`), which schedules it;
 * it is *processed* when the kernel pops it and runs its callbacks. Processes wait for
 * events by yielding them.
 *
 * Every field is initialised here, in one order, so that all events share one hidden-class
 * layout up to the subclass fields: the kernel's hot paths stay monomorphic on these fields.
 */
export class SimEvent<T = unknown> {
  /** Simulated time at which the event is (or was) processed; set when scheduled. */
  time = 0;
  /** The value a waiting process receives (or the error thrown into it when `ok` is false). */
  value: T | undefined = undefined;
  /** False when the event failed; its `value` is then the error. */
  ok = true;
  /** True once `succeed` or `fail` has been called. */
  triggered = false;
  /** True once the kernel has run this event's callbacks. */
  processed = false;
  /** A cancelled event is skipped when popped and its callbacks never run. */
  cancelled = false;
  /** A failed event whose error was handled (by a waiting process) does not crash the run. */
  defused = false;
  /**
   * External work that must settle before the kernel may process this event (see
   * `ExternalCall`); null for every other event. A field rather than an `instanceof` test,
   * because the run loop checks it for every event.
   */
  pending: Promise<void> | null = null;
  /**
   * @internal The first process waiting for this event. Most events have exactly one
   * waiter, so it gets a slot of its own: no callback array and no closure per wait.
   * Only set while `cbs` is empty, so running it first keeps registration order.
   */
  waiter: Process<any> | null = null;
  /** @internal Other callbacks, in registration order; allocated on first use. */
  cbs: EventCallback[] | null = null;

  /** @param env the environment that schedules and processes this event */
  constructor(readonly env: Environment) {}

  /**
   * Callbacks to run when processed, for code that pushes onto the list directly;
   * `null` once processed or cancelled. Prefer {@link addCallback}.
   */
  get callbacks(): EventCallback[] | null {
    if (this.processed || this.cancelled) return null;
    return (this.cbs ??= []);
  }

  /** Trigger the event successfully with `value`, after `delay` (default now). */
  succeed(value?: T, delay = 0, priority = NORMAL): this {
    return this.trigger(true, value, delay, priority);
  }

  /** Trigger the event as failed; processes waiting on it get `error` thrown at their `yield`. */
  fail(error: unknown, delay = 0, priority = NORMAL): this {
    return this.trigger(false, error as T, delay, priority);
  }

  private trigger(ok: boolean, value: T | undefined, delay: number, priority: number): this {
    if (this.triggered) throw new Error('event already triggered');
    this.triggered = true;
    this.ok = ok;
    this.value = value;
    try {
      this.env.schedule(this, delay, priority);
    } catch (error) {
      // A bad delay or priority leaves the event pending, as it was, so it can be triggered again.
      this.triggered = false;
      this.ok = true;
      this.value = undefined;
      throw error;
    }
    return this;
  }

  /**
   * Cancel an unprocessed event (such as a timeout nobody needs any more): it stays in the
   * heap but is skipped, so cancelling is O(1). Its callbacks never run, so a process still
   * waiting for it never resumes on it; yielding it afterwards throws. No effect once processed.
   */
  cancel(): void {
    if (this.processed) return;
    this.cancelled = true;
    this.waiter = null;
    this.cbs = null;
  }

  /** Register `callback` to run when the event is processed (scheduled at once if already processed; dropped if cancelled). */
  addCallback(callback: EventCallback): void {
    if (this.processed) this.env.callSoon(() => callback(this));
    else if (!this.cancelled) (this.cbs ??= []).push(callback);
  }

  /** Remove a callback previously added (used when a process stops waiting, e.g. on interrupt). */
  removeCallback(callback: EventCallback): void {
    const cbs = this.cbs;
    if (cbs === null) return;
    const i = cbs.indexOf(callback);
    if (i >= 0) cbs.splice(i, 1);
  }
}

/** An event that triggers itself `delay` time units after creation. */
export class Timeout<T = undefined> extends SimEvent<T> {
  /** Schedules itself at `env.now + delay` (a non-negative number) with `value`. */
  constructor(
    env: Environment,
    /** How long after its creation the timeout fires. */
    readonly delay: number,
    value?: T,
  ) {
    super(env);
    this.triggered = true;
    this.value = value;
    env.schedule(this, delay, NORMAL); // validates the delay
  }
}
