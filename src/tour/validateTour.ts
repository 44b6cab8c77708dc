import type { AnyLab } from '../lab/defineLab';
import { checkParam, type ParamValues } from '../lab/params';
import { checkActionArgs } from '../lab/actionArgs';
import type { ValidationIssue } from '../scenario/formatIssues';
import type { Scenario, TourStep } from '../scenario/schema';
import { labNames, type LabNames } from './labProbe';
import { labModelLoaded } from '../lab/lazyModel';
import { stepStartS } from './tourEvents';

function known(kind: string, name: string, names: readonly string[]): string | null {
  if (names.includes(name)) return null;
  // A list metric (one item per shard) may grow while the run plays: its first item stands for the rest.
  const item = /^(.*)\.\d+$/.exec(name);
  if (kind === 'metric' && item !== null && names.includes(`${item[1]}.0`)) return null;
  const list = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
  return `unknown ${kind} ${JSON.stringify(name)}; this lab's ${kind}s are ${list}`;
}

/**
 * Check a scenario's tour against its lab: times inside the run and in order, metrics, nodes,
 * charts and figures the lab has, live parameters and actions with valid values, and changes only
 * where their simulated time is known. Every issue names its path (`tour[2].until.metric`).
 */
export function tourIssues(scenario: Scenario, lab: AnyLab, params: ParamValues): ValidationIssue[] {
  const tour = scenario.tour;
  if (tour === undefined) return [];
  const issues: ValidationIssue[] = [];
  // The names a lab shows come from its model. Where it is not loaded (the page before a run needs
  // it) they are not checked here: the simulation worker parses the scenario again with the model
  // loaded before it runs a step, and refuses a tour that names what the lab does not have.
  const names = labModelLoaded(lab) ? labNames(lab, params, scenario.durationS * 1000) : null;
  let lastTime = 0;
  tour.forEach((step, index) => {
    const at = `tour[${index}]`;
    const { until } = step;
    if ('time' in until) {
      if (until.time > scenario.durationS) issues.push({ path: `${at}.until.time`, message: `expected a time within the run (up to ${scenario.durationS} s), found ${until.time}` });
      else if (until.time <= lastTime) issues.push({ path: `${at}.until.time`, message: `expected a time after the previous step's (${lastTime} s), found ${until.time}` });
      lastTime = Math.max(lastTime, until.time);
    } else {
      const unknown = names === null ? null : known('metric', until.metric, names.metrics);
      if (unknown !== null) issues.push({ path: `${at}.until.metric`, message: unknown });
      if (typeof until.value === 'boolean' && until.op !== '==' && until.op !== '!=') {
        issues.push({ path: `${at}.until.op`, message: `expected "==" or "!=" for a true/false value, found ${JSON.stringify(until.op)}` });
      }
    }
    issues.push(...changeIssues(tour, index, lab, params));
    issues.push(...pointerIssues(step, at, names));
  });
  return issues;
}

function changeIssues(tour: readonly TourStep[], index: number, lab: AnyLab, params: ParamValues): ValidationIssue[] {
  const step = tour[index]!;
  const at = `tour[${index}]`;
  const issues: ValidationIssue[] = [];
  const changes = Object.keys(step.set ?? {}).length > 0 || (step.actions ?? []).length > 0;
  if (changes && stepStartS(tour, index) === null) {
    issues.push({
      path: step.set !== undefined ? `${at}.set` : `${at}.actions`,
      message: 'a step that changes the run must be the first or follow a step that stops at a time ("until": { "time": … }), so that its change has a known simulated time',
    });
  }
  for (const [key, value] of Object.entries(step.set ?? {})) {
    const spec = lab.params.find((p) => p.key === key);
    if (spec === undefined) issues.push({ path: `${at}.set.${key}`, message: `unknown parameter of lab "${lab.id}"; known parameters are ${lab.params.map((p) => p.key).join(', ')}` });
    else if (!spec.live) issues.push({ path: `${at}.set.${key}`, message: 'this parameter cannot change during a run; set it in "parameters" instead' });
    else {
      const checked = checkParam(spec, value);
      if (!checked.ok) issues.push({ path: `${at}.set.${key}`, message: checked.message });
    }
  }
  (step.actions ?? []).forEach((a, i) => {
    const names = (lab.actions ?? []).map((x) => x.name);
    if (!names.includes(a.action)) {
      issues.push({ path: `${at}.actions[${i}].action`, message: names.length > 0 ? `expected one of ${names.map((n) => JSON.stringify(n)).join(', ')}, found ${JSON.stringify(a.action)}` : 'this lab has no actions' });
      return;
    }
    const refused = checkActionArgs(lab, a.action, a.args ?? {}, params);
    if (refused !== null) issues.push({ path: `${at}.actions[${i}].args`, message: refused });
  });
  return issues;
}

/** Highlights and expectations: the names they point at (unless `names` is null: not known here), and tolerances. */
function pointerIssues(step: TourStep, at: string, names: LabNames | null): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const h = step.highlight;
  const check = (path: string, kind: string, name: string | undefined, among: (n: LabNames) => string[]) => {
    const problem = names === null || name === undefined ? null : known(kind, name, among(names));
    if (problem !== null) issues.push({ path, message: problem });
  };
  check(`${at}.highlight.node`, 'node', h?.node, (n) => n.nodes);
  check(`${at}.highlight.chart`, 'chart', h?.chart, (n) => n.charts);
  check(`${at}.highlight.figure`, 'figure', h?.figure, (n) => n.figures);
  (step.expect ?? []).forEach((e, i) => {
    check(`${at}.expect[${i}].metric`, 'metric', e.metric, (n) => n.metrics);
    if (e.op === 'approx' && e.tolerance === undefined) issues.push({ path: `${at}.expect[${i}].tolerance`, message: 'expected a tolerance for op "approx", found nothing' });
  });
  return issues;
}
