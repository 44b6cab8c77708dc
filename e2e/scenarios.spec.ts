import { readFileSync } from 'node:fs';
import { expect, sharedPage, test, waitForHook } from './fixtures';
import { asJson, readGolden } from '../src/scenario/goldenMetrics';
import { shippedScenarioFiles, type ShippedFile } from '../src/scenario/shippedFiles';

// Shipped scenarios run in Chromium through the app's test hook (the worker's code path,
// model-only, as the golden files were written) and must meet their expectations with exactly the
// committed golden metrics, which a unit test holds equal to Node's runs for every scenario: so
// Chromium = Node. Here a sample of each lab, its first and last scenario by name: the code that
// runs is the same in both; what could differ is the JavaScript engine's arithmetic, which any
// run of a lab exercises, and every further scenario cost CI time without proving anything new.
// One page for all; a new lab adds a check here.
const SAMPLE_PER_LAB = 2;
const byLab = new Map<string, ShippedFile[]>();
for (const file of shippedScenarioFiles()) byLab.set(file.lab, [...(byLab.get(file.lab) ?? []), file]);
for (const [lab, files] of byLab) {
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  byLab.set(lab, sorted.length <= SAMPLE_PER_LAB ? sorted : [sorted[0]!, sorted[sorted.length - 1]!]);
}

test.describe('shipped scenarios in the browser', () => {
  // One page for every lab: the runs go through the worker's test hook, whatever lab is shown, and
  // a page of its own per lab cost more than its two runs.
  const shared = sharedPage(async (page) => {
    await page.goto('/');
    await waitForHook(page);
  });
  test.describe.configure({ timeout: 180_000 });

  for (const [lab, files] of byLab) {
    test(`${lab}: ${files.map((f) => f.name).join(', ')} meet their expectations with the golden metrics`, async () => {
      const page = shared();
      const metrics: Record<string, unknown> = {};
      const failed: Record<string, string[]> = {};
      for (const file of files) {
        const scenario: unknown = JSON.parse(readFileSync(file.path, 'utf8'));
        const result = await page.evaluate((s) => window.__dbLab.runScenario(s), scenario);
        expect(result.issues ?? [], file.name).toEqual([]);
        expect(result.ok, file.name).toBe(true);
        // As a JSON file holds them (no undefined, no -0), so that the comparison is exact.
        if (result.metrics !== undefined) metrics[file.name] = asJson(result.metrics);
        const missed = (result.expectations ?? []).filter((e) => !e.passed).map((e) => e.text);
        if (missed.length > 0) failed[file.name] = missed;
      }
      expect(failed, 'expectations not met').toEqual({});
      const golden = readGolden(lab);
      const sampled = Object.fromEntries(files.map((f) => [f.name, golden[f.name]]));
      expect(metrics, `src/patterns/${lab}/scenarios.golden.json (npm run golden rewrites it from Node)`).toEqual(sampled);
    });
  }
});
