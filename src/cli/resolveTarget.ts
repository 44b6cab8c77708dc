import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLab, labs } from '../labs';
import { defaultScenario, issuesToText, parseJson } from '../scenario/parseScenario';
import { UsageError } from './args';

/** The repository's shipped scenarios folder. */
export const SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** Names of the shipped scenarios (files in scenarios/ without .json). */
export function shippedScenarioNames(): string[] {
  if (!existsSync(SCENARIOS_DIR)) return [];
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * Turn the CLI's positional argument into raw scenario data: a path to a JSON file, the name
 * of a shipped scenario, or a lab id (its defaults). Throws {@link UsageError} if it is none.
 */
export function resolveTarget(target: string): unknown {
  const asPath = resolve(target);
  const shipped = join(SCENARIOS_DIR, `${target}.json`);
  const file = target.endsWith('.json') || target.includes('/') ? asPath : existsSync(shipped) ? shipped : null;
  if (file !== null) {
    if (!existsSync(file)) throw new UsageError(`${target}: no such file`);
    const parsed = parseJson(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new UsageError(`${target}: ${issuesToText(parsed.issues)}`);
    return parsed.value;
  }
  // `query-lab` reads naturally on a command line; it names the lab `query`.
  const lab = findLab(target) ?? (target.endsWith('-lab') ? findLab(target.slice(0, -'-lab'.length)) : undefined);
  if (lab !== undefined) return defaultScenario(lab);
  const names = shippedScenarioNames();
  throw new UsageError(
    `unknown lab or scenario ${JSON.stringify(target)}; labs: ${labs.map((l) => l.id).join(', ')}; scenarios: ${names.length > 0 ? names.join(', ') : '(none)'}`,
  );
}
