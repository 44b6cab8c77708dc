import { labs } from '../../src/labs';
import type { AnyLab } from '../../src/lab/defineLab';

/**
 * The labs a per-lab browser figure measures: those named in BENCH_LABS (a,b: to look at one lab
 * after a change), else `quick`'s few in a --quick run, else every lab.
 */
export function labsToMeasure(quick: readonly string[] | null): readonly AnyLab[] {
  const named = process.env.BENCH_LABS?.split(',').map((s) => s.trim());
  if (named !== undefined) return labs.filter((l) => named.includes(l.id));
  return quick === null ? labs : labs.filter((l) => quick.includes(l.id));
}
