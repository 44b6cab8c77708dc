import type { Page } from 'playwright-core';
import { figure, type BenchContext, type Figure } from '../figure';
import { measureInFreshPage, onBuiltApp, untilLabJoined } from '../app/browser';
import { labsToMeasure } from '../app/labsToMeasure';

/** How long each state is watched (ms of wall time). */
const WATCH_MS = 10_000;
const QUICK_WATCH_MS = 3_000;
/** Booting PGlite on a busy 2-core machine takes a while. */
const LOAD_TIMEOUT_MS = 240_000;
/** A task longer than this blocks input and drops frames (the Long Tasks API's own threshold). */
const LONG_TASK_MS = 50;

interface Watched {
  /** Intervals between animation frames, ms. */
  intervals: number[];
  /** Durations of the tasks longer than 50 ms, ms. */
  longTasks: number[];
}

/** Watch the page's animation frames and long tasks for `ms` of wall time, in the page itself. */
function watch(page: Page, ms: number): Promise<Watched> {
  return page.evaluate(async (duration) => {
    const intervals: number[] = [];
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    let running = true;
    let last = -1;
    const frame = (t: number) => {
      if (last >= 0) intervals.push(t - last);
      last = t;
      if (running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    await new Promise((done) => setTimeout(done, duration));
    running = false;
    observer.disconnect();
    return { intervals, longTasks };
  }, ms);
}

function p95(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

function describe(w: Watched, ms: number): string {
  const per10s = (w.longTasks.length * 10_000) / ms;
  const longest = w.longTasks.length === 0 ? 0 : Math.max(...w.longTasks);
  return `${w.intervals.length} frames; long tasks (> ${LONG_TASK_MS} ms) ${per10s.toFixed(1)} per 10 s, longest ${Math.round(longest)} ms`;
}

async function setSpeed(page: Page, speed: string): Promise<void> {
  await page.getByTestId('speed').selectOption(speed);
}

/**
 * The main thread while a lab plays (issue 19): frame-interval p95 while each lab plays at 1× and
 * at its fastest speed, against the same page idle (loaded, paused) as the baseline; the long
 * tasks of each watch are in the note. Goal: p95 within 1.2× of idle, no task over 50 ms.
 */
export async function frameFigures(ctx: BenchContext): Promise<Figure[]> {
  const watchMs = ctx.quick ? QUICK_WATCH_MS : WATCH_MS;
  const chosen = labsToMeasure(ctx.quick ? ['mmc', 'pooling'] : null);
  return onBuiltApp(ctx, async (browser, url) => {
    const figures: Figure[] = [];
    for (const lab of chosen) {
      ctx.log(`frames: ${lab.id}`);
      figures.push(...(await measureInFreshPage(browser, ctx, `frames: ${lab.id}`, (page) => labFrames(page, `${url}/#/lab/${lab.id}`, lab.id, watchMs))));
    }
    return figures;
  });
}

/** One lab's two figures: idle, then playing at 1× and at the fastest speed. */
async function labFrames(page: Page, address: string, labId: string, watchMs: number): Promise<Figure[]> {
  await page.goto(address);
  await untilLabJoined(page, LOAD_TIMEOUT_MS);
  const idle = await watch(page, watchMs);
  const idleP95 = p95(idle.intervals);
  const figures: Figure[] = [];
  for (const speed of ['1', 'max'] as const) {
    await setSpeed(page, speed);
    await page.getByTestId('play').click();
    const playing = await watch(page, watchMs);
    await page.getByTestId('play').click();
    figures.push(
      figure({
        name: `app.frames.${labId}.${speed === 'max' ? 'max' : '1x'}.p95`,
        value: p95(playing.intervals),
        unit: 'ms',
        baseline: idleP95,
        better: 'lower',
        baselineLabel: 'same page idle',
        target: { ratio: 1.2 },
        note: `playing: ${describe(playing, watchMs)}; idle: ${describe(idle, watchMs)}`,
      }),
    );
  }
  return figures;
}
