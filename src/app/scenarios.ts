import { parseScenario } from '../scenario/parseScenario';
import type { Scenario } from '../scenario/schema';
import type { ValidationIssue } from '../scenario/formatIssues';

/** A scenario file shipped with a lab (src/patterns/<lab>/scenarios/). */
export interface ShippedScenario {
  name: string;
  file: string;
  scenario: Scenario;
}

// Bundled at build time, so presets work offline. The generated JSON Schema is not a scenario.
const files = import.meta.glob<unknown>('../patterns/*/scenarios/*.json', { eager: true, import: 'default' });

const valid: ShippedScenario[] = [];
/** Shipped files that failed validation (the scenario tests report them; the app skips them). */
export const invalidShippedScenarios: { file: string; issues: ValidationIssue[] }[] = [];

for (const [path, data] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
  const file = path.split('/').pop() ?? path;
  const parsed = parseScenario(data);
  if (parsed.ok) valid.push({ name: parsed.value.scenario.name, file, scenario: parsed.value.scenario });
  else invalidShippedScenarios.push({ file, issues: parsed.issues });
}

export const shippedScenarios: readonly ShippedScenario[] = valid;

/** The shipped scenarios of one lab, in file-name order. */
export function scenariosForLab(labId: string): ShippedScenario[] {
  return valid.filter((s) => s.scenario.lab === labId);
}

export function findShippedScenario(name: string): ShippedScenario | undefined {
  return valid.find((s) => s.name === name);
}
