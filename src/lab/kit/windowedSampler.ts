import { BoundedTimeSeries, LatencyHistogram, type Environment, type ProcessGenerator } from '../../engine';
import type { ChartData } from '../snapshot';

/** Chart resolution: a run is sampled this many times whatever its length. */
export const SAMPLES_PER_RUN = 240;

/**
 * What happened since the last sample: named counts and latency histograms, cleared after each
 * sample. Models record into it as things happen; the sampler reads it.
 */
export class SampleWindow {
  private readonly counts = new Map<string, number>();
  private readonly histograms = new Map<string, LatencyHistogram>();

  constructor(
    /** The window's length, ms of simulated time. */
    readonly lengthMs: number,
  ) {}

  count(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  record(name: string, valueMs: number): void {
    let h = this.histograms.get(name);
    if (h === undefined) {
      h = new LatencyHistogram();
      this.histograms.set(name, h);
    }
    h.record(valueMs);
  }

  total(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** The count per simulated second over the window. */
  perSecond(name: string): number {
    return (this.total(name) * 1000) / this.lengthMs;
  }

  /** How many values `name` recorded in the window. */
  recorded(name: string): number {
    return this.histograms.get(name)?.count ?? 0;
  }

  /** A percentile of the window's values of `name` (0 when none were recorded). */
  percentile(name: string, p: number): number {
    return this.histograms.get(name)?.percentile(p) ?? 0;
  }

  clear(): void {
    this.counts.clear();
    for (const h of this.histograms.values()) h.reset();
  }
}

/** The figures of one sample, by series name; null draws no point (e.g. no request finished). */
export type SampleValues = Record<string, number | null>;

/**
 * The charts' time series: every `durationMs / SAMPLES_PER_RUN` of simulated time (at least
 * 1 ms) it asks the model for the current figures, appends them to bounded series and clears the
 * window. A sampler only reads the model, so it changes no metric.
 */
export class WindowedSampler {
  readonly everyMs: number;
  readonly window: SampleWindow;
  private readonly series = new Map<string, BoundedTimeSeries>();

  constructor(
    private readonly env: Environment,
    durationMs: number,
    private readonly read: (window: SampleWindow, t: number) => SampleValues,
  ) {
    this.everyMs = Math.max(durationMs / SAMPLES_PER_RUN, 1);
    this.window = new SampleWindow(this.everyMs);
  }

  /** Spawn the sampling process (call once, from the model's `start`). */
  start(): void {
    this.env.process(this.run(), 'sampler');
  }

  private *run(): ProcessGenerator<void> {
    for (;;) {
      yield this.env.timeout(this.everyMs);
      const t = this.env.now;
      for (const [name, value] of Object.entries(this.read(this.window, t))) if (value !== null) this.seriesOf(name).push(t, value);
      this.window.clear();
    }
  }

  private seriesOf(name: string): BoundedTimeSeries {
    let s = this.series.get(name);
    if (s === undefined) {
      s = new BoundedTimeSeries(SAMPLES_PER_RUN * 2);
      this.series.set(name, s);
    }
    return s;
  }

  has(name: string): boolean {
    return this.series.has(name);
  }

  /** The points of one series, oldest first, as charts take them (empty if never sampled). */
  points(name: string): [number, number][] {
    return this.series.get(name)?.pairs() ?? [];
  }

  /**
   * A chart of sampled series: `lines` maps the name of each line, in drawing order, to the
   * series it draws (`{ 'read p99': 'readP99' }`).
   */
  chart({ references, ...head }: Omit<ChartData, 'series'>, lines: Record<string, string>): ChartData {
    const series = Object.entries(lines).map(([name, sampled]) => ({ name, points: this.points(sampled) }));
    return references === undefined ? { ...head, series } : { ...head, series, references };
  }
}
