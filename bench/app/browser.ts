import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchContext } from '../figure';
import { buildAndPreview } from './previewServer';
import { findChromium } from '../../e2e/chromiumPath';

/** Where the browser figures build the app: their own folder (git ignores dist-*), beside anyone else's build. */
export const OUT_DIR = 'dist-bench';

/** The flags the e2e tests use (DESIGN.md §6): no sandbox, no GPU, and no network chatter. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * tsx (esbuild, keeping names) wraps functions in `__name(…)`, which the page does not have: a
 * function sent to the page (page.evaluate, init scripts) throws without this stand-in. It is set on
 * globalThis: a `var` in an init script is local to the wrapper Playwright puts around it.
 */
export const NAME_SHIM = 'globalThis.__name = (fn) => fn;';

/**
 * Build (or reuse, with BENCH_REUSE_BUILD=1) the app into `outDir`, serve it with `vite preview`,
 * launch Chromium with the e2e flags and run `use`; the browser and the server are closed after.
 */
export async function onBuiltApp<T>(ctx: BenchContext, use: (browser: Browser, url: string) => Promise<T>, outDir = OUT_DIR): Promise<T> {
  const preview = await buildAndPreview(outDir, { reuse: process.env.BENCH_REUSE_BUILD === '1', log: ctx.log });
  const browser = await chromium.launch({ executablePath: findChromium().path, args: CHROMIUM_ARGS });
  try {
    return await use(browser, preview.url);
  } finally {
    await browser.close();
    preview.stop();
  }
}

/**
 * Wait until the lab on `page` is loaded and joined by real SQL: a lab plays while PostgreSQL
 * boots, and a figure of play in steady state must not measure that boot.
 */
export async function untilLabJoined(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => window.__dbLab?.state().loaded === true && !window.__dbLab.state().sqlJoining, null, { polling: 250, timeout: timeoutMs });
}

/**
 * Measure one lab in a fresh context (a 1280×720 page with the `__name` stand-in), closed after.
 * A lab that cannot be measured is logged as such and gives no figure: the other labs still run.
 */
export async function measureInFreshPage<T>(browser: Browser, ctx: BenchContext, what: string, measure: (page: Page) => Promise<T[]>): Promise<T[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript({ content: NAME_SHIM });
  try {
    return await measure(await context.newPage());
  } catch (error) {
    ctx.log(`${what} not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return [];
  } finally {
    await context.close();
  }
}
