import { LONG_TAIL_CV, type ServiceShape } from '../models/serviceTime';
import { choices, type EnumParam, type NumberParam, type ParamSpec } from './params';

// The parameters several labs share: the same concept, with the same kind, unit, slider and
// liveness everywhere, so that only what differs per lab (default, range, group, the sentence
// that explains it in that lab) is written in the lab's params.ts.

/** What a lab still says about a shared number parameter. */
interface NumberOptions {
  default: number;
  group: string;
  description: string;
}

/** A number parameter with its key kept as a literal type (so `ParamValuesOf` names it). */
type KeyedNumber<K extends string> = NumberParam & { key: K };

/**
 * The rate of the Poisson stream that drives a lab, per second on a log slider, changeable live.
 * `label` and `unit` default to "Arrival rate" and req/s (the transactions lab counts transfers).
 */
export function arrivalRateParam(
  o: NumberOptions & { min: number; max: number; step: number; label?: string; unit?: string },
): KeyedNumber<'arrivalRate'> {
  return { key: 'arrivalRate', kind: 'number', label: o.label ?? 'Arrival rate', unit: o.unit ?? 'req/s', logScale: true, live: true, default: o.default, min: o.min, max: o.max, step: o.step, group: o.group, description: o.description };
}

/** The application ↔ database round trip in ms, paid once per statement; `live` unless said otherwise. */
export function networkRttParam(o: NumberOptions & { label: string; max: number; live?: boolean }): KeyedNumber<'networkRttMs'> {
  return { key: 'networkRttMs', kind: 'number', label: o.label, unit: 'ms', min: 0, max: o.max, step: 0.1, live: o.live ?? true, default: o.default, group: o.group, description: o.description };
}

/** The database's CPU cores (the contention model of src/models: statements beyond it slow each other down). */
export function dbCoresParam(o: NumberOptions & { max: number }): KeyedNumber<'dbCores'> {
  return { key: 'dbCores', kind: 'integer', label: 'Database cores', min: 1, max: o.max, step: 1, live: true, default: o.default, group: o.group, description: o.description };
}

/** A share from 0 to 1 in steps of 1 % (of requests, of writes…), changeable live. */
export function shareParam<const K extends string>(o: NumberOptions & { key: K; label: string; unit?: string }): KeyedNumber<K> {
  return { key: o.key, kind: 'number', label: o.label, min: 0, max: 1, step: 0.01, ...(o.unit === undefined ? {} : { unit: o.unit }), live: true, default: o.default, group: o.group, description: o.description };
}

/** The exponent s of a Zipf popularity (key k drawn in proportion to 1/k^s), from 0 (uniform) to 2. */
export function zipfExponentParam(o: NumberOptions): KeyedNumber<'zipfS'> {
  return { key: 'zipfS', kind: 'number', label: 'Zipf exponent', min: 0, max: 2, step: 0.05, live: true, default: o.default, group: o.group, description: o.description };
}

/**
 * A moment of the run at which something scheduled happens (a crash, a reshard), in whole seconds
 * up to a day; 0 = never. Fixed for the run: it is scheduled when the run starts.
 */
export function momentParam<const K extends string>(o: Omit<NumberOptions, 'default'> & { key: K; label: string }): KeyedNumber<K> {
  return { key: o.key, kind: 'number', label: o.label, default: 0, min: 0, max: 86400, step: 1, unit: 's', live: false, group: o.group, description: o.description };
}

/** An enum parameter whose values are the shapes of `models/serviceTime`, its key kept as a literal type. */
type KeyedShape<K extends string> = Omit<EnumParam, 'options'> & { key: K; options: readonly { value: ServiceShape; label: string }[] };

/**
 * How a mean time is spread around its mean (a query's, a change's shipping delay…): the shapes
 * `serviceTime` draws from, exponential by default, changeable live. `labels` renames an option
 * where the lab teaches by its name (the M/M/c lab's "Constant (M/D/c)").
 */
export function timeShapeParam<const K extends string>(o: Omit<NumberOptions, 'default'> & { key: K; label: string; labels?: Partial<Record<ServiceShape, string>> }): KeyedShape<K> {
  const labels = { exponential: 'Exponential', constant: 'Constant', lognormal: `Log-normal (CV ${LONG_TAIL_CV}, long tail)`, ...o.labels };
  return { key: o.key, kind: 'enum', label: o.label, default: 'exponential', options: choices(labels), live: true, group: o.group, description: o.description };
}

/** What a composing lab may change of a part's parameter: where it sits, where it starts, and the sentence that explains it there. */
interface PartParamChanges {
  group?: string;
  default?: number | boolean | string;
  description?: string;
}

/** A part's spec under its prefix, its key kept as a literal type (so `ParamValuesOf` names it). */
type PartParam<S extends ParamSpec, Prefix extends string, K extends string> = Omit<Extract<S, { key: K }>, 'key'> & { key: `${Prefix}${K}` };

/**
 * A parameter of another lab's part, offered under the part's prefix by a lab that composes parts
 * (the production stack's `pool.poolMax` is the pooling lab's `poolMax`): the same label, range,
 * options and meaning, read from that lab's own spec, so the two cannot drift apart. `changes`
 * gives the composing lab's group or default.
 */
export function partParam<const Prefix extends string, S extends ParamSpec, const K extends S['key']>(
  prefix: Prefix,
  specs: readonly S[],
  key: K,
  changes: PartParamChanges = {},
): PartParam<S, Prefix, K> {
  const spec = specs.find((s): s is Extract<S, { key: K }> => s.key === key);
  if (spec === undefined) throw new Error(`no parameter ${key} to offer as ${prefix}${key}`);
  const offered: PartParam<S, Prefix, K> = { ...spec, key: `${prefix}${key}` };
  return Object.assign(offered, changes);
}
