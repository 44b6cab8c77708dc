import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
// axe-core itself comes with @axe-core/playwright (its dependency, pinned by it).
import axeCore from 'axe-core';

/**
 * axe-core on the page as it is now: its serious and critical violations (axe's default rules:
 * WCAG 2.x A and AA plus its best practices), one line per rule with the first offending
 * elements. The whole document is checked (the landmark rules need it). The milliseconds the
 * checks took are added up in `axeTime`, so a spec can say what they cost it.
 */

/**
 * Rules switched off, each with its reason; a violation of any other rule fails the spec.
 * - `region` (content outside landmarks): its impact is moderate at most, so it could never fail
 *   this check, and it was the slowest rule (0.6 s of a 1.5 s run on a lab page).
 */
const DISABLED_RULES = ['region'];

/**
 * What a theme changes: colours only (custom properties), so after a toggle only the rules that
 * read colours can give a different answer.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

export const axeTime = { ms: 0, runs: 0 };

/**
 * axe-core's script, evaluated only where the page has no axe yet: AxeBuilder evaluates it twice
 * per check (half a megabyte, about a second on a busy machine), and a spec's shared page keeps
 * its window from lab to lab.
 */
const AXE_ONCE = `if (typeof window.axe === 'undefined') {\n${axeCore.source}\n}`;

/** One line per serious or critical violation on the page (empty when there is none); `only` limits the run to those rules. */
export async function seriousViolations(page: Page, only?: readonly string[]): Promise<string[]> {
  const started = Date.now();
  // Legacy mode runs axe in the page itself: the shared page (browser.newPage) may not open the
  // blank page that axe's frame-by-frame mode finishes in, and the app has no frames to visit.
  let axe = new AxeBuilder({ page, axeSource: AXE_ONCE }).options({ resultTypes: ['violations'] }).setLegacyMode();
  axe = only === undefined ? axe.disableRules(DISABLED_RULES) : axe.withRules([...only]);
  const results = await axe.analyze();
  axeTime.ms += Date.now() - started;
  axeTime.runs += 1;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const where = v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`)
        .join('; ');
      return `${v.impact} ${v.id}: ${v.help} — ${v.nodes.length} element(s): ${where}${v.nodes.length > 4 ? '; …' : ''}`;
    });
}

/** The theme the page shows now ('dark' or 'light'). */
async function currentTheme(page: Page): Promise<string> {
  return (await page.locator('html').getAttribute('data-theme')) ?? '?';
}

/** Flip the theme with the top bar's toggle, as a user would, and wait until the page shows it. */
export async function toggleTheme(page: Page): Promise<void> {
  const next = (await currentTheme(page)) === 'dark' ? 'light' : 'dark';
  await page.getByRole('button', { name: `Switch to ${next} theme` }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', next);
  // Colours come from custom properties: two frames later the new theme is painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * No serious or critical violation in either theme: every rule in the current theme; toggle the
 * theme and the colour rules again; toggle back, so the page is left as it was found. `what`
 * names the page in the failure message.
 */
export async function expectAccessibleInBothThemes(page: Page, what: string): Promise<void> {
  const first = await currentTheme(page);
  const found = (await seriousViolations(page)).map((v) => `[${first}] ${v}`);
  await toggleTheme(page);
  const second = await currentTheme(page);
  found.push(...(await seriousViolations(page, COLOUR_RULES)).map((v) => `[${second}] ${v}`));
  await toggleTheme(page);
  expect(found, `serious or critical accessibility violations on ${what} (axe-core)`).toEqual([]);
}

/**
 * Tab through the page from its start (at most `maxStops` stops, until the focus comes round
 * again): every element that takes the focus must show it, by the app's outline or, for the
 * diagram's SVG nodes and plan rows that draw their own ring, a thicker stroke or a ring element.
 * One line per element that does not. The page notes each stop itself (a focusin listener), so a
 * stop costs one key press. Leaves the focus on the page's body.
 */
export async function focusWithoutRing(page: Page, maxStops = 120): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    const seen = new Set<Element>();
    const record = { found: [] as string[], wrapped: false, stop: () => {} };
    const onFocus = (event: FocusEvent) => {
      const el = event.target;
      if (!(el instanceof Element)) return;
      if (seen.has(el)) {
        record.wrapped = true;
        return;
      }
      seen.add(el);
      const cs = getComputedStyle(el);
      const ring =
        (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) ||
        cs.boxShadow !== 'none' ||
        (el.matches('.node') && getComputedStyle(el.querySelector('.node-box') ?? el).strokeWidth === '3px') ||
        (el.matches('.plan-row') && el.querySelector('.plan-focus') !== null);
      if (!ring) {
        const label = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
        record.found.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> "${label}" shows no focus`);
      }
    };
    document.addEventListener('focusin', onFocus);
    record.stop = () => document.removeEventListener('focusin', onFocus);
    (window as unknown as { __focusWalk: typeof record }).__focusWalk = record;
  });
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    if (i % 10 === 9 && (await page.evaluate(() => (window as unknown as { __focusWalk: { wrapped: boolean } }).__focusWalk.wrapped))) break;
  }
  return page.evaluate(() => {
    const record = (window as unknown as { __focusWalk: { found: string[]; stop: () => void } }).__focusWalk;
    record.stop();
    (document.activeElement as HTMLElement | null)?.blur();
    return record.found;
  });
}
