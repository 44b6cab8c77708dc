import { readFile } from 'node:fs/promises';
import { ensurePaused, ensurePlaying, expect, followAddress, labState, openLab, sharedPage, test, type Page } from './fixtures';

/**
 * What an instructor uses in a workshop (issue 16): the presenter view (key p, large type, the
 * stage, the lesson as a subtitle and the figures only, a ring around the pointer, clicker keys),
 * an embedded lab without the app's chrome, and the exports (metrics as CSV and JSON, each chart
 * as SVG and PNG). One page, on the M/M/c lab (no database to boot); the screenshots at the
 * projector sizes are attached to the report.
 */
test.describe('workshop mode', () => {
  const shared = sharedPage((page) => openLab(page, '#/lab/mmc?scenario=mmc-near-saturation&speed=10'));

  async function shot(page: Page, name: string, width: number, height: number) {
    await page.setViewportSize({ width, height });
    await test.info().attach(name, { body: await page.screenshot(), contentType: 'image/png' });
  }

  test('the presenter view shows the stage, the lesson as a subtitle and the figures, in large type; p and Esc switch it', async () => {
    const page = shared();
    await ensurePlaying(page);
    await expect(page.getByTestId('lesson')).toBeVisible();
    await page.keyboard.press('p');
    await expect(page.locator('.page.lab')).toHaveClass(/lab--presenter/);
    await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('lesson-caption')).toBeVisible();
    await expect(page.getByTestId('lesson')).toHaveCount(0);
    await expect(page.locator('.event-log, .charts, .lab-side')).toHaveCount(0);
    await expect(page.locator('.figures .figure').first()).toBeVisible();
    const large = await page.locator('.figure-value').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(large).toBeGreaterThan(26);
    // The stage and the figures fit a 1280×720 projector without scrolling.
    await page.setViewportSize({ width: 1280, height: 720 });
    const figuresBottom = await page.locator('.figures').evaluate((el) => el.getBoundingClientRect().bottom);
    expect(figuresBottom).toBeLessThanOrEqual(720);
    await page.mouse.move(400, 300);
    await expect(page.getByTestId('presenter-cursor')).toBeVisible();
    await shot(page, 'presenter-1280x720', 1280, 720);
    await shot(page, 'presenter-1920x1080', 1920, 1080);
    await page.keyboard.press('Escape');
    await expect(page.locator('.page.lab')).not.toHaveClass(/lab--presenter/);
    await expect(page.getByTestId('lesson')).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  test('clicker keys: PageDown plays and pauses, PageUp resets to 0 s', async () => {
    const page = shared();
    await ensurePaused(page);
    await page.getByTestId('presenter-toggle').click();
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await labState(page)).playing).toBe(true);
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await labState(page)).playing).toBe(false);
    expect((await labState(page)).now).toBeGreaterThan(0);
    await page.keyboard.press('PageUp');
    await expect.poll(async () => (await labState(page)).now).toBe(0);
    await page.getByTestId('presenter-toggle').click();
    await expect(page.locator('.page.lab')).not.toHaveClass(/lab--presenter/);
  });

  test('the help dialog has a section on clickers', async () => {
    const page = shared();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Help and keyboard shortcuts' });
    await expect(help.getByRole('heading', { name: 'Presenting with a clicker' })).toBeVisible();
    await expect(help.getByRole('table', { name: 'Presentation remote (clicker) keys' })).toContainText('PageDown');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  });

  test('exports: the metrics as CSV and JSON, a chart as SVG and PNG', async () => {
    const page = shared();
    await ensurePlaying(page);
    await expect.poll(async () => (await labState(page)).now, { timeout: 30_000 }).toBeGreaterThan(2000);
    await ensurePaused(page);
    const saved = async (click: () => Promise<void>) => {
      const [download] = await Promise.all([page.waitForEvent('download'), click()]);
      return { name: download.suggestedFilename(), body: await readFile((await download.path())!) };
    };
    const csv = await saved(() => page.getByRole('button', { name: 'Metrics as CSV' }).click());
    expect(csv.name).toMatch(/^mmc-near-saturation-seed\d+-t\d+s-metrics\.csv$/);
    const lines = csv.body.toString().split('\r\n');
    expect(lines[0]).toBe('metric,value');
    const metrics = (await page.evaluate(() => window.__dbLab.metrics())) as Record<string, Record<string, number>>;
    expect(lines).toContain(`customers.arrived,${metrics.customers!.arrived}`);
    const json = await saved(() => page.getByRole('button', { name: 'Metrics as JSON' }).click());
    const run = JSON.parse(json.body.toString()) as { lab: string; scenario: string; metrics: unknown };
    expect(run).toMatchObject({ lab: 'mmc', scenario: 'mmc-near-saturation', metrics });
    const firstChart = page.locator('.chart-export').first();
    const title = (await firstChart.locator('.chart-title').innerText()).split('(')[0]!.trim();
    const svg = await saved(() => firstChart.getByRole('button', { name: /as SVG$/ }).click());
    expect(svg.name).toMatch(/\.svg$/);
    expect(svg.body.toString()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.body.toString()).toContain(`<title>${title}`);
    expect(svg.body.toString()).toMatch(/stroke:rgb/);
    const png = await saved(() => firstChart.getByRole('button', { name: /as PNG$/ }).click());
    expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  test('an embedded lab: no app chrome, plays, keeps an embed address, and opens in the whole app', async () => {
    const page = shared();
    await followAddress(page, '#/embed/lab/mmc?seed=3');
    await expect(page.locator('.page.lab')).toHaveClass(/lab--embed/);
    await expect(page.locator('.topbar, .lab-side, .event-log')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Queueing basics (M/M/c)' })).toBeVisible();
    await ensurePlaying(page);
    await expect.poll(async () => (await labState(page)).now).toBeGreaterThan(500);
    await ensurePaused(page);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/embed\/lab\/mmc\?.*seed=3.*t=/);
    await expect(page.getByRole('link', { name: /Open in Database Patterns Lab/ })).toHaveAttribute('href', /^\.\/#\/lab\/mmc\?.*seed=3/);
    await shot(page, 'embed-800x500', 800, 500);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
});
