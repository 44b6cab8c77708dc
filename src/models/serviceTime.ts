import type { Distribution } from '../engine';

/** The service-time shapes a lab's `…Dist` parameter offers. */
export type ServiceShape = 'exponential' | 'constant' | 'lognormal';

/** Coefficient of variation of the long-tailed option (log-normal): a realistic query-time tail. */
export const LONG_TAIL_CV = 1.5;

/** A service-time distribution with the given mean and shape (unknown shapes are exponential). */
export function serviceTime(shape: string, mean: number): Distribution {
  switch (shape) {
    case 'constant':
      return { kind: 'constant', value: mean };
    case 'lognormal':
      return { kind: 'lognormal', mean, cv: LONG_TAIL_CV };
    default:
      return { kind: 'exponential', mean };
  }
}
