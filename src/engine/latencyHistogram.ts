import { build, type Histogram } from 'hdr-histogram-js';

/** The percentile summary every lab reports for a latency. */
export interface LatencySummary {
  /** Values recorded. */
  count: number;
  /** Exact mean, in milliseconds (0 when empty). */
  mean: number;
  /** Median, in milliseconds (within 0.1%). */
  p50: number;
  /** 95th percentile, in milliseconds (within 0.1%). */
  p95: number;
  /** 99th percentile, in milliseconds (within 0.1%). */
  p99: number;
  /** Exact maximum, in milliseconds. */
  max: number;
}

/**
 * Latency distribution backed by an HDR histogram (hdr-histogram-js, pure JS build):
 * 3 significant digits at any magnitude, constant memory. Values are recorded in
 * microsecond units of the milliseconds passed in, so sub-millisecond waits keep precision.
 * The mean and max are kept exactly beside the histogram.
 */
export class LatencyHistogram {
  private readonly histogram: Histogram;
  private sum = 0;
  private n = 0;
  private maximum = 0;

  /** An empty histogram. */
  constructor() {
    this.histogram = build({ numberOfSignificantValueDigits: 3, useWebAssembly: false, bitBucketSize: 32 });
  }

  /** Record one latency in milliseconds (negative values are a bug and throw). */
  record(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`latency must be non-negative, got ${ms}`);
    this.histogram.recordValue(Math.round(ms * 1000));
    this.sum += ms;
    this.n++;
    if (ms > this.maximum) this.maximum = ms;
  }

  /** Values recorded since the last reset. */
  get count(): number {
    return this.n;
  }

  /** Exact mean of the values, in milliseconds; 0 when empty. */
  get mean(): number {
    return this.n === 0 ? 0 : this.sum / this.n;
  }

  /** Exact largest value, in milliseconds; 0 when empty. */
  get max(): number {
    return this.maximum;
  }

  /** The value at percentile `p` (0–100), in milliseconds; 0 when empty. */
  percentile(p: number): number {
    if (this.n === 0) return 0;
    return this.histogram.getValueAtPercentile(p) / 1000;
  }

  /** Count, mean, p50, p95, p99 and max in one object. */
  summary(): LatencySummary {
    return {
      count: this.n,
      mean: this.mean,
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max: this.maximum,
    };
  }

  /** Forget everything (end of warm-up). */
  reset(): void {
    this.histogram.reset();
    this.sum = 0;
    this.n = 0;
    this.maximum = 0;
  }
}
