import { BOOT_MS, ensurePaused, ensurePlaying, expect, followAddress, labState, test } from './fixtures';

/**
 * Offline after the first load (issue 16): the built app's service worker caches every file of the
 * build on the first visit; with the browser offline, a reload shows the app, and every lab opens
 * (its view from the cache), and labs play, PostgreSQL booting from the cached WebAssembly and data image. Any request that
 * fails while offline fails the test (the fixture watches them). Automated browsers install the
 * service worker only when asked (src/offline/registerServiceWorker.ts), as this test does.
 */
test('after one visit the app and every lab load and play with the network off', async ({ page, context }) => {
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

  await context.setOffline(true);
  await page.reload();
  const links = page.locator('.cards li:not(.card--coming) a[href^="#/lab/"]');
  await expect(links.first()).toBeVisible();
  const labs = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice('#/lab/'.length)))).filter((id) => !id.includes('?'));
  expect(labs.length).toBeGreaterThanOrEqual(8);
  // Every lab's page and its own view (a chunk of its own) come from the cache.
  for (const id of labs) {
    await test.step(`${id} opens`, async () => {
      await page.evaluate((h) => (window.location.hash = h), `#/lab/${id}`);
      await expect(page.locator(`.page.lab[data-lab="${id}"]`)).toBeVisible({ timeout: 30_000 });
      await expect(page.locator('.lab-view[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
    });
  }
  // Booting PostgreSQL from the cached WebAssembly and data image is the same for every lab that
  // has a database: one model-only lab and one with PGlite play (each lab plays online in its own spec).
  for (const id of ['mmc', 'query']) {
    await test.step(`${id} plays`, async () => {
      await followAddress(page, `#/lab/${id}?speed=10`);
      await ensurePlaying(page);
      await expect.poll(async () => (await labState(page)).now, { timeout: BOOT_MS }).toBeGreaterThan(0);
      await ensurePaused(page);
      if (id === 'query') {
        const metrics = (await page.evaluate(() => window.__dbLab.metrics())) as { sql?: { statementsRun?: number } };
        expect(metrics.sql?.statementsRun).toBeGreaterThan(0);
      }
    });
  }
});
