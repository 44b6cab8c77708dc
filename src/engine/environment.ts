import { SimEvent, Timeout, NORMAL, URGENT } from './event';
import { EventHeap } from './eventHeap';
import { Process, type ProcessGenerator } from './process';
import { anyOf, allOf, type Condition } from './condition';
import { ExternalCall } from './externalCall';
import { Trace } from './trace';

/*
 * Module-local copies of imported bindings used on hot paths. When a CommonJS entry point
 * loads the engine (as `tsx` does for a script outside this package), each use of an
 * imported binding is a getter call on the exporting module's `exports`; a copy is not.
 */
const TimeoutClass = Timeout;
const ProcessClass = Process;
const URGENT_ = URGENT;
const NORMAL_ = NORMAL;

/** Priorities are integers in [0, MAX_PRIORITY); a power of two (see `push`). */
const MAX_PRIORITY = 1024;
/** Events a run may schedule: 2^43 (8.8e12, days at millions per second), so that MAX_PRIORITY × SERIALS ≤ 2^53. */
const SERIALS = 8796093022208; // 2^43

/** Why a call to {@link Environment.run} returned. */
export type RunStatus =
  /** No events left. */
  | 'idle'
  /** The `until` time was reached; `now` equals it. */
  | 'until'
  /** The next event is an external call whose work has not settled: await `settleExternal()`. */
  | 'blocked'
  /** The event budget (`maxEvents`) was used up. */
  | 'budget';

/** Options for {@link Environment.run}. */
export interface RunOptions {
  /** Process events strictly before this time, then set `now` to it. Default: no limit. */
  until?: number;
  /** Stop after processing this many events (for stepping and time-slicing). */
  maxEvents?: number;
}

/** Construction options for {@link Environment}. */
export interface EnvironmentOptions {
  /** Start time (default 0). */
  initialTime?: number;
  /** Record domain events here (see {@link Environment.log}); default: no trace. */
  trace?: Trace;
}

/**
 * The discrete-event kernel: a virtual clock and a heap of events ordered by
 * (time, priority, insertion order). Modelled on SimPy.
 *
 * Time is a plain number with no unit; the labs use milliseconds.
 * Nothing here reads a clock or draws randomness: a run is a pure function of its inputs.
 */
export class Environment {
  private clock: number;
  private serial = 0;
  private readonly heap = new EventHeap();
  /** The process whose generator is running right now, if any. */
  activeProcess: Process<any> | null = null;
  /** Total events processed (cancelled ones excluded). */
  eventsProcessed = 0;
  /** Domain trace, or null when tracing is off. */
  readonly trace: Trace | null;

  /** @param options start time and trace; see {@link EnvironmentOptions} */
  constructor(options: EnvironmentOptions = {}) {
    this.clock = options.initialTime ?? 0;
    this.trace = options.trace ?? null;
  }

  /** Current simulated time. */
  get now(): number {
    return this.clock;
  }

  /** Number of events in the heap (cancelled ones included until popped). */
  get scheduledCount(): number {
    return this.heap.size;
  }

  /** Time of the next event to process, or `Infinity` when there is none. */
  peek(): number {
    this.dropCancelled();
    return this.heap.peekTime();
  }

  /** The event that would be processed next (undefined if none), for runners that must recognise it. */
  peekEvent(): SimEvent | undefined {
    this.dropCancelled();
    return this.heap.peek();
  }

  /**
   * Put a triggered event on the heap `delay` after now, ordered by (time, priority, insertion).
   * Used by events themselves (`succeed`, `fail`, `Timeout`); model code triggers events instead.
   */
  schedule(event: SimEvent<any>, delay: number, priority: number = NORMAL): void {
    if (!event.triggered) throw new Error('only triggered events are scheduled: call succeed() or fail()');
    this.push(event, delay, priority);
  }

  /** @internal Schedule a new process's first step (see {@link Process}). */
  scheduleStart(process: Process<any>): void {
    if (this.serial === SERIALS) throw new RangeError('event serial numbers exhausted');
    process.time = this.clock;
    this.heap.push(process, this.clock, URGENT_ * SERIALS + this.serial++, URGENT_);
  }

  private push(event: SimEvent<any>, delay: number, priority: number): void {
    if (!(delay >= 0)) throw new RangeError(`delay must be a non-negative number, got ${delay}`);
    // One AND tests integer, non-negative and < MAX_PRIORITY (a power of two) at once.
    if ((priority & (MAX_PRIORITY - 1)) !== priority) {
      throw new RangeError(`priority must be an integer in [0, ${MAX_PRIORITY}), got ${priority}`);
    }
    if (this.serial === SERIALS) throw new RangeError('event serial numbers exhausted');
    const time = this.clock + delay;
    event.time = time;
    // Priority and insertion order folded into one exact double, so the heap compares
    // two numbers instead of three. Zero-delay URGENT and NORMAL events take a FIFO lane.
    this.heap.push(event, time, priority * SERIALS + this.serial++, delay === 0 && priority <= NORMAL_ ? priority : -1);
  }

  /** Run `fn` as an urgent event at the current time (after the current callback finishes). */
  callSoon(fn: () => void): void {
    const event = new SimEvent<undefined>(this);
    event.addCallback(fn);
    event.succeed(undefined, 0, URGENT);
  }

  /** A new pending event, to be triggered by model code with `succeed` or `fail`. */
  event<T = unknown>(): SimEvent<T> {
    return new SimEvent<T>(this);
  }

  /** An event that fires `delay` after now, carrying `value`. */
  timeout<T = undefined>(delay: number, value?: T): Timeout<T> {
    return new TimeoutClass<T>(this, delay, value);
  }

  /** Start a process from a generator; it takes its first step at the current time. */
  process<R>(generator: ProcessGenerator<R>, name?: string): Process<R> {
    return new ProcessClass<R>(this, generator, name);
  }

  /** Triggers when any of `events` is processed; value: the processed events and their values. */
  anyOf(events: readonly SimEvent<any>[]): Condition {
    return anyOf(this, events);
  }

  /** Triggers when all of `events` are processed. */
  allOf(events: readonly SimEvent<any>[]): Condition {
    return allOf(this, events);
  }

  /**
   * An event resolved by asynchronous work (a PGlite query); see {@link ExternalCall}.
   * Pass `null` as `work` to skip the work (model-only) with the same event ordering.
   */
  external<T>(work: (() => Promise<T>) | null, fallback?: T): ExternalCall<T> {
    return new ExternalCall<T>(this, work, fallback);
  }

  /** Record a domain event in the trace at the current time (no-op without a trace). */
  log(actor: string, kind: string, data?: Record<string, unknown>): void {
    if (this.trace !== null) this.trace.record(this.clock, actor, kind, data);
  }

  /**
   * Process the next event. Returns false when there is none, or when the next one is an
   * external call still waiting for its work (see {@link isBlocked}).
   */
  step(): boolean {
    this.dropCancelled();
    const heap = this.heap;
    const top = heap.peek();
    if (top === undefined || top.pending !== null) return false;
    const time = heap.peekTime();
    heap.pop();
    this.process1(top, time);
    return true;
  }

  /** Process every event at the next instant (the next distinct time); returns false if none ran. */
  stepInstant(): boolean {
    const t = this.peek();
    if (t === Infinity) return false;
    let ran = false;
    while (this.peek() === t && this.step()) ran = true;
    return ran;
  }

  /** True when the next event is an external call whose work has not settled. */
  isBlocked(): boolean {
    this.dropCancelled();
    const top = this.heap.peek();
    return top !== undefined && top.pending !== null;
  }

  /** Await the external work the kernel is blocked on (resolves at once if not blocked). */
  async settleExternal(): Promise<void> {
    this.dropCancelled();
    const top = this.heap.peek();
    if (top !== undefined && top.pending !== null) await top.pending;
  }

  /**
   * Process events until the heap is empty, `until` is reached, the event budget is spent,
   * or an external call blocks. Synchronous: external work is never awaited here.
   */
  run(options: RunOptions = {}): RunStatus {
    const until = options.until ?? Infinity;
    if (!(until >= this.clock)) throw new RangeError(`until (${until}) is before now (${this.clock})`);
    let budget = options.maxEvents ?? Infinity;
    const heap = this.heap;
    for (;;) {
      const top = heap.peek();
      if (top === undefined) {
        if (until !== Infinity) this.clock = until;
        return until === Infinity ? 'idle' : 'until';
      }
      if (top.cancelled) {
        heap.pop();
        continue;
      }
      const time = heap.peekTime();
      if (time >= until) {
        this.clock = until;
        return 'until';
      }
      if (budget <= 0) return 'budget';
      if (top.pending !== null) return 'blocked';
      heap.pop();
      this.process1(top, time);
      budget--;
    }
  }

  /** Like {@link run}, but awaits external work whenever it blocks. */
  async runAsync(options: { until?: number } = {}): Promise<Exclude<RunStatus, 'blocked' | 'budget'>> {
    for (;;) {
      const status = this.run(options);
      if (status === 'blocked') {
        await this.settleExternal();
        continue;
      }
      return status as 'idle' | 'until';
    }
  }

  private process1(event: SimEvent<any>, time: number): void {
    this.clock = time;
    this.eventsProcessed++;
    // Only a process's start entry is on the heap untriggered (see scheduleStart).
    if (!event.triggered) {
      (event as Process<any>).start();
      return;
    }
    event.processed = true;
    const waiter = event.waiter;
    const cbs = event.cbs;
    if (waiter !== null) {
      event.waiter = null;
      waiter.resume(event);
    }
    if (cbs !== null) {
      event.cbs = null;
      for (let i = 0; i < cbs.length; i++) cbs[i]!(event);
    }
    if (!event.ok && !event.defused) {
      const error = event.value;
      throw error instanceof Error ? error : new Error(`unhandled failed event: ${String(error)}`);
    }
  }

  private dropCancelled(): void {
    const heap = this.heap;
    let top = heap.peek();
    while (top !== undefined && top.cancelled) {
      heap.pop();
      top = heap.peek();
    }
  }
}
