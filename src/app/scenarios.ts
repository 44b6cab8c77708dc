import { parseScenario } from '../scenario/parseScenario';
import type { Scenario } from '../scenario/schema';

/** A scenario file shipped with a lab (src/patterns/<lab>/scenarios/). */
export interface ShippedScenario {
  name: string;
  file: string;
  scenario: Scenario;
}

// Bundled at build time, so presets work offline. The generated JSON Schema is not a scenario.
const files = import.meta.glob<unknown>('../patterns/*/scenarios/*.json', { eager: true, import: 'default' });

/** A shipped file as bundled: what it says it is, before it is validated. */
interface ShippedFile {
  file: string;
  data: unknown;
  lab: unknown;
  name: unknown;
  hasTour: boolean;
}

const shippedFiles: readonly ShippedFile[] = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, data]) => {
    const raw = (typeof data === 'object' && data !== null ? data : {}) as { lab?: unknown; name?: unknown; tour?: unknown };
    return { file: path.split('/').pop() ?? path, data, lab: raw.lab, name: raw.name, hasTour: raw.tour !== undefined };
  });

/**
 * Each file is validated the first time something asks for it, not all of them when the page
 * starts: the home page needs the tours, a lab its own presets (a hundred files took ~100 ms to
 * validate). A file that fails validation is skipped (the scenario tests, in Node, fail on it).
 */
const validated = new Map<ShippedFile, ShippedScenario | null>();
function validate(f: ShippedFile): ShippedScenario | null {
  let shipped = validated.get(f);
  if (shipped === undefined) {
    const parsed = parseScenario(f.data);
    shipped = parsed.ok ? { name: parsed.value.scenario.name, file: f.file, scenario: parsed.value.scenario } : null;
    validated.set(f, shipped);
  }
  return shipped;
}

function validOf(chosen: readonly ShippedFile[]): ShippedScenario[] {
  return chosen.map(validate).filter((s): s is ShippedScenario => s !== null);
}

/** The shipped scenarios with a guided tour, in file-name order. */
export function shippedTours(): ShippedScenario[] {
  return validOf(shippedFiles.filter((f) => f.hasTour));
}

/** The shipped scenarios of one lab, in file-name order. */
export function scenariosForLab(labId: string): ShippedScenario[] {
  // A file that parses says the same lab in its parsed form: the raw field is enough to choose by.
  return validOf(shippedFiles.filter((f) => f.lab === labId));
}

export function findShippedScenario(name: string): ShippedScenario | undefined {
  return validOf(shippedFiles.filter((f) => f.name === name))[0];
}
