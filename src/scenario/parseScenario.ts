import type { AnyLab } from '../lab/defineLab';
import { checkParam, resolveParams, type ParamValues } from '../lab/params';
import { findLab, labs } from '../labs';
import { scenarioSchema, type Scenario } from './schema';
import { describeFound } from '../lab/describeValue';
import { checkActionArgs } from '../lab/actionArgs';
import { formatZodIssues, type ValidationIssue } from './formatIssues';
import { tourIssues } from '../tour/validateTour';
import { withTourEvents } from '../tour/tourEvents';

/** A scenario that passed every check, with its lab and its full parameter set. */
export interface LoadedScenario {
  scenario: Scenario;
  lab: AnyLab;
  /** Every parameter of the lab: the scenario's values over the defaults. */
  params: ParamValues;
}

export type ParseResult = { ok: true; value: LoadedScenario } | { ok: false; issues: ValidationIssue[] };

/** Issues reported at most; past it one line says how many more (a file of 400k bad events must not print 34 MB). */
export const MAX_ISSUES = 20;

/** The first {@link MAX_ISSUES} issues, and one line counting the rest. */
export function capIssues(issues: ValidationIssue[]): ValidationIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  return [...issues.slice(0, MAX_ISSUES), { path: '(scenario)', message: `and ${(issues.length - MAX_ISSUES).toLocaleString('en-US')} more problems` }];
}

/** One line per issue (or `separator` between them): `path: message`. */
export function issuesToText(issues: readonly ValidationIssue[], separator = '\n'): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join(separator);
}

/** Parse JSON text, reporting the position of a syntax error. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] } {
  try {
    // Editors on some systems start a UTF-8 file with a byte order mark; JSON does not allow it.
    return { ok: true, value: JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) };
  } catch (error) {
    return { ok: false, issues: [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }] };
  }
}

/**
 * Validate a scenario object completely: its shape (the published schema), its lab, every
 * parameter against the lab's ranges, every scripted event's parameters and actions.
 * Every problem is reported, each naming its path, what was expected and what was found.
 */
export function parseScenario(data: unknown): ParseResult {
  const maps = mapProblems(data);
  if (maps.length > 0) return { ok: false, issues: capIssues(maps) };
  const shape = scenarioSchema.safeParse(data);
  if (!shape.success) return { ok: false, issues: capIssues(formatZodIssues(shape.error.issues, data)) };
  const scenario = shape.data;
  const lab = findLab(scenario.lab);
  if (lab === undefined) {
    return {
      ok: false,
      issues: [{ path: 'lab', message: `expected one of ${labs.map((l) => JSON.stringify(l.id)).join(', ')}, found ${describeFound(scenario.lab)}` }],
    };
  }
  const issues: ValidationIssue[] = [];
  const resolved = resolveParams(lab.params, scenario.parameters);
  if (!resolved.ok) {
    for (const i of resolved.issues) issues.push({ path: `parameters.${i.key}`, message: i.message });
  } else {
    for (const i of lab.crossCheck?.(resolved.values) ?? []) issues.push({ path: `parameters.${i.key}`, message: i.message });
  }
  scenario.events.forEach((event, index) => {
    const at = `events[${index}]`;
    if (event.atS > scenario.durationS) {
      issues.push({ path: `${at}.atS`, message: `expected a time within the run (0 to ${scenario.durationS} s), found ${event.atS}` });
    }
    for (const [key, value] of Object.entries(event.set ?? {})) {
      const spec = lab.params.find((p) => p.key === key);
      if (spec === undefined) {
        issues.push({ path: `${at}.set.${key}`, message: `unknown parameter of lab "${lab.id}"; known parameters are ${lab.params.map((p) => p.key).join(', ')}` });
        continue;
      }
      if (!spec.live) {
        issues.push({ path: `${at}.set.${key}`, message: 'this parameter cannot change during a run; set it in "parameters" instead' });
        continue;
      }
      const checked = checkParam(spec, value);
      if (!checked.ok) issues.push({ path: `${at}.set.${key}`, message: checked.message });
    }
    if (event.action !== undefined && !(lab.actions ?? []).some((a) => a.name === event.action)) {
      const known = (lab.actions ?? []).map((a) => JSON.stringify(a.name));
      issues.push({
        path: `${at}.action`,
        message: `expected ${known.length > 0 ? `one of ${known.join(', ')}` : 'no action (this lab has none)'}, found ${describeFound(event.action)}`,
      });
    } else if (event.action !== undefined && resolved.ok) {
      const refused = checkActionArgs(lab, event.action, event.args ?? {}, resolved.values);
      if (refused !== null) issues.push({ path: `${at}.args`, message: refused });
    }
  });
  scenario.expectations.forEach((e, index) => {
    if (e.op === 'approx' && e.tolerance === undefined) {
      issues.push({ path: `expectations[${index}].tolerance`, message: 'expected a tolerance for op "approx", found nothing' });
    }
  });
  if (resolved.ok && issues.length === 0) issues.push(...tourIssues(scenario, lab, resolved.values));
  if (issues.length > 0 || !resolved.ok) return { ok: false, issues: capIssues(issues) };
  // A tour's changes run as scripted events, so a tour plays the same everywhere (src/tour/tourEvents.ts).
  return { ok: true, value: { scenario: withTourEvents(scenario), lab, params: resolved.values } };
}

/**
 * The name → value maps of a scenario (parameters, each event's set and args) must be plain
 * objects: zod's records would take a list (`"parameters": []`) as empty and silently drop a
 * `__proto__` key, and both deserve to be named.
 */
function mapProblems(data: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (value: unknown, path: string) => {
    if (Array.isArray(value)) issues.push({ path, message: 'expected an object of names and values, found a list' });
    else if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
      issues.push({ path: `${path}.__proto__`, message: 'expected a parameter or argument name, found "__proto__"' });
    }
  };
  if (data === null || typeof data !== 'object') return issues;
  const scenario = data as { parameters?: unknown; events?: unknown };
  check(scenario.parameters, 'parameters');
  if (Array.isArray(scenario.events)) {
    scenario.events.forEach((event: unknown, i) => {
      if (event === null || typeof event !== 'object') return;
      check((event as { set?: unknown }).set, `events[${i}].set`);
      check((event as { args?: unknown }).args, `events[${i}].args`);
    });
  }
  if (Array.isArray((data as { tour?: unknown }).tour)) {
    ((data as { tour: unknown[] }).tour).forEach((step: unknown, i) => {
      if (step === null || typeof step !== 'object') return;
      check((step as { set?: unknown }).set, `tour[${i}].set`);
      const actions = (step as { actions?: unknown }).actions;
      if (Array.isArray(actions)) actions.forEach((a: unknown, j) => a !== null && typeof a === 'object' && check((a as { args?: unknown }).args, `tour[${i}].actions[${j}].args`));
    });
  }
  return issues;
}

/** A scenario that just runs a lab with its defaults (for `npm run sim -- <lab id>` and the UI). */
export function defaultScenario(lab: AnyLab, seed = 1): Scenario {
  return {
    name: `${lab.id}-default`,
    title: lab.title,
    lab: lab.id,
    seed,
    durationS: lab.defaultDurationS,
    warmupS: lab.defaultWarmupS,
    parameters: {},
    events: [],
    expectations: [],
  };
}
