import { SimEvent, type Environment, type Timeout } from '../engine';

/**
 * How much slower every running query gets for each query beyond the core count: context
 * switches, lock and latch contention, cache thrashing. With k queries running on C cores
 * each progresses at rate (C/k) / (1 + α·(k − C)), so total throughput falls as k grows
 * past C — the reason a pool a little above the core count beats a very large one.
 * α = 0.01 makes 100 queries on 4 cores deliver about half the throughput of 4.
 */
export const CONTENTION_PER_EXTRA_QUERY = 0.01;

interface Job {
  remaining: number;
  done: SimEvent<undefined>;
}

/**
 * A database server's CPUs as a processor-sharing queue with contention: every running
 * query shares the cores equally; beyond the core count all of them slow down. While
 * `running ≤ cores` a query of `work` ms takes exactly `work` ms, so a pool of at most
 * `cores` connections makes the system an M/M/c queue.
 */
export class DatabaseCpu {
  private readonly jobs: Job[] = [];
  private lastUpdate: number;
  private timer: Timeout | null = null;
  private busyArea = 0;
  private areaSince: number;

  constructor(
    private readonly env: Environment,
    private coreCount: number,
    private readonly contention = CONTENTION_PER_EXTRA_QUERY,
  ) {
    this.lastUpdate = env.now;
    this.areaSince = env.now;
  }

  /** Queries running now. */
  get running(): number {
    return this.jobs.length;
  }

  get cores(): number {
    return this.coreCount;
  }

  /** The rate at which each of `k` running queries progresses (1 = as fast as alone). */
  rate(k: number): number {
    if (k <= this.coreCount) return 1;
    return this.coreCount / k / (1 + this.contention * (k - this.coreCount));
  }

  /** Run `work` ms of CPU; the event fires when it is done. */
  run(work: number): SimEvent<undefined> {
    this.advance();
    const done = new SimEvent<undefined>(this.env);
    if (work <= 0) {
      done.succeed(undefined);
      return done;
    }
    this.jobs.push({ remaining: work, done });
    this.reschedule();
    return done;
  }

  /** Change the number of cores mid-run. */
  setCores(cores: number): void {
    this.advance();
    this.coreCount = cores;
    this.reschedule();
  }

  /** Mean busy cores over the cores since the last reset (0–1). */
  utilization(): number {
    this.advance();
    const span = this.env.now - this.areaSince;
    return span <= 0 ? 0 : this.busyArea / span / this.coreCount;
  }

  resetStatistics(): void {
    this.advance();
    this.busyArea = 0;
    this.areaSince = this.env.now;
  }

  /** Bring every job's remaining work up to now. */
  private advance(): void {
    const now = this.env.now;
    const elapsed = now - this.lastUpdate;
    if (elapsed > 0 && this.jobs.length > 0) {
      const progress = elapsed * this.rate(this.jobs.length);
      for (const job of this.jobs) job.remaining -= progress;
      this.busyArea += elapsed * Math.min(this.jobs.length, this.coreCount);
    }
    this.lastUpdate = now;
  }

  /**
   * Complete finished jobs and set one timer for the next completion.
   *
   * `finishing` is the job the timer that just fired was set for: it is done by definition,
   * whatever floating-point residue its `remaining` still holds. Deciding completion only by
   * comparing the residue with a fixed tolerance is not enough: the residue is of the order of
   * the clock's resolution, which grows with the clock (3.7e-9 ms past 2^24 ms = 4.7 h), and a
   * timer for a residue below half of it lands at `now` itself, does no work, and is set again
   * for ever. With the timer's own job completed, every firing ends at least one job.
   */
  private reschedule(finishing: Job | null = null): void {
    this.timer?.cancel();
    this.timer = null;
    // Tolerance for floating-point residue: a job within a nanosecond of done is done.
    for (let i = this.jobs.length - 1; i >= 0; i--) {
      const job = this.jobs[i]!;
      if (job === finishing || job.remaining <= 1e-9) {
        job.done.succeed(undefined);
        this.jobs.splice(i, 1);
      }
    }
    if (this.jobs.length === 0) return;
    let next = this.jobs[0]!;
    for (const job of this.jobs) if (job.remaining < next.remaining) next = job;
    const timer = this.env.timeout(next.remaining / this.rate(this.jobs.length));
    timer.callbacks!.push(() => {
      this.timer = null;
      this.advance();
      this.reschedule(next);
    });
    this.timer = timer;
  }
}
