import type { Environment } from '../../engine';

/** What to do when one parameter changes mid-run; it reads the new value from `params`. */
export type ParamReactions<P extends object> = { [K in keyof P]?: (params: P) => void };

/**
 * A model's parameters in force: a copy of the run's parameters that `set` updates (logging the
 * change, as every lab does) before running the reaction registered for that key, if any.
 */
export class LiveParams<P extends object> {
  readonly values: P;

  constructor(
    private readonly env: Environment,
    initial: P,
    private readonly reactions: ParamReactions<P> = {},
  ) {
    this.values = { ...initial };
  }

  set<K extends keyof P & string>(key: K, value: P[K]): void {
    this.values[key] = value;
    this.reactions[key]?.(this.values);
    this.env.log('lab', 'set', { [key]: value });
  }
}
