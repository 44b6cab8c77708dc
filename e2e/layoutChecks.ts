import { expectAccessibleInBothThemes } from './accessibility';
import { ensurePaused, ensurePlaying, expect, followAddress, labState, openLab, waitForReady, type Page } from './fixtures';

/**
 * The layout and accessibility checks every lab gets at 1280×720. Nothing spills out of its box:
 * no element's content wider or taller than the box that clips it, no panel that scrolls sideways,
 * no drop-down whose options are wider than the drop-down, no diagram text outside its node or
 * cut by the diagram's edge, no diagram node on another (or on its console hint), and the figures
 * that sit right under the stage within the first screen (measured as element scroll sizes against
 * client sizes, option text in the select's own font, SVG boxes against each other). And axe-core
 * finds no serious or critical violation in either theme (e2e/accessibility.ts). Each lab is played
 * for a moment first (so queues, badges and figures hold real values) and paused. A lab with a
 * spec of its own is checked in that spec's page, on the run it shows, where PostgreSQL has booted
 * already; e2e/layout.spec.ts checks the home page and the labs without one.
 */

/**
 * Open the lab in the shared page, wait until its run is loaded and drawn, play it for a moment
 * and pause. A page already on the lab keeps its run (whatever its address's settings): a lab
 * spec's page has booted its PostgreSQL nodes, and a new run would boot them again.
 */
export async function openPlayedLab(page: Page, labId: string): Promise<void> {
  const hash = `#/lab/${labId}`;
  await page.setViewportSize({ width: 1280, height: 720 });
  // The first lab opens the page (also when --grep picks a later one first); the others follow links.
  if (!page.url().includes('#/lab/')) await openLab(page, hash);
  else if ((await page.evaluate(() => window.location.hash.split('?')[0])) !== hash) await followAddress(page, hash);
  // Its run may still be loading (a test before reloaded the page, or reset the cluster).
  else await waitForReady(page, hash);
  await expect(page.locator('.topology-svg .node').first()).toBeVisible();
  const from = (await labState(page)).now;
  // A spec's page may be playing already (a test before left it so): Play would pause it.
  await ensurePlaying(page);
  // A short run (the batch lab's load) may end before 1.5 s: having played to its end counts.
  await expect.poll(async () => ((s) => s.finished || s.now - from > 1500)(await labState(page)), { timeout: 60_000 }).toBe(true);
  await ensurePaused(page);
  // Let the last snapshot render and the fonts settle.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

/** Every overflow on the page, one line each (empty when the layout holds). */
export function measureOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const TOLERANCE = 1;
    const name = (el: Element): string => {
      const id = el.id ? `#${el.id}` : '';
      const test = el.getAttribute('data-testid');
      const cls = typeof el.className === 'string' && el.className.trim() !== '' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
      return `<${el.tagName.toLowerCase()}${id}${cls}${test ? ` [data-testid=${test}]` : ''}> "${text}"`;
    };
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return false;
      const cs = getComputedStyle(el);
      return cs.visibility !== 'hidden' && cs.display !== 'none';
    };
    /** Elements whose job is to scroll a wide thing sideways (code, editors, the swimlanes of many sessions). */
    const scrollsOnPurpose = (el: Element) => el.matches('pre, textarea, .cm-editor, .cm-editor *, .log-scroll');

    if (document.documentElement.scrollWidth > window.innerWidth + TOLERANCE) {
      found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth} px`);
    }

    for (const el of document.querySelectorAll('.page *')) {
      if (el instanceof SVGElement || !(el instanceof HTMLElement) || !visible(el)) continue;
      if (el.closest('.visually-hidden, [aria-hidden="true"]')) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'inline' || cs.display === 'contents') continue;
      const wide = el.scrollWidth - el.clientWidth;
      const tall = el.scrollHeight - el.clientHeight;
      const clipsX = cs.overflowX !== 'visible';
      const clipsY = cs.overflowY !== 'visible';
      if (wide > TOLERANCE && !scrollsOnPurpose(el)) {
        if (cs.overflowX === 'auto' || cs.overflowX === 'scroll') found.push(`scrolls sideways (${el.scrollWidth} > ${el.clientWidth} px): ${name(el)}`);
        else if (clipsX) found.push(`content cut at the right (${el.scrollWidth} > ${el.clientWidth} px): ${name(el)}`);
        else if (el.children.length === 0 || el.matches('td, th, p, li, label, h1, h2, h3, button, span, div, strong, code')) {
          // Content wider than a box that does not clip it draws over its neighbours: only text-holding boxes are checked (a row of cards may overflow on purpose into a scroller checked above).
          const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
          if (ownText) found.push(`text spills out (${el.scrollWidth} > ${el.clientWidth} px): ${name(el)}`);
        }
      }
      if (tall > TOLERANCE && clipsY && cs.overflowY === 'hidden' && !el.matches('.stage, .topology')) {
        found.push(`content cut at the bottom (${el.scrollHeight} > ${el.clientHeight} px): ${name(el)}`);
      }
    }

    // Drop-downs: the closed select shows the chosen option, so every option must fit its box.
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const select of document.querySelectorAll('.page select')) {
      if (!(select instanceof HTMLSelectElement) || !visible(select)) continue;
      const cs = getComputedStyle(select);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      // The arrow takes about one em of the content box in Chromium's menulist.
      const room = select.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - parseFloat(cs.fontSize) * 1.25;
      for (const option of select.options) {
        const width = ctx.measureText(option.text).width;
        if (width > room + TOLERANCE) found.push(`drop-down cuts "${option.text}" (${Math.round(width)} > ${Math.round(room)} px): ${name(select).slice(0, 80)}`);
      }
    }

    // The topology: each node's label and badges inside its box; every text inside the diagram.
    for (const node of document.querySelectorAll('.topology-svg .node')) {
      const box = node.querySelector('.node-box') as SVGGraphicsElement | null;
      if (box === null) continue;
      const b = box.getBBox();
      for (const text of node.querySelectorAll('.node-label, .node-badge')) {
        const t = (text as SVGGraphicsElement).getBBox();
        if (t.x < b.x - TOLERANCE || t.x + t.width > b.x + b.width - 4 + TOLERANCE) {
          found.push(`diagram text outside its node "${node.getAttribute('data-node-id')}" (${Math.round(t.x + t.width)} > ${Math.round(b.width - 4)} px): "${text.textContent}"`);
        }
      }
    }
    // A chart's SVG / PNG links stand clear of its title's text.
    for (const chart of document.querySelectorAll('.chart-export')) {
      const links = chart.querySelector('.chart-export-actions')?.getBoundingClientRect();
      const title = chart.querySelector('.chart-title');
      if (links === undefined || title === null) continue;
      const words = document.createRange();
      words.selectNodeContents(title);
      if ([...words.getClientRects()].some((r) => r.left < links.right && links.left < r.right && r.top < links.bottom && links.top < r.bottom)) {
        found.push(`a chart's export links cover its title: "${(title.textContent ?? '').slice(0, 50)}"`);
      }
    }
    // No node drawn on another, nor on the console hint under a database node.
    const nodeRects = [...document.querySelectorAll('.topology-svg .node')].map((node) => {
      const r = (node.querySelector('.node-box') ?? node).getBoundingClientRect();
      const hint = node.querySelector('.node-hint')?.getBoundingClientRect();
      return { id: node.getAttribute('data-node-id') ?? '?', left: r.left, right: r.right, top: r.top, bottom: Math.max(r.bottom, hint?.bottom ?? r.bottom) };
    });
    nodeRects.forEach((a, i) => {
      for (const b of nodeRects.slice(i + 1)) {
        const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (overlapX > TOLERANCE && overlapY > TOLERANCE) found.push(`diagram nodes "${a.id}" and "${b.id}" overlap (${Math.round(overlapX)} × ${Math.round(overlapY)} px, console hints included)`);
      }
    });
    for (const svg of document.querySelectorAll('.page svg')) {
      if (!visible(svg) || svg.parentElement?.closest('svg')) continue;
      const frame = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll('text')) {
        const r = text.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.left < frame.left - TOLERANCE || r.right > frame.right + TOLERANCE || r.top < frame.top - TOLERANCE || r.bottom > frame.bottom + TOLERANCE) {
          found.push(`text cut by the edge of its drawing: "${text.textContent}" (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(frame.left)}–${Math.round(frame.right)} px): ${name(svg).slice(0, 60)}`);
        }
      }
    }
    return found;
  });
}

/** Headline figures that sit right under the stage (labs without a view of their own) and do not fit the first screen. */
export function figuresBelowTheFold(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const strip = document.querySelector('.headline');
    const stage = document.querySelector('.stage');
    if (strip === null || stage === null) return [];
    // Only the strip that directly follows the stage (and its hint) is part of the first screen.
    const between = [...document.querySelectorAll('.lab-main > *')];
    const stageAt = between.indexOf(stage);
    const stripAt = between.findIndex((el) => el === strip || el.contains(strip));
    if (between.slice(stageAt + 1, stripAt).some((el) => el.classList.contains('lab-view'))) return [];
    return [...strip.querySelectorAll('.figures > .figure')]
      .filter((f) => f.getBoundingClientRect().bottom > window.innerHeight + 1)
      .map((f) => `headline figure below the first screen (bottom ${Math.round(f.getBoundingClientRect().bottom)} > ${window.innerHeight} px): "${(f.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`);
  });
}

/** The lab at its default address, played for a moment: nothing spills out, and axe finds nothing serious in either theme. */
export async function expectLaidOutAndAccessible(page: Page, labId: string): Promise<void> {
  await openPlayedLab(page, labId);
  await expect(page.getByTestId('stage-summary')).toContainText(/ s simulated, (paused|finished)\./);
  await page.evaluate(() => window.scrollTo(0, 0));
  const found = [...(await measureOverflow(page)), ...(await figuresBelowTheFold(page))];
  expect(found, `overflow in the ${labId} lab at 1280×720`).toEqual([]);
  await expectAccessibleInBothThemes(page, `the ${labId} lab`);
}
