/** What a service level objective asks of each window: a p99 latency and an error rate at most. */
export interface SloTarget {
  p99Ms: number;
  errorRate: number;
}

/**
 * A service level objective judged per fixed window (one second by default): each request's
 * latency and outcome is recorded at its end; a window is in violation when its p99 latency or its
 * error rate is above the target. Windows close lazily, when a request ends in a later one, so it
 * schedules no events (a model's event order does not change with it). A window with no ending
 * request is not judged.
 */
export class SloWindows {
  /** Windows judged in violation since the last reset. */
  violations = 0;
  /** Windows judged since the last reset. */
  judged = 0;
  private current = -1;
  private latencies: number[] = [];
  private failures = 0;

  constructor(
    private readonly target: () => SloTarget,
    private readonly windowMs = 1000,
  ) {}

  /** A request ended at `now` after `latencyMs`; `failed` if it failed. */
  record(now: number, latencyMs: number, failed: boolean): void {
    const index = Math.floor(now / this.windowMs);
    if (index !== this.current) {
      this.close();
      this.current = index;
    }
    this.latencies.push(latencyMs);
    if (failed) this.failures++;
  }

  /** Seconds (windows) in violation. */
  get violationS(): number {
    return (this.violations * this.windowMs) / 1000;
  }

  /** Forget the windows judged so far (end of the warm-up); the open window is dropped too. */
  reset(): void {
    this.violations = 0;
    this.judged = 0;
    this.latencies = [];
    this.failures = 0;
    this.current = -1;
  }

  private close(): void {
    const n = this.latencies.length;
    if (n === 0) return;
    const sorted = this.latencies.sort((a, b) => a - b);
    const p99 = sorted[Math.min(n - 1, Math.ceil(0.99 * n) - 1)]!;
    const { p99Ms, errorRate } = this.target();
    this.judged++;
    if (p99 > p99Ms || this.failures / n > errorRate) this.violations++;
    this.latencies = [];
    this.failures = 0;
  }
}
