import type { ProductionParams } from './params';
import { SATURATED, STACK_PARTS, type StackPart } from './utilization';

/**
 * Which part of the stack saturates first as load grows: the stack's own model run again,
 * model-only, with the same seed and settings (faults aside), at growing multiples of its
 * `arrivalRate`, until a part's utilization reaches {@link SATURATED}. A pure function of
 * (settings, seed), so `bottleneck` is the same in Node and in the browser.
 */

/** The loads swept, as multiples of the stack's `arrivalRate`, in order; the sweep stops at the first that saturates a part. */
export const LOAD_MULTIPLES: readonly number[] = [1, 1.5, 2, 3, 4, 6];
/**
 * Each point's run, simulated ms: short, because a point only has to say whether a part is past
 * 90 %; the first second is a warm-up (the pool's connections opened, the cache filled).
 */
export const SWEEP_DURATION_MS = 5000;
export const SWEEP_WARMUP_MS = 1000;
/** The highest load the sweep's last point (where a line says a part would saturate) may run at: `arrivalRate`'s maximum. */
export const PROBE_MAX_PER_S = 20000;

/** One point of the sweep: the load and every part's utilization there. */
export interface SweepStep {
  multiple: number;
  arrivalRatePerS: number;
  utilization: Record<StackPart, number>;
}

/** The sweep's answer. */
export interface Saturation {
  /** The part that saturates first (see {@link firstToSaturate}), or, if none does within the sweep, the most utilized at its highest load. */
  part: StackPart;
  /** Whether a point run saw that part at 90 % or more (not only a line's estimate). */
  withinSweep: boolean;
  /**
   * The arrival rate at which it reaches 90 %, req/s: between the two points around the crossing,
   * linear in load (a part's utilization is, until it saturates: ρ = λ·S / c); the stack's own
   * rate when it is past 90 % already; beyond the sweep, the same line from its highest point.
   */
  atPerS: number;
  /** `atPerS` over the stack's `arrivalRate`. */
  atMultiple: number;
  /** The points run, by load (up to the first that saturates a part; if none by 6×, one more where a line says it would). */
  steps: SweepStep[];
}

/** Each part's utilization in one short run of the stack with these settings and seed. */
export type MeasureUtilization = (params: ProductionParams, seed: number) => Record<StackPart, number>;

/** The rate at which `part`, at utilization u0 at r0 and u1 at r1, reaches 90 % (linear in between). */
function crossing(r0: number, u0: number, r1: number, u1: number): number {
  if (u1 <= u0) return r1;
  return r0 + ((SATURATED - u0) / (u1 - u0)) * (r1 - r0);
}

/** The most utilized part of a step, among `parts` (the first listed wins a tie). */
function mostUtilized(step: SweepStep, parts: readonly StackPart[]): StackPart {
  return parts.reduce((best, k) => (step.utilization[k] > step.utilization[best] ? k : best), parts[0]!);
}

/**
 * The part that saturates first, read off the steps of a sweep whose 1× is `baseRate`: at the first
 * point where parts are past 90 %, the one whose line from the point before reaches 90 % at the
 * lowest load (a CPU past 90 % fills the pool behind it within the same step, but its line crosses
 * first); at the first point of all, the most utilized. No part past 90 %: the most utilized at
 * the highest load, and where its line from 0 would reach 90 %.
 */
export function firstToSaturate(steps: readonly SweepStep[], baseRate: number): Omit<Saturation, 'steps'> {
  const i = steps.findIndex((s) => STACK_PARTS.some((k) => s.utilization[k] >= SATURATED));
  if (i >= 0) {
    const step = steps[i]!;
    const past = STACK_PARTS.filter((k) => step.utilization[k] >= SATURATED);
    const before = steps[i - 1];
    if (before === undefined) return { part: mostUtilized(step, past), withinSweep: true, atPerS: step.arrivalRatePerS, atMultiple: step.arrivalRatePerS / baseRate };
    const at = (k: StackPart) => crossing(before.arrivalRatePerS, before.utilization[k], step.arrivalRatePerS, step.utilization[k]);
    const part = past.reduce((best, k) => (at(k) < at(best) || (at(k) === at(best) && step.utilization[k] > step.utilization[best]) ? k : best));
    return { part, withinSweep: true, atPerS: at(part), atMultiple: at(part) / baseRate };
  }
  const last = steps[steps.length - 1]!;
  const part = mostUtilized(last, STACK_PARTS);
  const u = last.utilization[part];
  const atPerS = u > 0 ? (last.arrivalRatePerS * SATURATED) / u : 0;
  return { part, withinSweep: false, atPerS, atMultiple: atPerS / baseRate };
}

/** Sweeps already run, by seed and settings: a run's metrics and every snapshot ask again. */
const remembered = new Map<string, Saturation>();
const REMEMBERED_SWEEPS = 32;

/** The sweep for these settings and seed: run once, then remembered. */
export function saturationSweep(params: ProductionParams, seed: number, measure: MeasureUtilization): Saturation {
  const key = `${seed} ${JSON.stringify(params)}`;
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const steps: SweepStep[] = [];
  for (const multiple of LOAD_MULTIPLES) {
    const arrivalRatePerS = params.arrivalRate * multiple;
    const utilization = measure({ ...params, arrivalRate: arrivalRatePerS }, seed);
    steps.push({ multiple, arrivalRatePerS, utilization });
    if (STACK_PARTS.some((k) => utilization[k] >= SATURATED)) break;
  }
  let found = firstToSaturate(steps, params.arrivalRate);
  // Nothing past 90 % by 6×: one more point, at the load where the most utilized part's line says
  // it would be; there a part that grows faster than its line (a pool behind a busy CPU) shows.
  if (!found.withinSweep && found.atPerS > 0 && found.atPerS <= PROBE_MAX_PER_S) {
    const arrivalRatePerS = found.atPerS;
    steps.push({ multiple: arrivalRatePerS / params.arrivalRate, arrivalRatePerS, utilization: measure({ ...params, arrivalRate: arrivalRatePerS }, seed) });
    found = firstToSaturate(steps, params.arrivalRate);
  }
  const saturation = { ...found, steps };
  if (remembered.size >= REMEMBERED_SWEEPS) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, saturation);
  return saturation;
}
