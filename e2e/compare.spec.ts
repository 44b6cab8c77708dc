import { expect, openLab, sharedPage, test, type Page } from './fixtures';

/**
 * The A/B comparison (issue 16): from a lab's "Compare…" entry to #/compare/<lab>, two runs of the
 * same scenario and seed on one clock, the headline figures of both with B − A. One page on the
 * M/M/c lab (no database to boot); the runs are model-only.
 */

function compareState(page: Page) {
  return page.evaluate(() => window.__dbLabCompare!.state());
}

function metricAt(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

test.describe('A/B comparison', () => {
  const shared = sharedPage((page) => openLab(page, '#/lab/mmc?seed=5&duration=60&warmup=0&speed=10'));

  test('Compare… opens the comparison with the run as A and the chosen value as B; both advance in step; the differences are B − A', async () => {
    const page = shared();
    const entry = page.getByTestId('compare-entry');
    await entry.locator('summary').click();
    await entry.getByLabel('Parameter').selectOption('servers');
    await entry.getByLabel(/B's value/).fill('12');
    await entry.getByRole('button', { name: 'Open the comparison' }).click();
    await expect(page).toHaveURL(/#\/compare\/mmc\?.*seed=5.*&b=servers:12$/);
    await page.waitForFunction(() => window.__dbLabCompare !== undefined);
    await expect(page.locator('.compare-stage')).toHaveCount(2);

    await page.getByTestId('compare-play').click();
    await expect.poll(async () => (await compareState(page)).now, { timeout: 15_000 }).toBeGreaterThan(3000);
    const playing = await compareState(page);
    expect(playing.playing).toBe(true);
    await page.getByTestId('compare-play').click();
    await expect.poll(async () => (await compareState(page)).playing).toBe(false);
    // Paused, both runs stand at the same simulated instant, and each side's clock says so.
    await expect.poll(async () => { const s = await compareState(page); return s.tA === s.tB && s.tA >= playing.now; }).toBe(true);
    const s = await compareState(page);
    await expect(page.getByTestId('clock-A')).toHaveText(await page.getByTestId('clock-B').innerText());
    expect(s.a).not.toEqual(s.b);

    // Each headline row shows A's and B's figure and B − A; with the same metrics the runs report.
    const rows = page.locator('.compare-figures tbody tr');
    expect(await rows.count()).toBeGreaterThan(3);
    const p99 = page.locator('.compare-figures tr[data-key="waitMs.p99"]');
    const a = Number(await p99.getAttribute('data-a'));
    const b = Number(await p99.getAttribute('data-b'));
    expect(a).toBeCloseTo(metricAt(s.a, 'waitMs.p99') as number, 9);
    expect(b).toBeCloseTo(metricAt(s.b, 'waitMs.p99') as number, 9);
    for (const row of await rows.all()) {
      const ra = Number(await row.getAttribute('data-a'));
      const rb = Number(await row.getAttribute('data-b'));
      expect(Number(await row.getAttribute('data-abs'))).toBeCloseTo(rb - ra, 9);
    }
    // More servers: less waiting, and the page says B is better where the lab declares a direction.
    expect(b).toBeLessThan(a);
    await expect(page.locator('.compare-charts .chart')).not.toHaveCount(0);

    // A clicker's back key (or r) resets both runs to 0 s.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('PageUp');
    await expect.poll(async () => { const r = await compareState(page); return [r.tA, r.tB]; }).toEqual([0, 0]);
    await page.goBack();
  });
});
