import { readFileSync } from 'node:fs';
import { expect, labState, openLab, test } from './fixtures';

// A learner or instructor opens a scenario file from disk, or saves what is on screen as one.
// Bad files are reported with what is wrong, and the run on screen is kept.

const state = labState;
const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test('a scenario file opens; a malformed or invalid one is reported and the run is kept', async ({ page }) => {
  await openLab(page, '#/lab/mmc');
  const surge = JSON.parse(readFileSync('src/patterns/mmc/scenarios/mmc-surge.json', 'utf8'));
  const input = page.getByTestId('scenario-file-input');
  await input.setInputFiles(file('my-surge.json', JSON.stringify({ ...surge, name: 'my-surge', seed: 11 })));
  await expect.poll(async () => (await state(page)).seed).toBe(11);
  expect((await state(page)).params.arrivalRate).toBe(80);

  await input.setInputFiles(file('broken.json', '{"name": "x", '));
  await expect(page.getByRole('alert').filter({ hasText: 'broken.json' })).toContainText('not valid JSON');

  await input.setInputFiles(file('wrong.json', JSON.stringify({ ...surge, parameters: { servers: 0 } })));
  await expect(page.getByRole('alert').filter({ hasText: 'wrong.json' })).toContainText('parameters.servers: expected a whole number from 1 to 64, found 0');

  expect((await state(page)).seed).toBe(11); // nothing lost
});

test('"Save as scenario file" downloads a scenario that reproduces the state on screen', async ({ page }) => {
  await openLab(page, '#/lab/mmc');
  await page.evaluate(() => window.__dbLab.loadScenario({ name: 'saved', title: 'Saved', lab: 'mmc', seed: 21, durationS: 30, parameters: { servers: 12 } }));
  await expect.poll(async () => (await state(page)).seed).toBe(21);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as scenario file' }).click()]);
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(saved).toMatchObject({ name: 'saved', lab: 'mmc', seed: 21, durationS: 30, parameters: { servers: 12 } });
  const result = await page.evaluate((s) => window.__dbLab.runScenario(s), saved);
  expect(result.ok).toBe(true);
});
