import { SimEvent, URGENT, type EventCallback } from './event';
import type { Environment } from './environment';
import { Interrupt } from './errors';

/**
 * A process body: a generator that yields events and is resumed with each event's value
 * (or has the event's error thrown at its `yield`). Its return value becomes the
 * process event's value, so other processes can `yield` a process to join it.
 */
export type ProcessGenerator<R = unknown> = Generator<SimEvent<any>, R, any>;

/**
 * A running generator, driven by the kernel. It is itself an event that triggers when
 * the generator returns (success) or throws (failure).
 *
 * Generators rather than async functions, because the kernel must be able to step a
 * process from outside, one event at a time, without the microtask queue in between.
 */
export class Process<R = unknown> extends SimEvent<R> {
  /** The event this process is waiting for, or null while running or once finished. */
  target: SimEvent<any> | null = null;
  private readonly resumeCallback: EventCallback;

  constructor(
    env: Environment,
    private readonly generator: ProcessGenerator<R>,
    /** Label used in traces and error messages. */
    readonly name = 'process',
  ) {
    super(env);
    this.resumeCallback = (event) => this.resume(event);
    const start = new SimEvent<undefined>(env);
    start.callbacks!.push(this.resumeCallback);
    start.succeed(undefined, 0, URGENT);
    this.target = start;
  }

  /** True while the generator has not finished. */
  get isAlive(): boolean {
    return !this.triggered;
  }

  /**
   * Throw an {@link Interrupt} carrying `cause` into the process at its current `yield`,
   * as an urgent event at the current time. The process stops waiting for its target.
   */
  interrupt(cause?: unknown): void {
    if (this.triggered) throw new Error(`${this.name} has finished and cannot be interrupted`);
    const env = this.env;
    const interruption = new SimEvent<unknown>(env);
    interruption.callbacks!.push((event) => {
      if (this.triggered) return; // finished before the interrupt was delivered
      this.target?.removeCallback(this.resumeCallback);
      this.resume(event);
    });
    interruption.fail(new Interrupt(cause), 0, URGENT);
    interruption.defused = true;
  }

  private resume(event: SimEvent<any>): void {
    const env = this.env;
    env.activeProcess = this;
    let current = event;
    for (;;) {
      let result: IteratorResult<SimEvent<any>, R>;
      try {
        if (current.ok) {
          result = this.generator.next(current.value);
        } else {
          current.defused = true;
          result = this.generator.throw(current.value);
        }
      } catch (error) {
        this.target = null;
        env.activeProcess = null;
        this.fail(error);
        return;
      }
      if (result.done) {
        this.target = null;
        env.activeProcess = null;
        this.finish(result.value);
        return;
      }
      const next = result.value;
      if (!(next instanceof SimEvent)) {
        current = new SimEvent(env);
        current.ok = false;
        current.value = new TypeError(`${this.name} yielded ${String(next)}, which is not an event`);
        continue;
      }
      if (next.callbacks !== null) {
        next.callbacks.push(this.resumeCallback);
        this.target = next;
        env.activeProcess = null;
        return;
      }
      // Already processed: resume at once with its value, as SimPy does.
      current = next;
    }
  }

  /** Succeed; when nobody is waiting, mark processed in place instead of paying for a heap entry. */
  private finish(value: R): void {
    if (this.callbacks !== null && this.callbacks.length === 0) {
      this.triggered = true;
      this.ok = true;
      this.value = value;
      this.time = this.env.now;
      this.callbacks = null;
      return;
    }
    this.succeed(value);
  }
}
