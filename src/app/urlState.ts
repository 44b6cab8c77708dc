import type { AnyLab } from '../lab/defineLab';
import { pageParamChecks } from '../lab/paramChecks';
import { checkParam, resolveParams, type ParamValue, type ParamValues } from '../lab/params';
import { checkActionArgs } from '../lab/actionArgs';
import { shortKey } from '../scenario/formatIssues';
import { defaultScenario } from '../scenario/parseScenario';
import type { Scenario } from '../scenario/schema';
import { SPEED_STEPS, type Speed } from '../runner/protocol';
import { isActionEdit, type LiveEdit } from '../store/scenarioSlice';
import { trimNumber } from './format';
import { findShippedScenario, scenariosForLab } from './scenarios';

/**
 * The whole state of a lab in its address (DESIGN.md §5):
 *
 *   #/lab/<id>?scenario=<shipped name>&seed=1&duration=60&warmup=5&<param>=<value>…
 *             &set=<s>:<param>:<value>…&speed=<n|max>&t=<seconds>
 *
 * Parameters are written only where they differ from the scenario's (or the lab's) defaults;
 * `set` replays a live change made at simulated second <s>; `t` is where a paused run stands.
 * Reading never fails: a bad value is reported by name (expected / found) and its default used.
 */
export interface LabUrlState {
  /** The shipped scenario or the lab's default, with seed, duration and warm-up applied. */
  base: Scenario;
  presetName: string | null;
  /** Every parameter the run starts with. */
  params: ParamValues;
  edits: LiveEdit[];
  speed: Speed;
  /** Where to seek after loading, ms (0: the start). */
  tMs: number;
  /** One readable line per problem. */
  issues: string[];
}

const RESERVED = ['scenario', 'seed', 'duration', 'warmup', 'speed', 't', 'set', 'act'] as const;
const MAX_SEED = 4294967295;
const MAX_DURATION_S = 86400;

function quote(raw: string): string {
  return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
}

/** The parameters a base scenario starts with: the lab's defaults under the scenario's values. */
export function baseParams(lab: AnyLab, base: Scenario): ParamValues {
  const resolved = resolveParams(lab.params, base.parameters);
  if (resolved.ok) return resolved.values;
  return Object.fromEntries(lab.params.map((p) => [p.key, p.default]));
}

/** Read a lab's state from the query part of its address. */
export function parseLabQuery(lab: AnyLab, query: URLSearchParams): LabUrlState {
  const issues: string[] = [];
  let base = defaultScenario(lab);
  let presetName: string | null = null;

  const presetRaw = query.get('scenario');
  if (presetRaw !== null) {
    const shipped = findShippedScenario(presetRaw);
    if (shipped !== undefined && shipped.scenario.lab === lab.id) {
      base = structuredClone(shipped.scenario);
      presetName = shipped.name;
    } else {
      const names = scenariosForLab(lab.id).map((s) => quote(s.name));
      issues.push(
        `"scenario" in the address: expected ${names.length > 0 ? `one of ${names.join(', ')}` : `a shipped scenario of this lab (it has none yet)`}, found ${quote(presetRaw)}; using the lab's defaults.`,
      );
    }
  }

  const seedRaw = query.get('seed');
  if (seedRaw !== null) {
    const seed = Number(seedRaw);
    if (seedRaw.trim() !== '' && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED) base.seed = seed;
    else issues.push(`"seed" in the address: expected a whole number from 0 to ${MAX_SEED}, found ${quote(seedRaw)}; using ${base.seed}.`);
  }

  const durationRaw = query.get('duration');
  if (durationRaw !== null) {
    const d = Number(durationRaw);
    if (durationRaw.trim() !== '' && Number.isFinite(d) && d > 0 && d <= MAX_DURATION_S) base.durationS = d;
    else issues.push(`"duration" in the address: expected a number of seconds above 0 and at most ${MAX_DURATION_S}, found ${quote(durationRaw)}; using ${base.durationS}.`);
  }

  const warmupRaw = query.get('warmup');
  if (warmupRaw !== null) {
    const w = Number(warmupRaw);
    if (warmupRaw.trim() !== '' && Number.isFinite(w) && w >= 0 && w < base.durationS) base.warmupS = w;
    else issues.push(`"warmup" in the address: expected a number of seconds from 0 to below the duration (${base.durationS}), found ${quote(warmupRaw)}; using ${Math.min(base.warmupS, base.durationS / 2)}.`);
  }
  if (base.warmupS >= base.durationS) base.warmupS = Math.min(base.warmupS, base.durationS / 2);
  const late = base.events.filter((e) => e.atS > base.durationS);
  if (late.length > 0) {
    base.events = base.events.filter((e) => e.atS <= base.durationS);
    issues.push(`"duration" in the address: ${base.durationS} s ends before ${late.length} of the scenario's scripted events (the last at ${Math.max(...late.map((e) => e.atS))} s); they are left out.`);
  }

  // Parameters: each one checked on its own, so one bad value costs only that value.
  const params = baseParams(lab, base);
  const specs = new Map(lab.params.map((p) => [p.key, p]));
  for (const [key, raw] of query.entries()) {
    if ((RESERVED as readonly string[]).includes(key)) continue;
    const spec = specs.get(key);
    if (spec === undefined) {
      issues.push(`"${shortKey(key)}" in the address: not a parameter of this lab (known parameters are ${lab.params.map((p) => p.key).join(', ')}); ignored.`);
      continue;
    }
    const checked = checkParam(spec, raw);
    if (checked.ok) params[key] = checked.value;
    else issues.push(`"${key}" (${spec.label}) in the address: ${checked.message}; using ${String(params[key])}${params[key] === spec.default ? ' (the default)' : ''}.`);
  }
  for (const problem of pageParamChecks(lab, params)) {
    const spec = specs.get(problem.key);
    if (spec !== undefined) {
      issues.push(`"${problem.key}" in the address: ${problem.message}; using the default ${String(spec.default)}.`);
      params[problem.key] = spec.default;
    }
  }

  const edits: LiveEdit[] = [];
  for (const raw of query.getAll('set')) {
    const parsed = parseEdit(lab, raw, base.durationS);
    if (typeof parsed === 'string') issues.push(`"set" in the address: ${parsed}, found ${quote(raw)}; ignored.`);
    else edits.push(parsed);
  }
  for (const raw of query.getAll('act')) {
    const parsed = parseActionEdit(lab, raw, base.durationS, params);
    if (typeof parsed === 'string') issues.push(`"act" in the address: ${parsed}, found ${quote(raw)}; ignored.`);
    else edits.push(parsed);
  }
  // Stable: a change and an action at the same instant keep the order they were made in.
  edits.sort((a, b) => a.atMs - b.atMs);

  let speed: Speed = 1;
  const speedRaw = query.get('speed');
  if (speedRaw !== null) {
    const match = SPEED_STEPS.find((s) => String(s) === speedRaw.trim());
    if (match !== undefined) speed = match;
    else issues.push(`"speed" in the address: expected one of ${SPEED_STEPS.join(', ')}, found ${quote(speedRaw)}; using 1.`);
  }

  let tMs = 0;
  const tRaw = query.get('t');
  if (tRaw !== null) {
    const t = Number(tRaw);
    if (tRaw.trim() !== '' && Number.isFinite(t) && t >= 0 && t <= base.durationS) tMs = t * 1000;
    else issues.push(`"t" in the address: expected a time in seconds from 0 to ${base.durationS}, found ${quote(tRaw)}; starting at 0.`);
  }

  return { base, presetName, params, edits, speed, tMs, issues };
}

/** `12.5:arrivalRate:120` → an edit, or a message saying what was expected. */
function parseEdit(lab: AnyLab, raw: string, durationS: number): LiveEdit | string {
  const first = raw.indexOf(':');
  const second = first < 0 ? -1 : raw.indexOf(':', first + 1);
  if (first < 0 || second < 0) return 'expected <seconds>:<parameter>:<value>';
  const atS = Number(raw.slice(0, first));
  const key = raw.slice(first + 1, second);
  const value = raw.slice(second + 1);
  if (raw.slice(0, first).trim() === '' || !Number.isFinite(atS) || atS < 0 || atS > durationS) {
    return `expected a time from 0 to ${durationS} s before the first ":"`;
  }
  const spec = lab.params.find((p) => p.key === key);
  if (spec === undefined) return `expected a parameter of this lab (${lab.params.map((p) => p.key).join(', ')}) after the time`;
  if (!spec.live) return `"${key}" cannot change during a run`;
  const checked = checkParam(spec, value);
  if (!checked.ok) return `"${key}": ${checked.message.replace(/, found .*$/, '')}`;
  return { atMs: atS * 1000, key, value: checked.value };
}

/** The longest action arguments the address may carry (they are a few plain values). */
const MAX_ACTION_ARGS_CHARS = 500;

/** `12.5:stopNode:{"node":"replica-1"}` → an action edit, or a message saying what was expected. */
function parseActionEdit(lab: AnyLab, raw: string, durationS: number, params: ParamValues): LiveEdit | string {
  const first = raw.indexOf(':');
  const second = first < 0 ? -1 : raw.indexOf(':', first + 1);
  if (first < 0) return 'expected <seconds>:<action>[:<arguments as JSON>]';
  const atS = Number(raw.slice(0, first));
  if (raw.slice(0, first).trim() === '' || !Number.isFinite(atS) || atS < 0 || atS > durationS) {
    return `expected a time from 0 to ${durationS} s before the first ":"`;
  }
  const action = second < 0 ? raw.slice(first + 1) : raw.slice(first + 1, second);
  const known = lab.actions?.map((a) => a.name) ?? [];
  if (!known.includes(action)) return known.length > 0 ? `expected an action of this lab (${known.join(', ')}) after the time` : 'this lab has no actions';
  let args: unknown = {};
  const text = second < 0 ? '{}' : raw.slice(second + 1);
  // Arguments are a few plain values; anything long or nested is refused before it is parsed.
  if (text.length > MAX_ACTION_ARGS_CHARS) return `expected the arguments of "${action}" as a short JSON object of plain values (at most ${MAX_ACTION_ARGS_CHARS} characters)`;
  try {
    args = JSON.parse(text);
  } catch {
    return `expected the arguments of "${action}" as a JSON object`;
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return `expected the arguments of "${action}" as a JSON object`;
  const plain: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(args)) {
    if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') return `expected the arguments of "${action}" as plain values (numbers, text, true/false)`;
    plain[key] = value;
  }
  const refused = checkActionArgs(lab, action, plain, params);
  return refused ?? { atMs: atS * 1000, action, args: plain };
}

/** What the address is written from. */
export interface LabUrlInput {
  lab: AnyLab;
  base: Scenario;
  presetName: string | null;
  runParams: ParamValues;
  edits: readonly LiveEdit[];
  speed: Speed;
  /** Where a paused run stands, ms; null while playing or at the start. */
  tMs: number | null;
}

/** Write a lab's state as the query part of its address; the inverse of {@link parseLabQuery}. */
export function buildLabQuery(input: LabUrlInput): string {
  const q = new URLSearchParams();
  if (input.presetName !== null) q.set('scenario', input.presetName);
  q.set('seed', String(input.base.seed));
  q.set('duration', String(input.base.durationS));
  q.set('warmup', String(input.base.warmupS));
  const defaults = baseParams(input.lab, input.base);
  for (const spec of input.lab.params) {
    const value = input.runParams[spec.key];
    if (value !== undefined && value !== defaults[spec.key]) q.set(spec.key, String(value));
  }
  for (const e of input.edits) {
    if (isActionEdit(e)) q.append('act', `${trimNumber(e.atMs / 1000, 6)}:${e.action}${Object.keys(e.args).length > 0 ? `:${JSON.stringify(e.args)}` : ''}`);
    else q.append('set', `${trimNumber(e.atMs / 1000, 6)}:${e.key}:${String(e.value)}`);
  }
  q.set('speed', String(input.speed));
  if (input.tMs !== null && input.tMs > 0) q.set('t', trimNumber(input.tMs / 1000, 6));
  // Keep ':' readable; URLSearchParams escapes it needlessly.
  return q.toString().replace(/%3A/gi, ':');
}

/** The scenario the worker runs: the base with the start parameters, live edits replayed as events. */
export function scenarioForRun(base: Scenario, params: ParamValues, edits: readonly LiveEdit[]): Scenario {
  return {
    ...base,
    parameters: { ...params },
    events: [
      ...base.events,
      ...edits.map((e) =>
        isActionEdit(e)
          ? { atS: e.atMs / 1000, action: e.action, args: e.args, note: 'done in the app' }
          : { atS: e.atMs / 1000, set: { [e.key]: e.value }, note: 'changed in the app' },
      ),
    ],
  };
}
