import { BOOT_MS, ensurePaused, ensurePlaying, expect, followAddress, labState, openLab, sharedPage, test } from './fixtures';

/**
 * The denormalization lab end to end, on one page (PGlite boots once): the application's copy
 * drifts and PGlite's own EXCEPT lists the drifted lines; the two real plans are shown side by
 * side; a plain REFRESH blocks readers on the timeline, "Refresh now" adds one; CONCURRENTLY
 * without a unique index shows PostgreSQL's refusal. That the real rows equal the model's is
 * proven in Node (src/patterns/denormalization/realSql.test.ts).
 */
test.describe('denormalization lab', () => {
  const shared = sharedPage((page) => openLab(page, '#/lab/denormalization?scenario=denormalization-copy-drift&speed=4'));
  test.describe.configure({ timeout: BOOT_MS });

  test('the copy drifts: the drift list fills, and PGlite lists the same kind of lines with EXCEPT both ways', async () => {
    const page = shared();
    const view = page.getByTestId('denormalization-view');
    await expect(view).toBeVisible();
    await ensurePlaying(page);
    await expect(page.getByTestId('drift-list')).toBeVisible({ timeout: 120_000 });
    await ensurePaused(page);
    await view.getByRole('button', { name: /Check on PGlite now/ }).click();
    const real = view.getByRole('list', { name: 'Drifted lines on PGlite' });
    await expect(real.locator('li').first()).toContainText(/order \d+ line \d+: (missing from the copy|customer_name|product_price)/, { timeout: 60_000 });
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
    await followAddress(page, '#/lab/denormalization?scenario=denormalization-concurrently-no-index&speed=4');
    await ensurePlaying(page);
    await expect(page.getByTestId('refresh-error')).toContainText('cannot refresh materialized view "public.customer_orders_mv" concurrently', { timeout: 120_000 });
    expect((await labState(page)).now).toBeGreaterThan(5000);
  });
});
