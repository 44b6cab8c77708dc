import type { Distribution } from '../../engine';
import { LONG_TAIL_CV } from '../../models/serviceTime';

/**
 * The replication delay of one change (primary's WAL flush → received by a standby) for the lab's
 * `replicationDelayDist`. The log-normal is parameterised by its mean and a coefficient of
 * variation of 1.5 (the same long tail as the labs' query times): σ² = ln(1 + cv²),
 * μ = ln(mean) − σ²/2, as `Rng.lognormalMeanCv` draws it.
 */
export const DELAY_LOGNORMAL_CV = LONG_TAIL_CV;

export function replicationDelay(shape: string, mean: number): Distribution {
  switch (shape) {
    case 'constant':
      return { kind: 'constant', value: mean };
    case 'lognormal':
      return mean > 0 ? { kind: 'lognormal', mean, cv: DELAY_LOGNORMAL_CV } : { kind: 'constant', value: 0 };
    default:
      return mean > 0 ? { kind: 'exponential', mean } : { kind: 'constant', value: 0 };
  }
}
