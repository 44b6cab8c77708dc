import { describeFound } from './describeValue';
/** A parameter value as it appears in scenarios, URLs and the UI. */
export type ParamValue = number | boolean | string;

/** Parameter values by key. */
export type ParamValues = Record<string, ParamValue>;

interface ParamBase {
  /** Key used in scenarios, URLs and `--set key=value`. */
  key: string;
  /** Short label for the parameter panel. */
  label: string;
  /** One line saying what it does, shown beside the control. */
  description: string;
  /** Group heading in the panel (e.g. "Workload", "Pool"). */
  group?: string;
  /** Whether it may change while a run is in progress (scripted `set` events, live sliders). */
  live?: boolean;
}

/** A numeric parameter with a range and a unit. */
export interface NumberParam extends ParamBase {
  kind: 'number' | 'integer';
  default: number;
  min: number;
  max: number;
  /** Slider step. */
  step?: number;
  /** Unit shown after the value (e.g. "ms", "req/s"). */
  unit?: string;
  /** Draw the slider on a log scale (for rates spanning decades). */
  logScale?: boolean;
}

/** An on/off parameter. */
export interface BooleanParam extends ParamBase {
  kind: 'boolean';
  default: boolean;
}

/** A choice among named options. */
export interface EnumParam extends ParamBase {
  kind: 'enum';
  default: string;
  options: readonly { value: string; label: string }[];
}

/**
 * An enum's options written as `{ value: label }`, in the order written; the values keep their
 * literal types, so `ParamValuesOf` gives the union. Values that look like array indices would
 * be reordered by JavaScript's object key order, so they are refused.
 */
export function choices<const O extends Record<string, string>>(labels: O): readonly { value: Extract<keyof O, string>; label: string }[] {
  return Object.entries(labels).map(([value, label]) => {
    if (/^(0|[1-9]\d*)$/.test(value)) throw new Error(`option value "${value}" looks like an index: JavaScript would reorder it; give it a name`);
    return { value: value as Extract<keyof O, string>, label };
  });
}

/** The description of one lab parameter: default, range, unit, explanation. */
export type ParamSpec = NumberParam | BooleanParam | EnumParam;

/** What a parameter range looks like in an error message: "a number from 0 to 100". */
export function describeExpected(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
      return `a number from ${spec.min} to ${spec.max}${spec.unit ? ` (${spec.unit})` : ''}`;
    case 'integer':
      return `a whole number from ${spec.min} to ${spec.max}${spec.unit ? ` (${spec.unit})` : ''}`;
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${spec.options.map((o) => JSON.stringify(o.value)).join(', ')}`;
  }
}


/** A decimal number as text: digits, an optional point and fraction, an optional exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Check one value against its spec. Returns the value normalised to its type, or an error
 * message naming what was expected and what was found. Strings are accepted for numbers
 * and booleans so that URL and `--set` values go through the same check.
 */
export function checkParam(spec: ParamSpec, raw: unknown): { ok: true; value: ParamValue } | { ok: false; message: string } {
  const fail = () => ({ ok: false as const, message: `expected ${describeExpected(spec)}, found ${describeFound(raw)}` });
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      // Text must be a plain decimal number: Number() would also read "0x10" as 16 and "" as 0.
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return fail();
      if (spec.kind === 'integer' && !Number.isInteger(n)) return fail();
      if (n < spec.min || n > spec.max) return fail();
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === '1') return { ok: true, value: true };
      if (raw === 'false' || raw === '0') return { ok: true, value: false };
      return fail();
    }
    case 'enum': {
      if (typeof raw === 'string' && spec.options.some((o) => o.value === raw)) return { ok: true, value: raw };
      return fail();
    }
  }
}

/** One problem with a set of parameter values, addressed by key. */
export interface ParamIssue {
  key: string;
  message: string;
}

/**
 * Validate `given` against `specs`: unknown keys, wrong types, out-of-range values.
 * Missing keys take their defaults. Returns the full normalised set or the issues found.
 */
export function resolveParams(
  specs: readonly ParamSpec[],
  given: Record<string, unknown>,
): { ok: true; values: ParamValues } | { ok: false; issues: ParamIssue[] } {
  const issues: ParamIssue[] = [];
  const values: ParamValues = {};
  const byKey = new Map(specs.map((s) => [s.key, s]));
  for (const key of Object.keys(given)) {
    if (!byKey.has(key)) {
      issues.push({ key: key.length > 40 ? `${key.slice(0, 40)}…` : key, message: `unknown parameter; known parameters are ${specs.map((s) => s.key).join(', ')}` });
    }
  }
  for (const spec of specs) {
    if (!Object.hasOwn(given, spec.key)) {
      values[spec.key] = spec.default;
      continue;
    }
    const checked = checkParam(spec, given[spec.key]);
    if (checked.ok) values[spec.key] = checked.value;
    else issues.push({ key: spec.key, message: checked.message });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}

/**
 * The values of a list of parameter specs, typed from the specs themselves: a number for
 * `number`/`integer`, a boolean for `boolean`, the union of the option values for `enum`.
 * Declare specs with {@link defineParams} so their keys and options keep their literal types.
 */
export type ParamValuesOf<S extends readonly ParamSpec[]> = {
  -readonly [Spec in S[number] as Spec['key']]: Spec extends { kind: 'boolean' }
    ? boolean
    : Spec extends { kind: 'enum'; options: readonly { value: infer V }[] }
      ? V
      : number;
};

/** A lab's parameter specs, with their keys and enum options kept as literal types (see {@link ParamValuesOf}). */
export function defineParams<const S extends readonly ParamSpec[]>(specs: S): S {
  return specs;
}
