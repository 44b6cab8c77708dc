import type { SweepPoint } from '../runner/protocol';

/**
 * The best point for `key`: the lowest value (or the highest, for `better` = 'higher'); ties go to
 * the smallest swept value; null when there is none.
 */
export function bestPoint(points: readonly SweepPoint[], key: string, better: 'lower' | 'higher' = 'lower'): SweepPoint | null {
  const sign = better === 'higher' ? -1 : 1;
  let best: SweepPoint | null = null;
  for (const p of points) {
    const v = p.metrics[key];
    if (v === undefined || !Number.isFinite(v)) continue;
    const b = best?.metrics[key];
    if (best === null || b === undefined || sign * v < sign * b || (v === b && p.value < best.value)) best = p;
  }
  return best;
}
