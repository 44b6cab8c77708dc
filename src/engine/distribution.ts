import type { Rng } from './rng';

/** A random variable as data, so that scenarios and parameters can name one. */
export type Distribution =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'normal'; mean: number; stdDev: number; min?: number }
  | { kind: 'lognormal'; mean: number; cv: number };

/** The names of the distributions a lab parameter may choose between. */
export type DistributionKind = Distribution['kind'];

/** Draw one value. `normal` is clipped below at `min` (default 0) because durations cannot be negative. */
export function sample(rng: Rng, d: Distribution): number {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return rng.uniform(d.min, d.max);
    case 'exponential':
      return rng.exponential(d.mean);
    case 'normal':
      return Math.max(d.min ?? 0, rng.normal(d.mean, d.stdDev));
    case 'lognormal':
      return rng.lognormalMeanCv(d.mean, d.cv);
  }
}

/** The theoretical mean of a distribution (before clipping, for `normal`). */
export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exponential':
    case 'normal':
    case 'lognormal':
      return d.mean;
  }
}
