import type { SweepPoint } from '../runner/protocol';

/** The best point for `key` (lowest value; ties go to the smallest swept value), or null. */
export function bestPoint(points: readonly SweepPoint[], key: string): SweepPoint | null {
  let best: SweepPoint | null = null;
  for (const p of points) {
    const v = p.metrics[key];
    if (v === undefined || !Number.isFinite(v)) continue;
    const b = best?.metrics[key];
    if (best === null || b === undefined || v < b || (v === b && p.value < best.value)) best = p;
  }
  return best;
}
