import { expect, test } from './fixtures';

/** Wait until the lab has replayed to the time in the address (real SQL makes replays take a while). */
async function openAt(page: import('./fixtures').Page, hash: string): Promise<void> {
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('replication-view')).toBeVisible({ timeout: 200_000 });
  await expect(page.getByText('Replaying to the chosen time')).toHaveCount(0, { timeout: 200_000 });
}

test.describe('replication lab', () => {
  test.setTimeout(480_000);

  test('after an asynchronous failover the lost commits are listed, and the headline counts them', async ({ page }) => {
    await openAt(page, '#/lab/replication?scenario=replication-failover-async&t=32');
    const lost = page.getByTestId('lost-commits');
    await expect(lost).toBeVisible();
    await expect(lost).toContainText(/\d+ acknowledged commits? lost in the failover/);
    const rows = lost.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(rows.first()).toContainText('#');
    await expect(page.getByRole('group', { name: /topology/i })).toContainText('retired');
  });

  test('a stale read is listed and its story shows it was stale', async ({ page }) => {
    await openAt(page, '#/lab/replication?scenario=replication-read-after-write&t=5');
    const stale = page.getByTestId('stale-reads');
    await expect(stale.locator('.repl-stale-count')).not.toHaveText('0');
    await stale.locator('.repl-stale-item').first().click();
    await expect(page.getByText(/STALE: replica-\d returned/)).toBeVisible({ timeout: 20_000 });
  });

  test('fault buttons go through the lab actions: stop a replica, cut a link, and the fault timeline records them', async ({ page }) => {
    await openAt(page, '#/lab/replication?t=1');
    await page.getByRole('button', { name: 'Stop replica-1' }).click();
    await expect(page.getByRole('button', { name: 'Restart replica-1' })).toBeVisible();
    await page.getByRole('button', { name: 'Cut link to replica-2' }).click();
    await expect(page.getByRole('button', { name: 'Heal link to replica-2' })).toBeVisible();
    const timeline = page.locator('.repl-timeline');
    await expect(timeline).toContainText('replica-1 stopped');
    await expect(timeline).toContainText('link primary → replica-2 cut');
    // The presses are recorded in the address, so a reload replays them (the replay itself is
    // tested in src/app/urlState.test.ts and src/runner/simulationRun.test.ts).
    await expect(page).toHaveURL(/act=1(\.\d+)?:stopNode:.*act=1(\.\d+)?:cutLink/);
  });
});
