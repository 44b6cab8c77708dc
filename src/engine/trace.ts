/** One record of a run: at time `t`, `actor` did `kind`, with optional details. */
export interface TraceEntry {
  /** Simulated time. */
  t: number;
  /** Who: a process, node or component name (`customer-7`, `primary`). */
  actor: string;
  /** What happened (`arrive`, `query`, `timeout`…). */
  kind: string;
  /** Details, when any. */
  data?: Record<string, unknown>;
}

/**
 * The record of a run. Tests assert on it and the UI animates it. Bounded: past `limit`
 * entries the oldest are dropped (`dropped` counts them), so tracing a long run is safe.
 */
export class Trace {
  private entries: TraceEntry[] = [];
  /** Entries discarded because the trace was full. */
  dropped = 0;
  /** Entries ever recorded. */
  total = 0;

  /** @param limit entries kept at most (the newest); default unbounded */
  constructor(readonly limit = Infinity) {
    if (!(limit >= 0 && (Number.isInteger(limit) || limit === Infinity))) {
      throw new RangeError(`trace limit must be a non-negative integer, got ${limit}`);
    }
  }

  /** Append an entry (usually through `Environment.log`, which supplies the time). */
  record(t: number, actor: string, kind: string, data?: Record<string, unknown>): void {
    const entry: TraceEntry = data === undefined ? { t, actor, kind } : { t, actor, kind, data };
    this.entries.push(entry);
    this.total++;
    if (this.entries.length > this.limit * 2) {
      const excess = this.entries.length - this.limit;
      this.entries = this.entries.slice(excess);
      this.dropped += excess;
    }
  }

  /** The entries held, oldest first (at most `limit`). */
  all(): TraceEntry[] {
    if (this.entries.length > this.limit) {
      const excess = this.entries.length - this.limit;
      this.entries = this.entries.slice(excess);
      this.dropped += excess;
    }
    return this.entries;
  }

  /** Entries recorded since `total` was `fromTotal` (for incremental UI updates). */
  since(fromTotal: number): TraceEntry[] {
    const all = this.all();
    const firstTotal = this.total - all.length;
    return all.slice(Math.max(0, fromTotal - firstTotal));
  }

  /** Forget every entry and reset the counters. */
  clear(): void {
    this.entries = [];
    this.dropped = 0;
    this.total = 0;
  }
}
