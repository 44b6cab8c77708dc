import { expect, test, type Page } from './fixtures';

/**
 * The plan viewer opened from a request: "Show plan" runs EXPLAIN (ANALYZE, BUFFERS, FORMAT
 * JSON) for the request's statement on the lab's PGlite primary and shows the plan in a dialog.
 */

const BOOT_MS = 120_000;

/** Run the pooling lab with a real statement for a moment, pause, and open a finished request's story. */
async function openFinishedRequest(page: Page, query: string): Promise<number> {
  await page.goto(`/#/lab/pooling?query=${query}`);
  await page.waitForFunction(() => window.__dbLab !== undefined);
  await page.waitForFunction(() => window.__dbLab.state().loaded, null, { timeout: BOOT_MS });
  await page.getByTestId('play').click();
  await page.waitForFunction(() => window.__dbLab.state().now > 1500, null, { timeout: 60_000 });
  await page.getByTestId('play').click();
  await expect.poll(() => page.evaluate(() => window.__dbLab.state().playing)).toBe(false);
  // The newest request that has finished its query (the lab remembers the most recent ones).
  const id = await page.evaluate(async () => {
    const arrived = (window.__dbLab.metrics() as { requests?: { arrived?: number } } | null)?.requests?.arrived ?? 0;
    const newest = Math.max(arrived, ...window.__dbLab.particles().map((p) => p.id));
    for (let id = newest; id > Math.max(0, newest - 300); id--) {
      const detail = await window.__dbLab.inspect(id);
      if (detail?.outcome.startsWith('completed') && detail.timeline.some((s) => s.what.startsWith('query starts'))) return id;
    }
    return null;
  });
  expect(id, 'a finished request with a statement').not.toBeNull();
  await expect(page.getByTestId('request-details')).toContainText(`Request #${id}`);
  return id!;
}

test('Show plan runs EXPLAIN ANALYZE for a request and shows the slowest step in words', async ({ page }) => {
  test.setTimeout(240_000);
  const id = await openFinishedRequest(page, 'customer-orders');
  const details = page.getByTestId('request-details');
  // The value of $1 this request used, as its timeline tells it.
  const started = await details.locator('.timeline td', { hasText: 'query starts on the primary with' }).textContent();
  const value = /\[(\d+)\]/.exec(started ?? '')?.[1];
  expect(value, 'the request timeline names its $1').toBeDefined();
  await details.getByTestId('show-plan').click();
  const dialog = page.getByTestId('plan-dialog');
  await expect(dialog).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(`Plan of request #${id}'s statement`);
  await expect(dialog.getByRole('heading', { level: 3, name: /Query plan/ })).toBeVisible();
  // The request's own value of $1 was written into the statement.
  await expect(dialog.locator('.plan-sql')).toContainText(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`);
  await expect(dialog.locator('.plan-sql')).toContainText(`where c.id = ${value} order by`);
  const viewer = dialog.getByTestId('plan-viewer');
  await expect(viewer).toHaveAttribute('data-measure', 'time');
  // Without an index on orders.customer_id the join reads every row of orders.
  await expect(viewer.getByTestId('plan-summary')).toContainText('Most of the time is spent here');
  const scan = viewer.locator('.plan-row[data-node-type="Seq Scan"]');
  await expect(scan).toHaveAttribute('aria-label', /full scan.*Seq Scan on orders o/);
  await expect(viewer.locator('.plan-row[data-node-type="Index Scan"]')).toHaveAttribute('aria-label', /index.*Index Scan using customers_pkey/);
  // Exactly one step is marked the slowest, in words as well as colour.
  await expect(viewer.locator('.plan-row--hot')).toHaveCount(1);
  await expect(viewer.locator('.plan-row--hot')).toHaveAttribute('aria-label', /^slowest/);

  // Keyboard: rows are focusable, ↓ moves, Enter shows the step's details; lab shortcuts stay quiet.
  const now = await page.evaluate(() => window.__dbLab.state().now);
  await viewer.locator('.plan-row').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(viewer.locator('.plan-row').nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(viewer.locator('.plan-node-details h3')).toHaveText('Nested Loop');
  await page.keyboard.press('r');
  expect(await page.evaluate(() => window.__dbLab.state().now)).toBe(now);

  // Raw JSON one click away; downloads as SVG and PNG.
  await viewer.getByText('Raw EXPLAIN JSON', { exact: true }).click();
  await expect(viewer.locator('.plan-raw .plan-json')).toContainText('"Node Type": "Sort"');
  const [svg] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('button', { name: 'Download SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe(`request-${id}-plan.svg`);
  const [png] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('button', { name: 'Download PNG' }).click()]);
  expect(png.suggestedFilename()).toBe(`request-${id}-plan.png`);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a statement without parameters (revenue by city) gets its plan with buffers', async ({ page }) => {
  test.setTimeout(240_000);
  await openFinishedRequest(page, 'city-report');
  await page.getByTestId('request-details').getByTestId('show-plan').click();
  const viewer = page.getByTestId('plan-dialog').getByTestId('plan-viewer');
  await expect(viewer).toBeVisible({ timeout: 60_000 });
  await expect(viewer.locator('.plan-row[data-node-type="Aggregate"]')).toHaveAttribute('aria-label', /HashAggregate/);
  await expect(viewer.locator('.plan-row[data-node-type="Hash Join"]')).toHaveCount(1);
  await expect(viewer.locator('.plan-row').first()).toHaveAttribute('aria-label', /pages \d+ cached|Sort/);
});
