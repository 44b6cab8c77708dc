import type { AnyLab } from '../../lab/defineLab';
import { checkParam, type ParamValue, type ParamValues } from '../../lab/params';
import type { Speed } from '../../runner/protocol';
import type { Scenario } from '../../scenario/schema';
import { parseLabQuery, scenarioForRun } from '../../app/urlState';

/**
 * The whole A/B comparison in its address:
 *
 *   #/compare/<lab>?<A's lab query: scenario, seed, duration, parameters, set=…>&b=<key>:<value>,…
 *
 * A is the lab's state as its own address would give it; B is A with the `b` changes. Both run
 * the same scenario with the same seed, so the only difference between them is the changes.
 */
export interface Comparison {
  lab: AnyLab;
  /** The runs' scenarios: A as the query gives it, B with the changes in its parameters. */
  a: Scenario;
  b: Scenario;
  changes: { key: string; value: ParamValue }[];
  speed: Speed;
  /** One readable line per problem (bad values are left out and said so). */
  issues: string[];
}

/** Read a comparison from the query of its address; never throws. */
export function parseComparison(lab: AnyLab, query: URLSearchParams): Comparison {
  const aQuery = new URLSearchParams(query);
  aQuery.delete('b');
  // A comparison starts both runs at 0 s: a paused lab's `t` means nothing here.
  aQuery.delete('t');
  const url = parseLabQuery(lab, aQuery);
  const issues = [...url.issues];
  const changes: { key: string; value: ParamValue }[] = [];
  const bParams: ParamValues = { ...url.params };
  for (const item of (query.get('b') ?? '').split(',').filter((s) => s.trim() !== '')) {
    const colon = item.indexOf(':');
    const key = colon < 0 ? item : item.slice(0, colon);
    const spec = lab.params.find((p) => p.key === key);
    if (colon < 0 || spec === undefined) {
      issues.push(`"b" in the address: expected <parameter>:<value> with a parameter of this lab (${lab.params.map((p) => p.key).join(', ')}), found ${JSON.stringify(item.slice(0, 80))}; ignored.`);
      continue;
    }
    const checked = checkParam(spec, item.slice(colon + 1));
    if (!checked.ok) {
      issues.push(`"b" in the address, ${key} (${spec.label}): ${checked.message}; ignored.`);
      continue;
    }
    bParams[key] = checked.value;
    changes.push({ key, value: checked.value });
  }
  const cross = lab.crossCheck?.(bParams) ?? [];
  if (cross.length > 0) {
    issues.push(`B's parameters do not hold together (${cross.map((c) => `${c.key}: ${c.message}`).join('; ')}); B runs as A.`);
    changes.length = 0;
  }
  const a = scenarioForRun(url.base, url.params, url.edits);
  const b = scenarioForRun(url.base, changes.length === 0 ? url.params : bParams, url.edits);
  return { lab, a, b, changes, speed: url.speed, issues };
}

/** The address of a comparison: A's lab query (as the lab page writes it) and B's changes. */
export function comparisonHash(labId: string, aQuery: string, changes: readonly { key: string; value: ParamValue }[]): string {
  const q = new URLSearchParams(aQuery);
  q.delete('b');
  q.delete('t');
  const rest = q.toString().replace(/%3A/gi, ':');
  const b = changes.map((c) => `${c.key}:${encodeURIComponent(String(c.value))}`).join(',');
  return `#/compare/${encodeURIComponent(labId)}?${rest}${rest === '' ? '' : '&'}b=${b}`;
}

/** The changes as a person reads them: "Maximum size = 100, Service distribution = Constant (M/D/c)" (a choice by its label). */
export function describeChanges(lab: AnyLab, changes: readonly { key: string; value: ParamValue }[]): string {
  return changes
    .map((c) => {
      const spec = lab.params.find((p) => p.key === c.key);
      const value = spec?.kind === 'enum' ? (spec.options.find((o) => o.value === c.value)?.label ?? String(c.value)) : String(c.value);
      return `${spec?.label ?? c.key} = ${value}`;
    })
    .join(', ');
}
