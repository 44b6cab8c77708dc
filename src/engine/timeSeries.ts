/** One sample of a time series. */
export interface TimePoint {
  /** Simulated time of the sample. */
  t: number;
  /** The sampled value. */
  value: number;
}

/**
 * A time series that keeps only the newest `capacity` points (a ring buffer), so a long
 * run never grows memory. Charts read it with `points()`.
 */
export class BoundedTimeSeries {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  private length = 0;

  /** @param capacity the number of points kept (the newest ones) */
  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Points held (at most `capacity`). */
  get size(): number {
    return this.length;
  }

  /** Append a point; the oldest is dropped when full. Times must not decrease. */
  push(t: number, value: number): void {
    if (this.length > 0 && t < this.times[(this.start + this.length - 1) % this.capacity]!) {
      throw new RangeError(`time series point at ${t} is before the last one`);
    }
    const end = (this.start + this.length) % this.capacity;
    this.times[end] = t;
    this.values[end] = value;
    if (this.length < this.capacity) this.length++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The points held, oldest first. */
  points(): TimePoint[] {
    const out: TimePoint[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const j = (this.start + i) % this.capacity;
      out[i] = { t: this.times[j]!, value: this.values[j]! };
    }
    return out;
  }

  /** The points held, oldest first, as [t, value] pairs (the shape charts take). */
  pairs(): [number, number][] {
    const out: [number, number][] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const j = (this.start + i) % this.capacity;
      out[i] = [this.times[j]!, this.values[j]!];
    }
    return out;
  }

  /** The newest point, if any. */
  last(): TimePoint | undefined {
    if (this.length === 0) return undefined;
    const j = (this.start + this.length - 1) % this.capacity;
    return { t: this.times[j]!, value: this.values[j]! };
  }

  /** Drop every point. */
  clear(): void {
    this.start = 0;
    this.length = 0;
  }
}
