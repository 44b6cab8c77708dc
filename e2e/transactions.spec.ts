import { BOOT_MS, ensurePaused, ensurePlaying, expect, followAddress, labState, openLab, sharedPage, test, type Page } from './fixtures';
import { expectLaidOutAndAccessible } from './layoutChecks';

/**
 * The transactions lab end to end, against the built app: the swimlanes make each anomaly visible
 * step by step (the lost update, the deadlock and its victim with 40P01), ← and → step the
 * schedule without stepping the simulation, the editor refuses SQL the model does not know and
 * keeps what was typed, and a run under load shows lost updates in the model while the transfers
 * replayed on PGlite keep the sum of balances. Every test fails on console errors, page errors and
 * failed requests.
 */

async function now(page: Page): Promise<number> {
  return (await labState(page)).now;
}

async function choose(page: Page, preset: string): Promise<void> {
  await page.getByTestId('txn-preset').selectOption(preset);
  await expect(page.getByTestId('txn-position')).toHaveText(/^0 of \d+ steps issued$/);
}

test.describe('transactions lab', () => {
  // One page: opening the lab boots its PostgreSQL node, which all these tests use.
  const shared = sharedPage(async (page) => {
    await openLab(page, '#/lab/transactions');
    await expect(page.getByTestId('swimlanes')).toBeVisible();
  });
  test.describe.configure({ timeout: 120_000 });

  test('the lost update, step by step with the keyboard: both read 10, the row ends at 11', async () => {
    const page = shared();
    await choose(page, 'lost-update');
    await expect(page.getByTestId('step-0')).toHaveAttribute('data-phase', 'future');
    const simulatedBefore = await now(page);
    await page.getByTestId('swimlanes').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('txn-position')).toHaveText('4 of 8 steps issued');
    await expect(page.getByTestId('rows-1')).toContainText('value = 10');
    await expect(page.getByTestId('rows-3')).toContainText('value = 10');
    await page.keyboard.press('End');
    await expect(page.getByTestId('txn-position')).toHaveText('8 of 8 steps issued');
    await expect(page.getByTestId('step-6')).toHaveAttribute('data-phase', 'ok');
    await expect(page.getByTestId('committed')).toContainText('test: (1, 11) (2, 20)');
    // → inside the swimlanes stepped the schedule, not the simulation.
    expect(await now(page)).toBe(simulatedBefore);
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('txn-position')).toHaveText('7 of 8 steps issued');
    await expect(page.getByTestId('step-7')).toHaveAttribute('data-phase', 'future');
    await expect(page.getByTestId('txn-truth')).toContainText('the model agrees with PostgreSQL on the hand-written schedules');
  });

  test('the deadlock: a lock wait drawn between the lanes, then the cycle, the victim and 40P01', async () => {
    const page = shared();
    await choose(page, 'deadlock');
    for (let i = 0; i < 5; i++) await page.getByTestId('txn-forward').click();
    await expect(page.getByTestId('step-4')).toHaveAttribute('data-phase', 'blocked');
    await expect(page.getByTestId('step-4')).toContainText('waits for T2');
    await expect(page.getByRole('img', { name: 'Lock waits now: T1 waits for T2' })).toBeVisible();
    await expect(page.getByTestId('deadlock')).toHaveCount(0);
    await page.getByTestId('txn-forward').click();
    await expect(page.getByTestId('step-5')).toContainText('ERROR 40P01: deadlock detected');
    const deadlock = page.getByTestId('deadlock');
    await expect(deadlock).toContainText('Wait-for cycle: T2 → T1 → T2');
    await expect(deadlock).toContainText('Victim: T2');
    await expect(page.getByTestId('step-4')).toContainText('completed at step #6');
    await page.getByTestId('txn-back').click();
    await expect(page.getByTestId('deadlock')).toHaveCount(0);
  });

  test('write skew: both commit at REPEATABLE READ, SERIALIZABLE fails one with 40001', async () => {
    const page = shared();
    await choose(page, 'write-skew-rr');
    await page.getByTestId('txn-end').click();
    await expect(page.getByTestId('step-7')).toContainText('COMMIT');
    await expect(page.getByTestId('committed')).toContainText('doctors: (1, 0) (2, 0)');
    await choose(page, 'write-skew-ser');
    // After both updates, SSI has recorded that each read what the other wrote.
    for (let i = 0; i < 6; i++) await page.getByTestId('txn-forward').click();
    await expect(page.getByTestId('rw-conflicts')).toContainText('T1 read data that T2 changed');
    await page.getByTestId('txn-end').click();
    await expect(page.locator('[data-phase="error"]')).toContainText('40001');
  });

  test('the editor refuses SQL the model does not know, keeps it, and adds a valid step', async () => {
    const page = shared();
    await choose(page, 'lost-update');
    const editor = page.getByTestId('schedule-editor');
    await editor.locator('summary').click();
    const input = editor.getByLabel('SQL of the new step');
    await input.fill('select * from test order by id');
    await editor.getByRole('button', { name: 'Add step' }).click();
    await expect(page.getByTestId('editor-error')).toContainText('ORDER BY');
    await expect(input).toHaveValue('select * from test order by id');
    await expect(page.getByTestId('txn-position')).toHaveText('0 of 8 steps issued');
    await input.fill('select * from test');
    await editor.getByRole('button', { name: 'Add step' }).click();
    await expect(page.getByTestId('txn-position')).toHaveText('0 of 9 steps issued');
    await page.getByTestId('txn-end').click();
    await expect(page.getByTestId('step-8')).toHaveAttribute('data-phase', 'ok');
  });

  test('under load, read-modify-write loses updates in the model while PGlite keeps the sum', async () => {
    test.setTimeout(BOOT_MS + 60_000);
    const page = shared();
    await followAddress(page, '#/lab/transactions?strategy=read-modify-write&accounts=5&skew=1.2&appWorkMs=5&arrivalRate=150&failureRate=0.1');
    await ensurePlaying(page);
    await expect.poll(() => now(page), { timeout: BOOT_MS }).toBeGreaterThan(4000);
    await ensurePaused(page);
    await expect(page.getByTestId('txn-invariant')).toContainText('money was');
    await expect(page.getByTestId('txn-real')).toContainText('✓ unchanged');
    const metrics = (await page.evaluate(() => window.__dbLab.metrics())) as unknown as { lostUpdates: number; sql: { transfersRun: number; sumChanged: boolean } };
    expect(metrics.lostUpdates).toBeGreaterThan(0);
    expect(metrics.sql.transfersRun).toBeGreaterThan(10);
    expect(metrics.sql.sumChanged).toBe(false);
  });

  // Last, in this page where PostgreSQL has booted: the lab at its defaults, played a moment (e2e/layoutChecks.ts).
  test('at 1280×720 nothing spills out of its box, and axe finds no serious violation in either theme', async () => {
    await expectLaidOutAndAccessible(shared(), 'transactions');
  });
});
