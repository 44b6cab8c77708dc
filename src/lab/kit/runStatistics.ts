import { LatencyHistogram, TimeWeightedAverage, type Environment } from '../../engine';

/**
 * A lab's statistics that the end of the warm-up forgets: counters, latency histograms and
 * time-weighted averages registered here are all reset by one `reset()`.
 */
export class RunStatistics<C extends Record<string, number>> {
  /** Counters, zeroed by `reset()`. */
  readonly counts: C;
  /** Simulated time the statistics began (0, or the end of the warm-up). */
  since: number;
  private readonly histograms: LatencyHistogram[] = [];
  private readonly averages: TimeWeightedAverage[] = [];

  constructor(
    private readonly env: Environment,
    counters: C,
  ) {
    this.counts = { ...counters };
    this.since = env.now;
  }

  histogram(): LatencyHistogram {
    const h = new LatencyHistogram();
    this.histograms.push(h);
    return h;
  }

  timeWeighted(initial = 0): TimeWeightedAverage {
    const a = new TimeWeightedAverage(this.env.now, initial);
    this.averages.push(a);
    return a;
  }

  /** Simulated ms since the statistics began (never 0, so rates can divide by it). */
  elapsedMs(): number {
    return Math.max(this.env.now - this.since, 1e-9);
  }

  /** Per simulated second since the statistics began. */
  perSecond(count: number): number {
    return (count * 1000) / this.elapsedMs();
  }

  reset(): void {
    this.since = this.env.now;
    for (const key of Object.keys(this.counts) as (keyof C)[]) (this.counts as Record<keyof C, number>)[key] = 0;
    for (const h of this.histograms) h.reset();
    for (const a of this.averages) a.reset(this.env.now);
  }
}
