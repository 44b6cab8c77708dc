import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the labs live; each lab's presets are the JSON files in its `scenarios/` folder. */
export const PATTERNS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../patterns');

/** A shipped scenario file (a lab's preset), found in Node (the CLI, tests, e2e). */
export interface ShippedFile {
  /** The scenario's name: its file name without .json. */
  name: string;
  /** The lab folder it lives in. */
  lab: string;
  path: string;
}

/** Every lab's shipped scenario files, sorted by name. */
export function shippedScenarioFiles(): ShippedFile[] {
  const found: ShippedFile[] = [];
  for (const lab of readdirSync(PATTERNS_DIR)) {
    const dir = join(PATTERNS_DIR, lab, 'scenarios');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.json')) found.push({ name: file.slice(0, -'.json'.length), lab, path: join(dir, file) });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The shipped scenario file called `name`, or undefined. */
export function findShippedFile(name: string): ShippedFile | undefined {
  return shippedScenarioFiles().find((f) => f.name === name);
}
