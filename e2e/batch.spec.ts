import { BOOT_MS, ensurePlaying, expect, followAddress, labState, openLab, sharedPage, test } from './fixtures';
import { expectLaidOutAndAccessible } from './layoutChecks';

/**
 * The batch operations lab end to end, against the built app, on one page (PGlite boots once):
 * a load plays round trip by round trip on the timeline and really lands in PostgreSQL; the
 * "what the driver sends" panel tells a loop from a batch; a bad row in the middle leaves the
 * batches committed before it, counted in PostgreSQL.
 */
test.describe('batch lab', () => {
  const shared = sharedPage((page) => openLab(page, '#/lab/batch?scenario=batch-seed-batches-of-50&speed=10'));
  test.describe.configure({ timeout: 180_000 });

  test('batches of 50: the timeline shows 20 round trips and the 1,000 rows land in PostgreSQL', async () => {
    const page = shared();
    const timeline = page.getByTestId('batch-timeline');
    await expect(timeline).toBeVisible();
    await ensurePlaying(page);
    await expect(page.getByTestId('batch-real-status')).toContainText('Counted in PostgreSQL: 1,000 rows', { timeout: BOOT_MS });
    await expect(page.getByTestId('batch-landed')).toContainText('1,000 of 1,000 rows committed');
    // Each bar one round trip: 20 of them, each with its statements and its commit drawn.
    await expect(timeline.locator('.batch-bar-network')).toHaveCount(20);
    await expect(timeline.locator('.batch-bar-commit')).toHaveCount(20);
    await expect(page.getByTestId('batch-compare').locator('tr[aria-current="true"]')).toContainText('Batched');
  });

  test('what the driver sends: execute_batch is a batch, executemany in psycopg2 a loop', async () => {
    const page = shared();
    const drivers = page.getByTestId('batch-drivers');
    await expect(page.getByTestId('batch-driver-code')).toContainText('execute_batch');
    await drivers.getByRole('button', { name: 'JDBC' }).click();
    await expect(page.getByTestId('batch-driver-code')).toContainText('addBatch');
    await expect(page.getByTestId('batch-driver-verdict')).toHaveText('A real batch: rows share a round trip');
    await page.getByTestId('batch-driver-method').selectOption('executemany');
    await drivers.getByRole('button', { name: 'psycopg2' }).click();
    await expect(drivers.getByRole('note')).toContainText('executemany is a loop, not a batch');
    await expect(page.getByTestId('batch-driver-code')).toContainText('cur.executemany');
    await expect(page.getByTestId('batch-driver-verdict')).toHaveText('Not a batch: a round trip per row');
  });

  test('a bad row at 500: the nine batches before it stay, counted in PostgreSQL, and PostgreSQL says why', async () => {
    const page = shared();
    await followAddress(page, '#/lab/batch?scenario=batch-bad-row-at-500&speed=10');
    await ensurePlaying(page);
    await expect(page.getByTestId('batch-real-status')).toContainText('Counted in PostgreSQL: 450 rows', { timeout: BOOT_MS });
    await expect(page.getByTestId('batch-outcome')).toContainText('null value in column "email"');
    await expect(page.getByTestId('batch-expected')).toHaveText('450 of 1,000 rows stay');
    await expect(page.getByTestId('batch-timeline').locator('.batch-bar-failed')).toHaveCount(1);
    await page.getByTestId('batch-count-button').click();
    await expect(page.getByTestId('batch-count-result')).toHaveText("450 rows carry the load's values");
    expect((await labState(page)).now).toBeGreaterThan(0);
  });

  // Last, in this page where PostgreSQL has booted: the run it shows, played a moment (e2e/layoutChecks.ts).
  test('at 1280×720 nothing spills out of its box, and axe finds no serious violation in either theme', async () => {
    await expectLaidOutAndAccessible(shared(), 'batch');
  });
});
