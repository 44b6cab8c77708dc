import { readFileSync } from 'node:fs';
import { expect, labState, sharedPage, test, waitForHook, type Page } from './fixtures';
import { parseScenario, type LoadedScenario } from '../src/scenario/parseScenario';
import { shippedScenarioFiles } from '../src/scenario/shippedFiles';
import { evaluateExpectations } from '../src/scenario/expectations';
import type { MetricTree } from '../src/lab/snapshot';
import type { Scenario } from '../src/scenario/schema';
import { SimulationRun } from '../src/runner/simulationRun';
import { resolveStepTimes } from '../src/tour/tourSteps';
import { loadAllLabModels } from '../src/labs';

/**
 * Guided tours (issue 16): every shipped tour, step by step, in one page. The tours of the labs
 * without a database to wait for (M/M/c, pooling) are walked through the player as a presenter
 * would (Next, the keys, Back, the presenter view); the others' steps are checked through the
 * worker's model-only path (the test hook), which gives the app's numbers without real SQL. The
 * stops are worked out here in Node, with the code the tests of src/tour check.
 */
interface ShippedTour {
  name: string;
  lab: string;
  scenario: Scenario;
  times: number[];
}

async function loadTours(): Promise<ShippedTour[]> {
  // Parsed and run here in Node: the labs' models (imported on demand) first.
  await loadAllLabModels();
  const tours: ShippedTour[] = [];
  for (const file of shippedScenarioFiles()) {
    const parsed = parseScenario(JSON.parse(readFileSync(file.path, 'utf8')));
    if (!parsed.ok || parsed.value.scenario.tour === undefined) continue;
    const loaded: LoadedScenario = { ...parsed.value, params: { ...parsed.value.params } };
    const times = await resolveStepTimes(parsed.value.scenario.tour, new SimulationRun(loaded, { traceLimit: 0 }));
    tours.push({ name: file.name, lab: file.lab, scenario: JSON.parse(readFileSync(file.path, 'utf8')) as Scenario, times });
  }
  return tours;
}

const WALKED_IN_THE_PLAYER = ['mmc', 'pooling'];

/** The failed claims of step `index` against `metrics`, as readable lines. */
function missed(tour: ShippedTour, index: number, metrics: MetricTree | null | undefined): string[] {
  const claims = tour.scenario.tour![index]!.expect ?? [];
  return evaluateExpectations(claims, metrics ?? {})
    .filter((r) => !r.passed)
    .map((r) => `${tour.name} step ${index + 1}: ${r.text}`);
}

/** Wait until the player stands at step `k` (1-based), not running anywhere. */
async function atStep(page: Page, k: number): Promise<void> {
  const bar = page.getByTestId('tour-bar');
  await expect(bar).toHaveAttribute('data-step', String(k), { timeout: 30_000 });
  await expect(bar).not.toHaveAttribute('data-moving', /.*/);
}

test.describe('guided tours', () => {
  let tours: ShippedTour[] = [];
  const shared = sharedPage(async (page) => {
    tours = await loadTours();
    await page.goto('/#/');
    await waitForHook(page);
  });

  test('the home page lists every shipped tour, and a tour is marked in its lab\'s presets', async () => {
    const page = shared();
    expect(tours.length).toBeGreaterThanOrEqual(4);
    await expect(page.getByRole('heading', { name: 'Guided tours' })).toBeVisible();
    for (const tour of tours) await expect(page.locator(`[data-tour="${tour.name}"]`)).toBeVisible();
    await page.locator('[data-tour="mmc-tour-utilization"]').click();
    await expect(page.getByTestId('tour-bar')).toBeVisible();
    await expect(page.locator('[data-preset="mmc-tour-utilization"] .preset-tour')).toHaveText('guided tour');
  });

  for (const lab of WALKED_IN_THE_PLAYER) {
    test(`${lab}: the player stops at every step with its caption, and what the caption says holds there`, async () => {
      const page = shared();
      const tour = tours.find((t) => t.lab === lab)!;
      const steps = tour.scenario.tour!;
      await page.goto(`/#/lab/${lab}?scenario=${tour.name}&speed=100`);
      await expect.poll(async () => (await labState(page)).loaded).toBe(true);
      await expect(page.getByTestId('tour-next')).toBeEnabled();
      await expect(page.getByTestId('tour-step')).toHaveText(`${steps.length} steps`);
      const seen: MetricTree[] = [];
      const failed: string[] = [];
      for (let k = 1; k <= steps.length; k++) {
        // The clicker's forward button, the arrow key and the button all go to the next step.
        if (k === 1) await page.keyboard.press('PageDown');
        else if (k === 2) await page.keyboard.press('ArrowRight');
        else await page.getByTestId('tour-next').click();
        await atStep(page, k);
        await expect(page.getByTestId('tour-step')).toHaveText(`Step ${k} of ${steps.length}`);
        await expect(page.getByTestId('tour-caption')).toHaveText(steps[k - 1]!.caption);
        expect((await labState(page)).now, `${tour.name} step ${k} stops where Node says`).toBe(tour.times[k - 1]);
        const metrics = await page.evaluate(() => window.__dbLab.metrics());
        failed.push(...missed(tour, k - 1, metrics));
        seen.push(metrics!);
      }
      expect(failed).toEqual([]);
      await expect(page.getByTestId('tour-next')).toBeDisabled();
      // Back (the clicker's back button) replays to the step before: the same numbers exactly.
      await page.keyboard.press('PageUp');
      await atStep(page, steps.length - 1);
      expect((await labState(page)).now).toBe(tour.times[steps.length - 2]);
      await expect.poll(() => page.evaluate(() => window.__dbLab.metrics())).toEqual(seen[steps.length - 2]);
      await expect(page.getByTestId('tour-caption')).toHaveText(steps[steps.length - 2]!.caption);
      // In the presenter view the caption is the subtitle, in place of the lesson.
      await page.keyboard.press('p');
      await expect(page.locator('.page.lab')).toHaveClass(/lab--presenter/);
      await expect(page.getByTestId('tour-caption')).toBeVisible();
      await expect(page.getByTestId('lesson-caption')).toHaveCount(0);
      await page.keyboard.press('ArrowLeft');
      await atStep(page, steps.length - 2);
      await page.keyboard.press('Escape');
      await expect(page.locator('.page.lab')).not.toHaveClass(/lab--presenter/);
    });
  }

  test('the other labs\' tours: each step\'s claims hold in Chromium at the step\'s stop (model-only, through the worker)', async () => {
    const page = shared();
    test.setTimeout(90_000);
    const failed: string[] = [];
    for (const tour of tours.filter((t) => !WALKED_IN_THE_PLAYER.includes(t.lab))) {
      for (const [index, atMs] of tour.times.entries()) {
        const result = await page.evaluate(([s, untilS]) => window.__dbLab.runScenario(s, untilS), [tour.scenario, atMs / 1000] as const);
        expect(result.ok, tour.name).toBe(true);
        failed.push(...missed(tour, index, result.metrics));
      }
    }
    expect(failed).toEqual([]);
  });

  test('#/embed/tour/<scenario> opens the tour embedded, without the app\'s chrome', async () => {
    const page = shared();
    await page.goto('/#/embed/tour/mmc-tour-utilization?speed=100');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/embed\/lab\/mmc\?scenario=mmc-tour-utilization&.*speed=100/);
    await expect(page.getByTestId('tour-bar')).toBeVisible();
    await expect(page.locator('.embed-bar')).toBeVisible();
    await expect(page.locator('.topbar')).toHaveCount(0);
    await expect(page.getByTestId('tour-next')).toBeEnabled();
    await page.getByTestId('tour-next').click();
    await atStep(page, 1);
  });
});
