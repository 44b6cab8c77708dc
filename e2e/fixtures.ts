import { expect, test as base, type Page } from '@playwright/test';
import { metricAt } from '../src/scenario/expectations';

/**
 * What the specs share: a `test` whose page must log no console error, throw no uncaught error and
 * have no failed request while the test runs; `openLab`, which opens a lab's address and waits
 * until it is ready (its run loaded, so PostgreSQL booted when the run uses it, and any seek in
 * the address done); and `sharedPage`, one page for several tests, so PostgreSQL boots once.
 */

/** How long booting PGlite (and loading its dataset) may take on a busy 2-core machine. */
export const BOOT_MS = 180_000;

/** Collect the page's console errors, uncaught errors and failed requests as they happen. */
function watchProblems(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') found.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => found.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '?';
    // A reload or navigation cancels what the old document still had in flight (its favicon, say):
    // the browser's own doing, not a failure of the app. A missing file is a 404 response, not this.
    if (error === 'net::ERR_ABORTED') return;
    found.push(`request failed: ${request.url()} (${error})`);
  });
  return found;
}

function expectNoProblems(found: string[]): void {
  expect(found.splice(0), 'console errors, page errors and failed requests').toEqual([]);
}

export const test = base.extend({
  page: async ({ page }, use) => {
    const found = watchProblems(page);
    await use(page);
    expectNoProblems(found);
  },
});

/** One metric of the snapshot the page shows, by its dotted key (e.g. 'drift.rows'); undefined before the first. */
export async function metricOf(page: Page, key: string): Promise<number | boolean | undefined> {
  const tree = await page.evaluate(() => window.__dbLab.metrics());
  return tree === null ? undefined : metricAt(tree, key);
}

/** The lab page's state through the test hook (window.__dbLab.state()). */
export function labState(page: Page) {
  return page.evaluate(() => window.__dbLab.state());
}

/** Wait for the test hook and for the simulation worker's first answer. */
export async function waitForHook(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__dbLab !== undefined);
  await page.evaluate(() => window.__dbLab.ready);
}

/**
 * Open `hash` (e.g. '#/lab/pooling?query=point-lookup&t=5') and wait until the lab is ready: its
 * run loaded and, with real SQL, joined by it (a run plays while PostgreSQL boots, and real SQL
 * joins once the nodes hold its data) and, if the address names a time, the replay to it done.
 */
export async function openLab(page: Page, hash: string, timeout = BOOT_MS): Promise<void> {
  await page.goto(`/${hash}`);
  await waitForReady(page, hash, timeout);
}

/** After a reload of a lab's address: wait as `openLab` does. */
export async function waitForReady(page: Page, hash: string, timeout = BOOT_MS): Promise<void> {
  await waitForHook(page);
  await expect.poll(async () => (await labState(page)).loaded, { timeout }).toBe(true);
  await expect.poll(async () => (await labState(page)).sqlJoining, { timeout }).toBe(false);
  const t = new URLSearchParams(hash.split('?')[1] ?? '').get('t');
  if (t !== null) await expect.poll(async () => Math.abs((await labState(page)).now - Number(t) * 1000), { timeout }).toBeLessThan(0.01);
  await expect(page.getByTestId('play')).toBeEnabled({ timeout });
}

/**
 * Change the address as a link within the app would (no reload: the page, its workers and its
 * booted PostgreSQL stay; the cluster is reset for the new run) and wait until the lab is ready
 * at it, as `openLab` does.
 */
export async function followAddress(page: Page, hash: string, timeout = BOOT_MS): Promise<void> {
  await page.evaluate(async (h) => {
    if (window.location.hash === h) throw new Error(`the page is at ${h} already`);
    // The app's own hashchange listener was added first, so it has run (and asked the worker for the new run) when this one fires.
    await new Promise<void>((resolve) => {
      window.addEventListener('hashchange', () => resolve(), { once: true });
      window.location.hash = h;
    });
    // The last run's snapshots may still arrive, and they say "loaded" too. The worker handles
    // messages in order, so once it answers this empty run it has loaded the new run (and done
    // the address's seek); two frames later the page shows the new run's snapshot.
    await window.__dbLab.runScenario({ name: 'barrier', title: 'Barrier', lab: 'mmc', durationS: 1 }, 0);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }, hash);
  await waitForReady(page, hash, timeout);
}

/**
 * On a shared page: open `hash` from the home page, as a link in the app would (no reload), so
 * that nothing of the test before carries over: the run, its parameters, speed and time all come
 * from the address, as on a page of its own, which cost ~8 s on CI.
 */
export async function openFresh(page: Page, hash: string): Promise<void> {
  if (!page.url().includes('#/')) {
    await openLab(page, hash);
    return;
  }
  await page.evaluate(() => {
    window.location.hash = '#/';
  });
  await expect(page.locator('.cards')).toBeVisible();
  await followAddress(page, hash);
}

/**
 * One page for the tests of the enclosing describe block, so that PostgreSQL boots once rather
 * than per test: created before the first test and handed to `open` (e.g. openLab; it may take
 * up to `openTimeout`), closed after the last. The tests run in order in one worker; each leaves
 * the page fit for the next (closes what it opened), so that each still means what it says
 * alone. Every test still fails on the page's console errors, page errors and failed requests
 * during it. Call it inside a `test.describe`: it makes that block serial.
 */
export function sharedPage(open?: (page: Page) => Promise<void>, openTimeout = BOOT_MS + 60_000): () => Page {
  let shared: Page | undefined;
  let found: string[] = [];
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(openTimeout);
    const use = testInfo.project.use;
    shared = await browser.newPage({ baseURL: use.baseURL, viewport: use.viewport, deviceScaleFactor: use.deviceScaleFactor, userAgent: use.userAgent });
    found = watchProblems(shared);
    if (open !== undefined) await open(shared);
    expectNoProblems(found);
  });
  test.afterEach(() => expectNoProblems(found));
  test.afterAll(async () => {
    await shared?.close();
  });
  return () => {
    if (shared === undefined) throw new Error('the shared page is created in beforeAll');
    return shared;
  };
}

/** Press play unless the run is playing already, and wait until the worker plays. */
export async function ensurePlaying(page: Page): Promise<void> {
  const state = await labState(page);
  if (!state.playing && !state.finished) await page.getByTestId('play').click();
  // A short run (a batch load of 290 simulated ms at 10×) can reach its end before the poll sees it
  // playing: having played to the end counts.
  await expect
    .poll(async () => {
      const now = await labState(page);
      return now.playing || now.finished;
    })
    .toBe(true);
}

/** Press pause unless the run is paused already, and wait until the worker has paused. */
export async function ensurePaused(page: Page): Promise<void> {
  if ((await labState(page)).playing) await page.getByTestId('play').click();
  await expect.poll(async () => (await labState(page)).playing).toBe(false);
  await waitForClockToStand(page);
}

/**
 * After a pause: the page shows it at once; the worker stops at its next message and sends its
 * last snapshot after. Wait until the clock stands, so what is read next is the paused run's. The
 * pause waits its turn in the worker's queue, behind work that can take seconds on a loaded CI (the
 * production stack reruns its saturation sweep after a fault: 0.2–0.7 s on a quiet machine; a CI run
 * once saw the clock still moving after the default 5 s).
 */
export async function waitForClockToStand(page: Page): Promise<void> {
  let last = -1;
  await expect
    .poll(
      async () => {
        const now = (await labState(page)).now;
        const still = now === last;
        last = now;
        return still;
      },
      { intervals: [250], timeout: 30_000 },
    )
    .toBe(true);
}

/** Type a statement into the SQL console's editor (replacing what is there) and run it with Ctrl+Enter. */
export async function runStatement(page: Page, sql: string): Promise<void> {
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(sql);
  await expect(editor).toHaveText(sql);
  // Runs even with the completion list open (Esc here would close the console when it is not).
  await page.keyboard.press('ControlOrMeta+Enter');
}

export { expect };
export type { Page };
