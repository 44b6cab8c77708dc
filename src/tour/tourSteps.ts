import type { MetricTree } from '../lab/snapshot';
import { evaluateExpectations, type ExpectationResult } from '../scenario/expectations';
import type { TourStep, TourUntil } from '../scenario/schema';

/** How often a step's metric condition is checked, simulated ms: a fixed grid, so the stop is the same everywhere. */
export const CONDITION_GRID_MS = 100;

/** A run that a tour can be resolved on: advance (awaiting real work) and read metrics. */
export interface TourProbe {
  readonly durationMs: number;
  advanceToAsync(ms: number): Promise<void>;
  metrics(): MetricTree;
}

/** Whether a metric condition holds in `metrics`. */
export function conditionHolds(until: Extract<TourUntil, { metric: string }>, metrics: MetricTree): boolean {
  return evaluateExpectations([{ metric: until.metric, op: until.op, value: until.value }], metrics)[0]!.passed;
}

/** True when every step stops at a time: its stops are known without running it. */
export function timesKnown(tour: readonly TourStep[]): boolean {
  return tour.every((s) => 'time' in s.until);
}

/**
 * The simulated time (ms) each step stops at. A time step stops at its time (never before the
 * step ahead of it); a metric step at the first point of the {@link CONDITION_GRID_MS} grid after
 * the step before it where the condition holds, or at the end of the run if it never does.
 * `breathe` is awaited between grid points (the page yields to the browser there).
 */
export async function resolveStepTimes(tour: readonly TourStep[], probe: TourProbe, breathe?: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let previous = 0;
  for (const step of tour) {
    const { until } = step;
    let stop: number;
    if ('time' in until) stop = Math.min(probe.durationMs, Math.max(previous, until.time * 1000));
    else {
      stop = probe.durationMs;
      for (let t = (Math.floor(previous / CONDITION_GRID_MS) + 1) * CONDITION_GRID_MS; t <= probe.durationMs; t += CONDITION_GRID_MS) {
        await probe.advanceToAsync(t);
        if (conditionHolds(until, probe.metrics())) {
          stop = t;
          break;
        }
        if (breathe !== undefined) await breathe();
      }
    }
    times.push(stop);
    previous = stop;
  }
  return times;
}

/** Where the run stands at tour position `index` (-1: before the first step, at 0 s). */
export function positionMs(times: readonly number[], index: number): number {
  return index < 0 ? 0 : (times[Math.min(index, times.length - 1)] ?? 0);
}

/** A tour's name as a heading shows it: "Tour: the lost update" → "The lost update". */
export function tourTitle(title: string): string {
  const bare = title.replace(/^Tour: /, '');
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

/** "Step 2 of 5", or where a tour not started yet stands. */
export function stepLabel(index: number, count: number): string {
  return index < 0 ? `${count} steps` : `Step ${index + 1} of ${count}`;
}

/** One step of a tour walked headless: where it stopped, the metrics there, its expectations. */
export interface WalkedStep {
  atMs: number;
  metrics: MetricTree;
  expectations: ExpectationResult[];
}

/** Walk a tour on a run: stop at each step in turn and check what it claims (the tests' walk). */
export async function walkTour(tour: readonly TourStep[], probe: TourProbe, times: readonly number[]): Promise<WalkedStep[]> {
  const walked: WalkedStep[] = [];
  for (const [index, step] of tour.entries()) {
    const atMs = times[index]!;
    await probe.advanceToAsync(atMs);
    const metrics = probe.metrics();
    walked.push({ atMs, metrics, expectations: evaluateExpectations(step.expect ?? [], metrics) });
  }
  return walked;
}
