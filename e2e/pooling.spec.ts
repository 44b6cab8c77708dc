import { expect, test, type Page } from './fixtures';

/**
 * The connection pooling lab end to end, against the built app: pool slots, the leak preset, the
 * SQL console on the primary (real PostgreSQL in PGlite: rows, errors, the runaway watchdog),
 * request details from a clicked particle, the pool-size sweep in its own worker, and the boot of
 * PostgreSQL for a run with real statements. Every test fails on console errors, page errors and
 * failed requests. PGlite boots in 5–15 s on a fast machine and more on a small one, so only the
 * steps that boot it get long timeouts.
 */

type HookState = { labId: string | null; playing: boolean; now: number; loaded: boolean; params: Record<string, unknown> };
type Metrics = { pool: { leaked: number }; sql: { statementsRun: number } };

const BOOT_MS = 120_000;

async function state(page: Page): Promise<HookState> {
  return (await page.evaluate(() => window.__dbLab.state())) as HookState;
}

async function metrics(page: Page): Promise<Metrics> {
  return (await page.evaluate(() => window.__dbLab.metrics())) as unknown as Metrics;
}

async function openLab(page: Page, hash = '#/lab/pooling', timeout = 10_000): Promise<void> {
  await page.goto(`/${hash}`);
  await page.waitForFunction(() => window.__dbLab !== undefined);
  await page.evaluate(() => window.__dbLab.ready);
  await expect.poll(async () => (await state(page)).loaded, { timeout }).toBe(true);
  await expect(page.getByTestId('play')).toBeEnabled();
}

/** Type a statement into the console's editor (replacing what is there) and run it with Ctrl+Enter. */
async function runStatement(page: Page, sql: string): Promise<void> {
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(sql);
  await expect(editor).toHaveText(sql);
  // Runs even with the completion list open (Esc here would close the console when it is not).
  await page.keyboard.press('ControlOrMeta+Enter');
}

test('the pooling lab plays and shows its pool slots busy and idle', async ({ page }) => {
  await openLab(page);
  const slots = page.locator('svg .node[data-node-id="pool"] .slot');
  await expect(slots).toHaveCount(10);
  await page.getByTestId('play').click();
  await expect.poll(async () => (await state(page)).now, { timeout: 10_000 }).toBeGreaterThan(1500);
  await expect.poll(() => page.locator('svg .node[data-node-id="pool"] .slot--busy').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.locator('[data-preset=""]')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('lesson')).toContainText('with its default parameters');
});

test('the leak preset: its lesson is shown and leaked connections accumulate', async ({ page }) => {
  await openLab(page);
  await page.locator('[data-preset="pooling-leak"]').click();
  await expect(page.locator('[data-preset="pooling-leak"]')).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('[data-preset="pooling-leak"]')).toContainText('active');
  await expect(page.getByTestId('lesson')).toContainText('A connection leak drains the pool');
  await expect(page.getByTestId('lesson')).toContainText('Each leaked connection permanently removes a slot');
  await expect.poll(async () => (await state(page)).params.leakRate).toBe(0.01);
  // The run is deterministic, so the same instants show the same counts on any machine.
  const leakedAt = async (ms: number) => {
    await page.locator('#seek').fill(String(ms));
    await expect.poll(async () => (await state(page)).now, { timeout: 20_000 }).toBe(ms);
    return (await metrics(page)).pool.leaked;
  };
  const early = await leakedAt(2_000);
  const later = await leakedAt(10_000);
  const late = await leakedAt(30_000);
  expect(early).toBeGreaterThan(0);
  expect(later).toBeGreaterThan(early);
  expect(late).toBe(10); // every connection of the pool, for good
  await expect(page.locator('svg .node[data-node-id="pool"] .slot--leaked')).toHaveCount(10);
  await page.getByTestId('play').click();
  await expect.poll(async () => (await state(page)).now).toBeGreaterThan(30_500);
  await expect(page.locator('svg .node[data-node-id="pool"] .slot--leaked')).toHaveCount(10);
});

test('the SQL console on the primary: real rows, PostgreSQL errors, history; the run keeps playing', async ({ page }) => {
  test.setTimeout(180_000);
  // A long run, so that it is still playing however long PostgreSQL takes to boot here.
  await openLab(page, '#/lab/pooling?duration=600');
  await page.getByTestId('play').click();
  await page.locator('svg .node[data-node-id="primary"]').click();
  const console_ = page.getByRole('dialog', { name: /SQL console/ });
  await expect(console_).toBeVisible();
  await expect(console_.locator('.origin--real').first()).toHaveText('real');

  await runStatement(page, 'select count(*) as n from customers');
  // The first statement boots PostgreSQL: the console says so while the simulation plays on.
  await expect(page.getByTestId('db-status')).toContainText(/Starting PostgreSQL|Loading the demo dataset|Ready/);
  const result = page.getByTestId('sql-result').first();
  await expect(result.getByTestId('sql-rowcount')).toHaveText('1 row', { timeout: BOOT_MS });
  await expect(result.locator('th')).toHaveText(['n']);
  await expect(result.locator('td')).toHaveText(['1000']);
  await expect(page.getByTestId('db-status')).toContainText('Ready');

  const before = (await state(page)).now;
  await runStatement(page, 'select * from no_such_table');
  const error = page.getByTestId('sql-error').first();
  await expect(error).toBeVisible();
  await expect(error.getByTestId('sqlstate')).toHaveText(/SQLSTATE (42P01|42601)/);
  await expect(error).toContainText('relation "no_such_table" does not exist');
  await expect(error).toContainText('Position');
  // The run never stopped.
  await expect.poll(async () => (await state(page)).now).toBeGreaterThan(before + 500);
  expect((await state(page)).playing).toBe(true);

  // The console survives the error: an example chip runs, and ↑ recalls earlier statements.
  await console_.locator('.console-examples summary').click();
  await console_.getByRole('button', { name: 'select city, count(*) from customers group by city' }).click();
  await expect(page.getByTestId('sql-result').first().getByTestId('sql-rowcount')).toHaveText('12 rows');
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('.cm-content')).toHaveText('select * from no_such_table');
  await expect(console_.locator('.console-history summary')).toHaveText('History (3)');

  await page.keyboard.press('Escape');
  await expect(console_).toBeHidden();
  await expect(page.locator('[aria-label="Lab controls"]')).toBeVisible();
});

test('a runaway statement is stopped by the watchdog; the lab keeps running and the primary comes back', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page, '#/lab/pooling?duration=600');
  await page.getByTestId('play').click();
  await page.locator('svg .node[data-node-id="primary"]').click();
  await runStatement(page, 'select 1 as ok');
  await expect(page.getByTestId('sql-rowcount').first()).toHaveText('1 row', { timeout: BOOT_MS });
  const before = (await state(page)).now;
  await runStatement(page, 'select count(*) from generate_series(1, 1e12)');
  await expect(page.getByTestId('sql-run')).toBeDisabled();
  // Meanwhile the page answers and the simulation plays.
  await expect.poll(async () => (await state(page)).now, { timeout: 8_000 }).toBeGreaterThan(before + 1000);
  const error = page.getByTestId('sql-error').first();
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error.getByTestId('sqlstate')).toHaveText('SQLSTATE 57014');
  await expect(error).toContainText('was restarted');
  await expect(page.getByTestId('db-status')).toContainText('restarting');
  await expect(page.getByTestId('db-status')).toContainText('Ready', { timeout: BOOT_MS });
  await runStatement(page, 'select count(*) as n from customers');
  await expect(page.getByTestId('sql-result').first().locator('td')).toHaveText(['1000'], { timeout: 30_000 });
  expect((await state(page)).playing).toBe(true);
});

test('the M/M/c lab has no database, so no console', async ({ page }) => {
  await openLab(page, '#/lab/mmc');
  await page.locator('svg .node[data-node-id="servers"]').click();
  await expect(page.getByRole('region', { name: /Servers/ })).toBeVisible();
  await expect(page.getByRole('dialog', { name: /SQL console/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open the SQL console' })).toHaveCount(0);
});

test('clicking a request pauses and shows its story; an old one is forgotten', async ({ page }) => {
  await openLab(page, '#/lab/pooling?scenario=pooling-exhaustion');
  await page.getByTestId('play').click();
  // Exhaustion builds a queue at the pool: waiting requests sit still, easy to hit. By 3 s some
  // 1,800 requests have arrived, more than the lab remembers (the most recent 300).
  await expect.poll(async () => (await state(page)).now, { timeout: 15_000 }).toBeGreaterThan(3000);
  await expect.poll(() => page.evaluate(() => window.__dbLab.particles().filter((p) => p.state === 'waiting').length), { timeout: 15_000 }).toBeGreaterThan(5);
  // The youngest request drawn in the queue: it waits long enough to still be waiting when clicked.
  const target = await page.evaluate(() =>
    window.__dbLab
      .particles()
      .filter((p) => p.state === 'waiting')
      .reduce((a, b) => (b.id > a.id ? b : a)),
  );
  await page.mouse.click(target.x, target.y);
  const details = page.getByTestId('request-details');
  await expect(details).toBeVisible();
  await expect(details.getByRole('heading', { level: 2 })).toContainText(/Request #\d+/);
  await expect(details).toContainText('Playback paused');
  await expect.poll(async () => (await state(page)).playing).toBe(false);
  // The story comes from the simulation worker, which may still be finishing a frame of work on a busy machine.
  await expect(details.getByTestId('request-outcome')).toContainText(/in flight|completed in/, { timeout: 15_000 });
  await expect(details.locator('.timeline tbody tr').first()).toContainText('arrives');
  await expect(details.locator('.timeline tbody tr').nth(1)).toContainText('waits for a connection');
  await expect(details).toContainText('No SQL');

  // Through the hook: request 1 is long gone from the lab's memory.
  const forgotten = await page.evaluate(() => window.__dbLab.inspect(1));
  expect(forgotten).toBeNull();
  await expect(page.getByTestId('request-forgotten')).toBeVisible();
  await details.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toBeHidden();
});

test('the pool-size sweep runs in its own worker and charts p99 and throughput against poolMax', async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page, '#/lab/pooling?scenario=pooling-right-sized');
  await page.getByTestId('play').click();
  const sweep = page.getByTestId('sweep');
  await sweep.scrollIntoViewIfNeeded();
  const before = (await state(page)).now;
  await sweep.getByTestId('sweep-run').click();
  await expect(sweep.getByTestId('sweep-progress')).toBeVisible();
  const reading = sweep.getByTestId('sweep-reading');
  await expect(sweep.getByTestId('sweep-progress')).toBeHidden({ timeout: 90_000 });
  await expect(reading).toContainText(/^Best p99 latency at poolMax = \d+/);
  await expect(sweep.locator('.sweep-dot--primary')).toHaveCount(14);
  await expect(sweep.locator('.sweep-dot--secondary')).toHaveCount(14);
  await expect(sweep.locator('.sweep-current')).toContainText('now 8');
  await expect(sweep.locator('.origin--simulated')).toBeVisible();
  // Playback was not held up by the sweep.
  expect((await state(page)).now).toBeGreaterThan(before);
  expect((await state(page)).playing).toBe(true);
});

test('a run with real statements boots PostgreSQL first, showing progress, then executes them', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/#/lab/pooling?query=point-lookup');
  await page.waitForFunction(() => window.__dbLab !== undefined);
  await expect(page.getByTestId('stage-overlay')).toContainText(/Starting PostgreSQL|Loading/, { timeout: 30_000 });
  await expect(page.getByTestId('progress')).toBeVisible();
  // The page stays responsive while PostgreSQL boots: the help dialog opens and closes.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Help and keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await state(page)).loaded, { timeout: BOOT_MS }).toBe(true);
  await expect(page.getByTestId('stage-overlay')).toBeHidden();
  await page.getByTestId('play').click();
  await expect.poll(async () => (await metrics(page)).sql.statementsRun, { timeout: 30_000 }).toBeGreaterThan(0);
});
