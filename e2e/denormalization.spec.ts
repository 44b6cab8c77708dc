import { BOOT_MS, ensurePaused, ensurePlaying, expect, followAddress, labState, metricOf, openLab, sharedPage, test } from './fixtures';
import { expectLaidOutAndAccessible } from './layoutChecks';

/**
 * The denormalization lab end to end, on one page (PGlite boots once): the application's copy
 * drifts and the drift list shows the lines and why; the two real plans are shown side by side; a plain REFRESH blocks readers on the timeline, "Refresh now" adds one; CONCURRENTLY
 * without a unique index shows PostgreSQL's refusal. That the real rows equal the model's is
 * proven in Node (src/patterns/denormalization/realSql.test.ts).
 */
test.describe('denormalization lab', () => {
  const shared = sharedPage((page) => openLab(page, '#/lab/denormalization?scenario=denormalization-copy-drift&speed=5'));
  test.describe.configure({ timeout: BOOT_MS });

  test('the copy drifts: the drift list fills with the lines that differ from the join, and why', async () => {
    const page = shared();
    const view = page.getByTestId('denormalization-view');
    await expect(view).toBeVisible();
    await ensurePlaying(page);
    const list = page.getByTestId('drift-list');
    await expect(list).toBeVisible({ timeout: 120_000 });
    // Several drifted lines before pausing. Once, the list was empty after the pause; the cause is
    // not known (in Node this scenario's drift count never returns to 0 once lines have drifted).
    await expect.poll(async () => (await metricOf(page, 'drift.rows')) ?? 0, { timeout: 120_000 }).toBeGreaterThanOrEqual(5);
    await ensurePaused(page);
    await expect(list.locator('tbody tr').first()).toContainText(/line missing|old customer name|old product price/);
    await expect(view.getByRole('heading', { name: /Drift: \d+ lines? differ from the join/ })).toBeVisible();
    // (PGlite's own EXCEPT listing the same lines as the model is checked in Node: realSql.test.ts.)
    await expect(view.getByRole('button', { name: /Check on PGlite now/ })).toBeEnabled();
  });

  test('the two real plans side by side: the 4-join scans orders, the copy is read by its index', async () => {
    const page = shared();
    await page.getByTestId('show-plans').click();
    const compare = page.getByTestId('plan-compare');
    await expect(compare).toBeVisible({ timeout: 60_000 });
    await expect(compare).toContainText('Seq Scan');
    await expect(compare).toContainText('user_orders_denormalized_customer_idx');
  });

  test('a plain scheduled refresh blocks readers on the timeline; Refresh now adds a refresh', async () => {
    test.setTimeout(2 * BOOT_MS);
    const page = shared();
    await followAddress(page, '#/lab/denormalization?readModel=materialized-view&refresh=scheduled&refreshIntervalS=1&arrivalRate=150&writeFraction=0.02&speed=2');
    await ensurePlaying(page);
    const refreshes = page.getByRole('region', { name: 'Refreshes' });
    await expect(refreshes.locator('.denorm-refresh--plain').first()).toBeAttached({ timeout: BOOT_MS });
    // Readers that arrived while a plain REFRESH held AccessExclusiveLock: dots stacked on its bar.
    await expect(refreshes.locator('.denorm-blocked-dot').first()).toBeAttached({ timeout: BOOT_MS });
    await refreshes.getByRole('button', { name: 'Refresh now' }).click();
    await expect(refreshes.locator('table')).toContainText('manual', { timeout: BOOT_MS });
    await ensurePaused(page);
  });

  test('CONCURRENTLY without a unique index: PostgreSQL refuses, and the lab shows its message', async () => {
    const page = shared();
    await followAddress(page, '#/lab/denormalization?scenario=denormalization-concurrently-no-index&speed=5');
    await ensurePlaying(page);
    await expect(page.getByTestId('refresh-error')).toContainText('cannot refresh materialized view "public.customer_orders_mv" concurrently', { timeout: 120_000 });
    expect((await labState(page)).now).toBeGreaterThan(5000);
  });

  // Last, in this page where PostgreSQL has booted: the run it shows, played a moment (e2e/layoutChecks.ts).
  test('at 1280×720 nothing spills out of its box, and axe finds no serious violation in either theme', async () => {
    await expectLaidOutAndAccessible(shared(), 'denormalization');
  });
});
