/**
 * The time-weighted average of a piecewise-constant quantity (pool connections in use,
 * queue length): each value counts for as long as it held. Call `set` whenever it changes.
 */
export class TimeWeightedAverage {
  private area = 0;
  private since: number;
  private lastChange: number;
  private current: number;
  private peak: number;

  /**
   * @param now the time averaging starts
   * @param initial the quantity's value at `now`
   */
  constructor(now: number, initial = 0) {
    this.since = now;
    this.lastChange = now;
    this.current = initial;
    this.peak = initial;
  }

  /** The value now. */
  get value(): number {
    return this.current;
  }

  /** Largest value seen since the last reset. */
  get max(): number {
    return this.peak;
  }

  /** Record that the quantity became `value` at time `now`. */
  set(now: number, value: number): void {
    if (now < this.lastChange) throw new RangeError(`time ${now} is before the last change at ${this.lastChange}`);
    this.area += this.current * (now - this.lastChange);
    this.lastChange = now;
    this.current = value;
    if (value > this.peak) this.peak = value;
  }

  /** Add `delta` to the quantity at time `now`. */
  add(now: number, delta: number): void {
    this.set(now, this.current + delta);
  }

  /** The average over [last reset, now]; the current value if no time has passed. */
  mean(now: number): number {
    const span = now - this.since;
    if (span <= 0) return this.current;
    return (this.area + this.current * (now - this.lastChange)) / span;
  }

  /** Start averaging afresh at `now`, keeping the current value (end of warm-up). */
  reset(now: number): void {
    this.area = 0;
    this.since = now;
    this.lastChange = now;
    this.peak = this.current;
  }
}
