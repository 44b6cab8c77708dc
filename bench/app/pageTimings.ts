import type { BrowserContext } from 'playwright-core';
import { NAME_SHIM } from './browser';

/**
 * Marks taken in the page itself, in ms since navigation started (performance.now()), so a busy
 * test runner polling the page adds nothing to them: `interactive` when the home page's lab cards
 * are on screen, `playEnabled` when a lab's Play button can be pressed (it is then pressed at
 * once, as a learner would), `playing` when the run plays and its clock has moved.
 */
export interface PageMarks {
  interactive?: number;
  playEnabled?: number;
  playing?: number;
}

/** Installed in every page of a context before its scripts run. */
function recordMarks(): void {
  const marks: PageMarks = {};
  (window as unknown as { __benchMarks: PageMarks }).__benchMarks = marks;
  const check = () => {
    if (marks.interactive === undefined && document.querySelector('.cards li a') !== null) marks.interactive = performance.now();
    const play = document.querySelector<HTMLButtonElement>('[data-testid="play"]');
    if (play !== null && !play.disabled && marks.playEnabled === undefined) {
      marks.playEnabled = performance.now();
      play.click();
    }
    const state = (window as unknown as { __dbLab?: { state(): { playing: boolean; now: number } } }).__dbLab?.state();
    if (marks.playEnabled !== undefined && marks.playing === undefined && state !== undefined && state.playing && state.now > 0) marks.playing = performance.now();
  };
  const observer = new MutationObserver(check);
  document.addEventListener('DOMContentLoaded', () => {
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    check();
  });
}

export async function installMarks(context: BrowserContext): Promise<void> {
  // Without the stand-in for tsx's `__name` the script threw and no mark was ever taken.
  await context.addInitScript({ content: `${NAME_SHIM}\n(${recordMarks.toString()})();` });
}

/** Open `path` in a new page of `context` and wait for mark `until`; the page is closed after. */
export async function timePage(context: BrowserContext, url: string, until: keyof PageMarks, timeoutMs: number): Promise<PageMarks> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction((mark) => (window as unknown as { __benchMarks?: PageMarks }).__benchMarks?.[mark] !== undefined, until, { polling: 250, timeout: timeoutMs });
    return await page.evaluate(() => ({ ...(window as unknown as { __benchMarks: PageMarks }).__benchMarks }));
  } finally {
    await page.close();
  }
}
