import { performance } from 'node:perf_hooks';

export interface Timed<T> {
  /** Wall time in milliseconds. */
  ms: number;
  result: T;
}

/** Time one call of `fn` (sync or async) with the wall clock. */
export async function timeOnce<T>(fn: () => T | Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

export interface Measured<T> {
  /** Every measured run, in order. */
  runs: Timed<T>[];
  /** The fastest run. */
  best: Timed<T>;
  /** The median run by time. */
  median: Timed<T>;
}

/**
 * Run `fn` `warmup` times untimed (JIT, caches), then `runs` times timed.
 */
export async function measure<T>(fn: () => T | Promise<T>, options: { warmup?: number; runs?: number } = {}): Promise<Measured<T>> {
  const warmup = options.warmup ?? 1;
  const count = options.runs ?? 3;
  for (let i = 0; i < warmup; i++) await fn();
  const runs: Timed<T>[] = [];
  for (let i = 0; i < count; i++) runs.push(await timeOnce(fn));
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return { runs, best: sorted[0]!, median: sorted[Math.floor((sorted.length - 1) / 2)]! };
}
