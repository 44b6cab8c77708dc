import { BOOT_MS, ensurePaused, ensurePlaying, expect, followAddress, labState, openLab, sharedPage, test, type Page } from './fixtures';
import { expectLaidOutAndAccessible } from './layoutChecks';

/**
 * The transactions lab end to end, against the built app: the swimlanes make each anomaly visible
 * step by step (the lost update, the deadlock and its victim with 40P01), ← and → step the
 * schedule without stepping the simulation, the editor refuses SQL the model does not know and
 * keeps what was typed, and a run under load shows lost updates in the model while the transfers
 * replayed on PGlite keep the sum of balances. Under a deadlock-prone load (issue 18): every abort
 * is in the event log and opens its transfer's story, a waiting transfer has one, all 24 verified
 * schedules are offered, a dot on a node's edge opens the request, and the keyboard reaches the
 * requests. Every test fails on console errors, page errors and failed requests.
 */

async function now(page: Page): Promise<number> {
  return (await labState(page)).now;
}

async function choose(page: Page, preset: string): Promise<void> {
  await page.getByTestId('txn-preset').selectOption(preset);
  await expect(page.getByTestId('txn-position')).toHaveText(/^0 of \d+ steps issued$/);
}

async function playUntil(page: Page, ms: number): Promise<void> {
  if (!(await page.evaluate(() => window.__dbLab.state().playing))) await page.getByTestId('play').click();
  await expect.poll(() => page.evaluate(() => window.__dbLab.state().now), { timeout: 120_000 }).toBeGreaterThan(ms);
  await page.getByTestId('play').click();
  await expect.poll(() => page.evaluate(() => window.__dbLab.state().playing)).toBe(false);
}

/** Two animation frames: the particle layer has painted the snapshot the page holds. */
async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Step the paused run by one event (the button a learner presses) and wait until the page shows it. */
async function stepEvent(page: Page): Promise<void> {
  const before = await page.evaluate(() => window.__dbLab.state().eventsProcessed);
  await page.getByRole('button', { name: 'Step event' }).click();
  await expect.poll(() => page.evaluate(() => window.__dbLab.state().eventsProcessed)).toBeGreaterThan(before);
  await nextFrames(page);
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

  // Last, in this page where PostgreSQL has booted: the run it shows, played a moment (e2e/layoutChecks.ts).
  test('at 1280×720 nothing spills out of its box, and axe finds no serious violation in either theme', async () => {
    await expectLaidOutAndAccessible(shared(), 'transactions');
  });

  /** A deadlock-prone load: few accounts, a hot one, locks in each transfer's own order, a short deadlock_timeout, few sessions. */
  const CONTENDED = '#/lab/transactions?duration=600&lockOrder=transfer&strategy=for-update&accounts=4&skew=1.2&appWorkMs=5&deadlockTimeoutMs=20&arrivalRate=400&sessions=4&maxRetries=1';

  test.describe('transactions lab under load: aborts, stories, schedules, requests on screen', () => {
    // Paused at 0.3 s: a few transfers run on the primary and the queue is still short (past 400
    // transfers in flight the drawn ones are the newest, all waiting for a session).
    test.beforeAll(async () => {
      test.setTimeout(BOOT_MS + 60_000);
      await followAddress(shared(), `${CONTENDED}&t=0.3`);
    });

    test('a dot sitting on a node’s edge opens the request, not the node’s SQL console', async () => {
      const page = shared();
      await page.evaluate(() => window.scrollTo(0, 0));
      const primary = (await page.locator('.topology-svg [data-node-id="primary"] .node-box').boundingBox())!;
      // Transfers that reached the primary and are running sit on its left edge. Paused at a known
      // time, step event by event until one does: the same seed gives the same steps every time.
      const onEdge = async () => (await page.evaluate(() => window.__dbLab.particles())).filter((p) => p.state === 'ok' && Math.abs(p.x - primary.x) <= 8 && p.y >= primary.y && p.y <= primary.y + primary.height);
      await nextFrames(page);
      for (let i = 0; i < 100 && (await onEdge()).length === 0; i++) await stepEvent(page);
      const p = (await onEdge())[0];
      expect(p, 'a transfer sitting on the primary’s edge').toBeDefined();
      // A little inside the box, as a learner aiming at the dot over the node would click.
      await page.mouse.click(p!.x + 12, p!.y);
      await expect(page.getByTestId('request-details')).toContainText('Request #');
      await expect(page.locator('.lab-side--console')).toHaveCount(0);
      await page.getByTestId('request-details').getByRole('button', { name: 'Close details' }).click();
    });

    test('every abort is in the event log and in the latest aborts, which open the transfer’s story', async () => {
      const page = shared();
      await playUntil(page, 2000);
      const log = page.locator('.log');
      await expect(log).toContainText('deadlock victim');
      await expect(log).toContainText('40P01');
      await expect(log).not.toContainText('Nothing logged yet');
      const aborts = page.getByTestId('txn-abort');
      await expect(aborts.first()).toBeVisible();
      await aborts.first().click();
      const details = page.getByTestId('request-details');
      await expect(details).toBeVisible();
      await expect(details).toContainText('aborted: deadlock victim (40P01)');
      await expect(details).toContainText(/blocked on a row lock held by transfer #\d+/);
      // Its statements describe a transaction timed by the lock model: it says so, and offers no plan that could only fail.
      await expect(details).toContainText("model of PostgreSQL's row locks");
      await expect(details.getByTestId('no-plan')).toContainText('several statements');
      await expect(details.getByTestId('show-plan')).toHaveCount(0);
      await expect(page.getByTestId('request-forgotten')).toHaveCount(0);
      await details.getByRole('button', { name: 'Close details' }).click();
    });

    test('clicking a transfer waiting for a session opens its story, not "Forgotten"', async () => {
      const page = shared();
      await page.evaluate(() => window.scrollTo(0, 0));
      const waiting = (await page.evaluate(() => window.__dbLab.particles())).filter((p) => p.state === 'waiting');
      expect(waiting.length).toBeGreaterThan(0);
      const p = waiting[0]!;
      await page.mouse.click(p.x, p.y);
      const details = page.getByTestId('request-details');
      await expect(details).toContainText(`Request #${p.id}`);
      await expect(details).toContainText('now waiting for a free session');
      await expect(page.getByTestId('request-forgotten')).toHaveCount(0);
      await details.getByRole('button', { name: 'Close details' }).click();
    });

    test('the keyboard reaches the requests on screen: Enter opens a story, the arrows move between them', async () => {
      const page = shared();
      const before = await page.evaluate(() => window.__dbLab.state().now);
      const picker = page.getByTestId('request-picker');
      await picker.focus();
      await expect(picker).toBeVisible();
      await page.keyboard.press('Enter');
      const details = page.getByTestId('request-details');
      await expect(details).toContainText('Request #');
      await expect(page.getByTestId('request-outcome')).toBeVisible();
      const first = await details.locator('h2').innerText();
      await picker.focus();
      await page.keyboard.press('ArrowRight');
      await expect(details.locator('h2')).not.toHaveText(first);
      await expect(page.getByTestId('request-outcome')).toBeVisible();
      // → moved between requests; it did not step the simulation.
      expect(await page.evaluate(() => window.__dbLab.state().now)).toBe(before);
      await details.getByRole('button', { name: 'Close details' }).click();
    });

    test('the swimlane picker offers all 24 verified schedules', async () => {
      const page = shared();
      const options = page.getByTestId('txn-preset').locator('option');
      await expect(options).toHaveCount(24);
      for (const id of ['skip-locked', 'nowait', 'unique-violation', 'unique-wait-rollback', 'deadlock-three', 'for-share', 'aborted-transaction']) {
        await expect(page.getByTestId('txn-preset').locator(`option[value="${id}"]`)).toHaveCount(1);
      }
      await page.getByTestId('txn-preset').selectOption('skip-locked');
      await page.getByTestId('txn-end').click();
      await expect(page.getByTestId('txn-position')).toHaveText('8 of 8 steps issued');
      await expect(page.getByTestId('txn-truth')).toContainText('runs 24 of these 24 presets, this one included');
    });
  });
});
