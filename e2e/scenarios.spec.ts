import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseScenario } from '../src/scenario/parseScenario';
import { SimulationRun } from '../src/runner/simulationRun';

// Every shipped scenario runs in Chromium through the app's test hook (the same worker code path
// the app uses) and must meet its expectations: adding a scenario file adds a test here. The
// browser's metrics must also equal, number for number, those of the same run in Node.
const dir = join(process.cwd(), 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));

async function metricsInNode(scenario: unknown) {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return new SimulationRun(parsed.value, { traceLimit: 0 }).runToEnd();
}

test.describe('shipped scenarios in the browser', () => {
  for (const file of files) {
    test(`${file} meets its expectations, with the same numbers as in Node`, async ({ page }) => {
      const scenario: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      await page.goto('/');
      await page.waitForFunction(() => window.__dbLab !== undefined);
      await page.evaluate(() => window.__dbLab.ready);
      const result = await page.evaluate((s) => window.__dbLab.runScenario(s), scenario);
      expect(result.issues ?? []).toEqual([]);
      expect(result.ok).toBe(true);
      const failed = (result.expectations ?? []).filter((e) => !e.passed).map((e) => e.text);
      expect(failed).toEqual([]);
      expect(result.metrics).toEqual(await metricsInNode(scenario));
    });
  }
});
