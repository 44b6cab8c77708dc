import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { findShippedFile, shippedScenarioFiles } from '../scenario/shippedFiles';
import { findLab, labs } from '../labs';
import { defaultScenario, issuesToText, parseJson } from '../scenario/parseScenario';
import { UsageError } from './args';

/** Names of the shipped scenarios (each lab's presets, in src/patterns/<lab>/scenarios/). */
export function shippedScenarioNames(): string[] {
  return shippedScenarioFiles().map((f) => f.name);
}

/**
 * Turn the CLI's positional argument into raw scenario data: a path to a JSON file, the name
 * of a shipped scenario, or a lab id (its defaults). Throws {@link UsageError} if it is none.
 */
export function resolveTarget(target: string): unknown {
  const asPath = resolve(target);
  const shipped = findShippedFile(target)?.path ?? null;
  const file = target.endsWith('.json') || target.includes('/') ? asPath : shipped;
  if (file !== null) {
    if (!existsSync(file)) throw new UsageError(`${target}: no such file`);
    if (!statSync(file).isFile()) throw new UsageError(`${target}: not a file (a scenario is a JSON file)`);
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
