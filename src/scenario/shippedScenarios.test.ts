import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parseScenario';
import { SimulationRun } from '../runner/simulationRun';
import { SCHEMA_PATH, schemaText } from './writeSchema';
import { SCENARIOS_DIR } from '../cli/resolveTarget';

const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));

describe('scenarios/', () => {
  it('publishes the schema generated from the code (run `npm run schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(schemaText());
  });

  it('ships at least one scenario', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  // Each shipped scenario is a claim about the lab: it must be valid and its expectations must hold.
  for (const file of files) {
    it(`${file} is valid, named after its file, and meets its expectations`, async () => {
      const data: unknown = JSON.parse(readFileSync(join(SCENARIOS_DIR, file), 'utf8'));
      const parsed = parseScenario(data);
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
      expect(`${parsed.value.scenario.name}.json`).toBe(file);
      expect(parsed.value.scenario.expectations.length).toBeGreaterThan(0);
      const run = new SimulationRun(parsed.value, { traceLimit: 0 });
      await run.runToEnd();
      const failed = run.expectations().filter((r) => !r.passed);
      expect(failed.map((f) => f.text)).toEqual([]);
    });
  }
});
