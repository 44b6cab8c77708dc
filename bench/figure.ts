/**
 * What a benchmark figure is. A figure is always a ratio against a baseline measured in the
 * same run on the same machine (DESIGN.md §6): absolute times vary between machines, ratios
 * much less. Timings are never pass/fail; targets are printed beside the figure.
 */
export interface Figure {
  /** Stable identifier, e.g. `engine.mmc.throughput` (also the JSON key consumers match on). */
  name: string;
  /** Our measurement. */
  value: number;
  /** Unit of `value` and `baseline`, e.g. `customers/s`, `ms`, `MB`. */
  unit: string;
  /** The same measurement of the baseline, in the same unit. */
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** Which way is better: throughput is 'higher', times and sizes are 'lower'. */
  better: 'higher' | 'lower';
  /** What the baseline is, for the table (`simscript 1.0.37`, `cold PGlite boot`…). */
  baselineLabel: string;
  /** Targets from the issue, shown beside the figure (never enforced). */
  target?: { value?: number; ratio?: number };
  /** Sanity checks and context, shown in the table's note column. */
  note?: string;
}

/** Options every figure receives. */
export interface BenchContext {
  /** Smaller workloads for a quick smoke run (`--quick`): figures are then only indicative. */
  quick: boolean;
  /** Progress messages: always on stderr, so `--json` keeps stdout clean. */
  log(message: string): void;
}

/** A figure producer: runs its workloads (warm-up included) and returns one or more figures. */
export type FigureFn = (ctx: BenchContext) => Promise<Figure | Figure[]>;

/** Build a figure, computing the ratio. */
export function figure(fields: Omit<Figure, 'ratio'>): Figure {
  return { ...fields, ratio: fields.baseline === 0 ? NaN : fields.value / fields.baseline };
}
