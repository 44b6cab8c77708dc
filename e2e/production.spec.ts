import { ensurePaused, ensurePlaying, expect, labState, openLab, sharedPage, test, waitForReady } from './fixtures';

/**
 * The production stack end to end, on one page (model-only: no PostgreSQL boots): the composed
 * stack plays, its latency breakdown shows a stacked bar per request type, the latency chart
 * carries the SLO line, a part's node links to its own lab, a fault button acts and lands on the fault timeline, whose time replays
 * the run to it. The model's claims are in vitest (composition.test.ts, the presets).
 */
test.describe('production stack lab', () => {
  const shared = sharedPage((page) => openLab(page, '#/lab/production?duration=600&speed=10&arrivalRate=100'));
  test.describe.configure({ timeout: 120_000 });

  test('plays the stack: every part drawn, a stacked bar per request type, the SLO on the latency chart', async () => {
    const page = shared();
    await ensurePlaying(page);
    const labels = page.locator('text.node-label');
    for (const part of ['Application', 'Cache', 'Pool', 'Router', 'Primary', 'replica-1', 'replica-2']) await expect(labels.filter({ hasText: new RegExp(`^${part}$`) })).toHaveCount(1);
    const breakdown = page.getByTestId('production-breakdown');
    await expect(breakdown.locator('.prod-bar-row')).toHaveCount(3, { timeout: 30_000 });
    await expect(breakdown.locator('.prod-bar-row').first()).toContainText('Reads');
    await expect(breakdown.locator('.prod-seg-dbExecution').first()).toBeVisible();
    await expect(page.getByText('SLO p99 = 100').first()).toBeVisible();
    // The saturation sweep's answer: which part breaks first as load grows, at what load, and every part at each load swept.
    const bottleneck = page.getByTestId('production-bottleneck');
    await expect(bottleneck).toContainText('What breaks first as load grows');
    await expect(bottleneck.locator('.prod-saturation-says')).toContainText(/saturates first|comes closest|saturated already/);
    const rows = bottleneck.locator('tbody tr');
    await expect(rows.first()).toContainText('this run so far');
    await expect(rows.nth(1)).toContainText('1× (100/s)');
    // A part's node opens its own lab, with the settings the part has here.
    await page.locator('svg .node[data-node-id="pool"]').click();
    await expect(page.getByTestId('node-own-lab')).toHaveText('Pool in its own lab →');
    await expect(page.getByTestId('node-own-lab')).toHaveAttribute('href', /^#\/lab\/pooling\?arrivalRate=100&/);
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  test('a fault button acts: the dropped index is on the fault timeline, and its time replays the run to it', async () => {
    const page = shared();
    await ensurePlaying(page);
    await page.getByRole('button', { name: 'Drop the index' }).click();
    const faults = page.getByTestId('production-faults');
    await expect(faults).toContainText('index dropped: reads scan the table');
    await ensurePaused(page);
    await expect(page).toHaveURL(/act=/);
    const link = faults.locator('a').first();
    const href = (await link.getAttribute('href')) ?? '';
    const t = Number(new URLSearchParams(href.split('?')[1]).get('t'));
    expect(t).toBeGreaterThan(0);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`[?&]t=${t}`));
    await waitForReady(page, href);
    expect(Math.abs((await labState(page)).now - t * 1000)).toBeLessThan(0.01);
    await expect(faults).toContainText('index dropped');
  });
});
