import type { Browser } from 'playwright-core';
import { figure, type BenchContext, type Figure } from '../figure';
import { installMarks, timePage, type PageMarks } from '../app/pageTimings';
import { onBuiltApp } from '../app/browser';
import { labsToMeasure } from '../app/labsToMeasure';

/** Booting PGlite on a busy 2-core machine takes a while; past this a lab's time is not measured. */
const TIMEOUT_MS = 240_000;

interface Timing {
  cold: PageMarks;
  warm: PageMarks;
}

/**
 * Cold: a fresh browser context (empty HTTP cache), the address typed in. Warm: the same address
 * again in a new tab of that context (files cached; PostgreSQL boots again, each page has its own).
 */
async function coldAndWarm(browser: Browser, url: string, until: keyof PageMarks): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    await installMarks(context);
    const cold = await timePage(context, url, until, TIMEOUT_MS);
    const warm = await timePage(context, url, until, TIMEOUT_MS);
    return { cold, warm };
  } finally {
    await context.close();
  }
}

/**
 * Time to a playing lab (issue 18, item 8): from typing a lab's address to its run playing (Play
 * pressed as soon as it can be), cold and warm, per lab, in headless Chromium against a
 * `vite preview` of a fresh build, against the home page's time to interactive (its lab cards on
 * screen) measured the same way in the same run. Set BENCH_REUSE_BUILD=1 to skip the build.
 */
export async function timeToPlay(ctx: BenchContext): Promise<Figure[]> {
  return onBuiltApp(ctx, async (browser, url) => {
    const figures: Figure[] = [];
    ctx.log('time to play: warming the browser up (not measured)');
    await coldAndWarm(browser, `${url}/#/`, 'interactive');
    ctx.log('time to play: the home page, the baseline');
    const home = await coldAndWarm(browser, `${url}/#/`, 'interactive');
    const chosen = labsToMeasure(ctx.quick ? ['mmc', 'query'] : null);
    for (const lab of chosen) {
      ctx.log(`time to play: ${lab.id}${lab.dataset ? ' (boots PostgreSQL)' : ''}`);
      let timing: Timing | null = null;
      let failure = '';
      try {
        timing = await coldAndWarm(browser, `${url}/#/lab/${lab.id}`, 'playing');
      } catch (error) {
        failure = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        ctx.log(`time to play: ${lab.id} not measured: ${failure}`);
      }
      for (const round of ['cold', 'warm'] as const) {
        const marks = timing?.[round];
        const baseline = home[round].interactive ?? NaN;
        figures.push(
          figure({
            name: `app.timeToPlay.${lab.id}.${round}`,
            value: marks?.playing ?? NaN,
            unit: 'ms',
            baseline,
            better: 'lower',
            baselineLabel: `home interactive, ${round}`,
            note: marks ? `Play enabled at ${Math.round(marks.playEnabled ?? NaN)} ms${lab.dataset ? '; the run plays while PostgreSQL boots beside it (real SQL joins later)' : '; no database'}` : `not measured: ${failure}`,
          }),
        );
      }
    }
    return figures;
  });
}
