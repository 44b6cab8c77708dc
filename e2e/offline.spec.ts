import { precacheFiles } from '../src/offline/precacheList';
import { BOOT_MS, ensurePaused, ensurePlaying, expect, followAddress, labState, metricOf, test } from './fixtures';

/** The build the tests run against (see playwright.config.ts). */
const BUILD_DIR = process.env.PW_OUT_DIR ?? 'dist';

/**
 * Offline after the first load (issue 16): the built app's service worker caches every file of the
 * build on the first visit; with the browser offline, a reload shows the app, labs open (their
 * views from the cache) and play, PostgreSQL booting from the cached WebAssembly and data image.
 * Any request that fails while offline fails the test (the fixture watches them). Automated browsers install the
 * service worker only when asked (src/offline/registerServiceWorker.ts), as this test does. That
 * every file of the build is cached is checked against the build's own file list; then, offline,
 * the home page loads and two labs play: one without a database and one booting PGlite.
 */
test('after one visit every file of the build is cached, and the app loads and labs play with the network off', async ({ page, context }) => {
  test.setTimeout(BOOT_MS * 3);
  await context.addInitScript(() => localStorage.setItem('dbLab.offline', '1'));
  await page.goto('/#/');
  const cached = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('dblab-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(cached.some((p) => /\.tar-.*\.gz$|\.tar\.gz$/.test(p))).toBe(true);

  // Every file of the build is in the cache: each lab's page and view (chunks of their own), the
  // WebAssembly, the data images. Opening each lab offline would prove no more than this does, and
  // would boot PostgreSQL once per lab.
  expect(precacheFiles(BUILD_DIR).filter((file) => !cached.includes(`/${file}`))).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.cards li:not(.card--coming) a[href^="#/lab/"]').first()).toBeVisible();
  // Booting PostgreSQL from the cached WebAssembly and data image is the same for every lab that
  // has a database: one model-only lab and one with PGlite play (each lab plays online in its own spec).
  for (const id of ['mmc', 'query']) {
    await test.step(`${id} plays`, async () => {
      await followAddress(page, `#/lab/${id}?speed=10`);
      await expect(page.locator('.lab-view[aria-busy="true"]')).toHaveCount(0);
      await ensurePlaying(page);
      await expect.poll(async () => (await labState(page)).now, { timeout: BOOT_MS }).toBeGreaterThan(0);
      // The query lab plays while PostgreSQL boots from the cache; its statements join once it is up.
      if (id === 'query') await expect.poll(() => metricOf(page, 'sql.statementsRun'), { timeout: BOOT_MS }).toBeGreaterThan(0);
      await ensurePaused(page);
    });
  }
});
