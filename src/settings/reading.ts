import { bounds, describeMs, POOL_KEYS, type PoolKey, type PoolParams } from './poolParams';

/** A snippet that cannot be read: the error names its line (1-based). */
export class SnippetError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'SnippetError';
  }
}

/** One setting the snippet gave, as the lab reads it. */
export interface ReadSetting {
  key: PoolKey;
  value: PoolParams[PoolKey];
  /** The setting as written (`maximumPoolSize=20`). */
  from: string;
  line: number;
}

/** A parameter the snippet left out: the library's default (or fixed behaviour) stands in. */
export interface DefaultSetting {
  key: PoolKey;
  value: PoolParams[PoolKey];
  why: string;
}

/** A setting the lab does not model: named, with why it is ignored. */
export interface IgnoredSetting {
  setting: string;
  line: number;
  why: string;
}

/** What a pasted snippet sets: every pool parameter, and where each value came from. */
export interface SettingsReading {
  library: string;
  params: PoolParams;
  read: ReadSetting[];
  defaults: DefaultSetting[];
  ignored: IgnoredSetting[];
  /** Where the library's meaning and the lab's differ (lazy opening, idle caps…). */
  notes: string[];
}

const TIMES: readonly PoolKey[] = ['borrowTimeoutMs', 'idleTimeoutMs', 'maxLifetimeMs', 'leakDetectionMs'];

/**
 * Collects what a library's reader finds, then fills in the library's defaults. Values beyond the
 * lab's bounds are brought within them and said so: a timeout longer than the lab's longest reads
 * as never (0), a pool larger than its largest as the largest.
 */
export class ReadingBuilder {
  private readonly values: Partial<Record<PoolKey, PoolParams[PoolKey]>> = {};
  readonly read: ReadSetting[] = [];
  readonly ignored: IgnoredSetting[] = [];
  readonly notes: string[] = [];

  constructor(readonly library: string) {}

  has(key: PoolKey): boolean {
    return key in this.values;
  }

  get<K extends PoolKey>(key: K): PoolParams[K] | undefined {
    return this.values[key] as PoolParams[K] | undefined;
  }

  set<K extends PoolKey>(key: K, value: PoolParams[K], from: string, line: number): void {
    const fitted = typeof value === 'number' ? this.fit(key, value, from) : value;
    this.values[key] = fitted;
    const i = this.read.findIndex((r) => r.key === key);
    if (i >= 0) this.read.splice(i, 1);
    this.read.push({ key, value: fitted, from, line });
  }

  ignore(setting: string, line: number, why: string): void {
    this.ignored.push({ setting, line, why });
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  private fit(key: PoolKey, value: number, from: string): number {
    const { min, max } = bounds(key);
    if (value > max && TIMES.includes(key)) {
      this.note(`${from}: longer than the lab's longest ${key} (${describeMs(max)}), so read as never (0).`);
      return 0;
    }
    if (value > max) {
      this.note(`${from}: more than the lab's largest ${key} (${max}), so read as ${max}.`);
      return max;
    }
    if (value < min) {
      this.note(`${from}: less than the lab's smallest ${key} (${min}), so read as ${min}.`);
      return min;
    }
    return value;
  }

  /** The complete reading: `defaults` (each with why) for every parameter the snippet did not set. */
  finish(defaults: { [K in PoolKey]: { value: PoolParams[K]; why: string } }): SettingsReading {
    const filled: DefaultSetting[] = [];
    for (const key of POOL_KEYS) {
      if (this.has(key)) continue;
      const d = defaults[key];
      this.values[key] = typeof d.value === 'number' ? this.fit(key, d.value, `${key} default`) : d.value;
      filled.push({ key, value: this.values[key]!, why: d.why });
    }
    const ordered: Partial<Record<PoolKey, PoolParams[PoolKey]>> = {};
    for (const key of POOL_KEYS) ordered[key] = this.values[key];
    const params = ordered as PoolParams; // every key is set above
    if (params.poolMin > params.poolMax) {
      this.note(`The minimum (${params.poolMin}) is above the maximum (${params.poolMax}): the lab uses ${params.poolMax} for both.`);
      params.poolMin = params.poolMax;
    }
    return { library: this.library, params, read: this.read, defaults: filled, ignored: this.ignored, notes: this.notes };
  }
}
