import { SimEvent, URGENT, type EventCallback } from './event';
import type { Environment } from './environment';
import { Interrupt } from './errors';

/**
 * A module-local copy of an imported class used on a hot path. When a CommonJS entry point
 * loads the engine (as `tsx` does for a script outside this package), each use of an
 * imported binding is a getter call on the exporting module's `exports`; a copy is not.
 */
const SimEventClass = SimEvent;

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
  /** The event this process is waiting for, or null while running, before its first step, or once finished. */
  target: SimEvent<any> | null = null;
  /** A closure that resumes this process, made only when it has to wait as a second waiter. */
  private resumer: EventCallback | null = null;

  /** Made by {@link Environment.process}, which is the usual way to start one. */
  constructor(
    env: Environment,
    private readonly generator: ProcessGenerator<R>,
    /** Label used in traces and error messages. */
    readonly name = 'process',
  ) {
    super(env);
    // The process is its own start event: the kernel pops it (untriggered) and calls
    // `start`, which saves allocating an event and a closure for every process.
    env.scheduleStart(this);
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
    const interruption = new SimEvent<unknown>(this.env);
    interruption.addCallback((event) => {
      if (this.triggered) return; // finished before the interrupt was delivered
      this.detach();
      this.resume(event);
    });
    interruption.defused = true; // handled by this process, or it fails with it
    interruption.fail(new Interrupt(cause), 0, URGENT);
  }

  /** A process is not cancelled: interrupt it, and let it clean up. */
  override cancel(): void {
    throw new TypeError(`${this.name}: a process cannot be cancelled; interrupt it instead`);
  }

  /** @internal Called by the kernel when the process's start entry is popped. */
  start(): void {
    this.step(true, undefined);
  }

  /** @internal Called by the kernel (or a callback) when the awaited event is processed. */
  resume(event: SimEvent<any>): void {
    this.target = null;
    if (!event.ok) event.defused = true;
    this.step(event.ok, event.value);
  }

  /** Stop waiting for the current target (on interrupt). */
  private detach(): void {
    const target = this.target;
    if (target === null) return;
    if (target.waiter === this) target.waiter = null;
    else if (this.resumer !== null) target.removeCallback(this.resumer);
    this.target = null;
  }

  /** Run the generator until it yields an unprocessed event (then wait for it) or ends. */
  private step(ok: boolean, value: unknown): void {
    const env = this.env;
    env.activeProcess = this;
    for (;;) {
      let result: IteratorResult<SimEvent<any>, R>;
      try {
        result = ok ? this.generator.next(value) : this.generator.throw(value);
      } catch (error) {
        env.activeProcess = null;
        this.fail(error);
        return;
      }
      if (result.done === true) {
        env.activeProcess = null;
        this.finish(result.value);
        return;
      }
      const next = result.value;
      if (!(next instanceof SimEventClass) || next.env !== env) {
        ok = false;
        value = new TypeError(`${this.name} yielded ${String(next)}, which is not an event of its environment`);
        continue;
      }
      if (next.processed) {
        // Already processed: resume at once with its value, as SimPy does.
        ok = next.ok;
        value = next.value;
        if (!ok) next.defused = true;
        continue;
      }
      if (next.cancelled) {
        ok = false;
        value = new Error(`${this.name} yielded a cancelled event, which would never resume it`);
        continue;
      }
      // Wait. The waiter slot keeps registration order only while no callback precedes it.
      if (next.waiter === null && (next.cbs === null || next.cbs.length === 0)) next.waiter = this;
      else (next.cbs ??= []).push((this.resumer ??= (event) => this.resume(event)));
      this.target = next;
      env.activeProcess = null;
      return;
    }
  }

  /** Succeed; when nobody is waiting, mark processed in place instead of paying for a heap entry. */
  private finish(value: R): void {
    if (this.waiter === null && (this.cbs === null || this.cbs.length === 0)) {
      this.triggered = true;
      this.ok = true;
      this.value = value;
      this.time = this.env.now;
      this.processed = true;
      return;
    }
    this.succeed(value);
  }
}
