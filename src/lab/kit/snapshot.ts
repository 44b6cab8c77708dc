import type { Environment } from '../../engine';
import type { HeadlineFigure, LabSnapshot } from '../snapshot';

/** A snapshot from its parts: the time and the log since the previous snapshot come from the engine. */
export function labSnapshot<D>(env: Environment, logSince: number, parts: Omit<LabSnapshot<D>, 't' | 'log'>): LabSnapshot<D> {
  return { t: env.now, ...parts, log: env.trace ? env.trace.since(logSince) : [] };
}

/** One headline figure; `origin` says where it comes from (simulated unless said otherwise). */
export function figure(key: string, label: string, value: number, unit: string, origin: HeadlineFigure['origin'] = 'simulated'): HeadlineFigure {
  return { key, label, value, unit, origin };
}
