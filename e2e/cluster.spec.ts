import { expect, test, type Page } from './fixtures';

// The PGlite cluster in the browser: a worker per node, the console on the clicked node, each
// node's state in the node details. The first boot of the cluster takes a few seconds.
const BOOT_MS = 120_000;

async function openLab(page: Page, hash: string): Promise<void> {
  await page.goto(`/${hash}`);
  await page.waitForFunction(() => window.__dbLab !== undefined);
  await page.evaluate(() => window.__dbLab.ready);
  await expect.poll(async () => (await page.evaluate(() => window.__dbLab.state())).loaded, { timeout: BOOT_MS }).toBe(true);
}

async function runStatement(page: Page, sql: string): Promise<void> {
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(sql);
  await expect(editor).toHaveText(sql);
  await page.keyboard.press('ControlOrMeta+Enter');
}

test('the console runs on the clicked node: a replica holds the changes it applied and refuses writes; the primary holds every change the model counted', async ({ page }) => {
  test.setTimeout(300_000);
  await openLab(page, '#/lab/replication');
  await page.getByTestId('play').click();
  await expect.poll(async () => (await page.evaluate(() => window.__dbLab.state())).now, { timeout: 60_000 }).toBeGreaterThan(3000);
  await page.getByTestId('play').click();

  await page.locator('svg .node[data-node-id="replica-1"]').click();
  await expect(page.getByTestId('console-node')).toHaveAttribute('data-node', 'replica-1');
  await expect(page.getByTestId('db-status')).toContainText('replica', { timeout: BOOT_MS });
  await expect(page.getByTestId('node-db-status')).toContainText('replica');
  await runStatement(page, 'select count(*) as n from _changelog');
  const applied = Number(await page.getByTestId('sql-result').first().locator('td').textContent({ timeout: 30_000 }));
  expect(applied).toBeGreaterThan(0);
  await runStatement(page, "update customers set name = 'x' where id = 1");
  await expect(page.getByTestId('sql-error').first().getByTestId('sqlstate')).toHaveText('SQLSTATE 25006', { timeout: 30_000 });

  await page.keyboard.press('Escape');
  await page.locator('svg .node[data-node-id="primary"]').click();
  await expect(page.getByTestId('console-node')).toHaveAttribute('data-node', 'primary');
  await runStatement(page, 'select max(lsn) as lsn from _changelog');
  const lsn = await page.getByTestId('sql-result').first().locator('td').textContent({ timeout: 30_000 });
  // The model's own count of the primary's LSN, on its node in the diagram.
  await expect(page.locator('svg .node[data-node-id="primary"]')).toContainText(`LSN ${lsn}`);
  expect(Number(lsn)).toBeGreaterThanOrEqual(applied);
});
