import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parseScenario';
import { SimulationRun } from '../runner/simulationRun';
import { SCHEMA_PATH, schemaText } from './writeSchema';
import { shippedScenarioFiles } from './shippedFiles';
import { asJson, readGolden } from './goldenMetrics';

const files = shippedScenarioFiles();

describe('shipped scenarios (src/patterns/<lab>/scenarios/)', () => {
  it('publishes the schema generated from the code (run `npm run schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(schemaText());
  });

  it('ships at least one scenario', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  // Each shipped scenario is a claim about the lab: it must be valid and its expectations must hold.
  for (const file of files) {
    it(`${file.name} is valid, named after its file, in its lab's folder, and meets its expectations`, async () => {
      const data: unknown = JSON.parse(readFileSync(file.path, 'utf8'));
      const parsed = parseScenario(data);
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
      expect(parsed.value.scenario.name).toBe(file.name);
      expect(parsed.value.scenario.lab).toBe(file.lab);
      expect(parsed.value.scenario.expectations.length).toBeGreaterThan(0);
      const run = new SimulationRun(parsed.value, { traceLimit: 0 });
      const metrics = await run.runToEnd();
      const failed = run.expectations().filter((r) => !r.passed);
      expect(failed.map((f) => f.text)).toEqual([]);
      // The committed numbers are what the browser suite holds Chromium to; a change shows in a diff
      // (`npm run golden` rewrites them when a change of the numbers is intended).
      expect(asJson(metrics), `${file.lab}/scenarios.golden.json`).toEqual(readGolden(file.lab)[file.name]);
    });
  }
});
