import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from './schema';

/** Where the published schema lives; `npm run schema` regenerates it, a test keeps it in sync. */
export const SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios/scenario.schema.json');

/** The schema file's exact text. */
export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_PATH, schemaText());
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}
