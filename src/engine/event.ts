import type { Environment } from './environment';

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
 */
export class SimEvent<T = unknown> {
  /** Simulated time at which the event is (or was) processed; set when scheduled. */
  time = 0;
  /** Lower runs first among events at the same time. */
  priority = NORMAL;
  /** Insertion order: breaks ties in (time, priority), so equal events run first-in first-out. */
  serial = 0;
  /** Callbacks to run when processed; `null` once processed. */
  callbacks: EventCallback[] | null = [];
  /** The value a waiting process receives (or the error thrown into it when `ok` is false). */
  value: T | undefined = undefined;
  /** False when the event failed; its `value` is then the error. */
  ok = true;
  /** True once `succeed` or `fail` has been called. */
  triggered = false;
  /** A cancelled event is skipped when popped and its callbacks never run. */
  cancelled = false;
  /** A failed event whose error was handled (by a waiting process) does not crash the run. */
  defused = false;

  constructor(readonly env: Environment) {}

  /** True once the kernel has run this event's callbacks. */
  get processed(): boolean {
    return this.callbacks === null;
  }

  /** Trigger the event successfully with `value`, after `delay` (default now). */
  succeed(value?: T, delay = 0, priority = NORMAL): this {
    if (this.triggered) throw new Error('event already triggered');
    this.triggered = true;
    this.ok = true;
    this.value = value;
    this.env.schedule(this, delay, priority);
    return this;
  }

  /** Trigger the event as failed; processes waiting on it get `error` thrown at their `yield`. */
  fail(error: unknown, delay = 0, priority = NORMAL): this {
    if (this.triggered) throw new Error('event already triggered');
    this.triggered = true;
    this.ok = false;
    this.value = error as T;
    this.env.schedule(this, delay, priority);
    return this;
  }

  /**
   * Cancel a triggered-but-unprocessed event (such as a timeout nobody needs any more):
   * it stays in the heap but is skipped, so cancelling is O(1).
   */
  cancel(): void {
    if (this.callbacks === null) return;
    this.cancelled = true;
    this.callbacks = null;
  }

  /** Register `callback` to run when the event is processed (immediately scheduled if already processed). */
  addCallback(callback: EventCallback): void {
    if (this.callbacks !== null) this.callbacks.push(callback);
    else this.env.callSoon(() => callback(this));
  }

  /** Remove a callback previously added (used when a process stops waiting, e.g. on interrupt). */
  removeCallback(callback: EventCallback): void {
    if (this.callbacks === null) return;
    const i = this.callbacks.indexOf(callback);
    if (i >= 0) this.callbacks.splice(i, 1);
  }
}

/** An event that triggers itself `delay` time units after creation. */
export class Timeout<T = undefined> extends SimEvent<T> {
  constructor(env: Environment, readonly delay: number, value?: T) {
    super(env);
    if (!(delay >= 0)) throw new RangeError(`timeout delay must be a non-negative number, got ${delay}`);
    this.triggered = true;
    this.value = value;
    env.schedule(this, delay, NORMAL);
  }
}
