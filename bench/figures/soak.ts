import { readFileSync, readdirSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { figure, type BenchContext, type Figure } from '../figure';
import { measureInFreshPage, onBuiltApp, OUT_DIR, untilLabJoined } from '../app/browser';

/** The labs the soak plays by default (`BENCH_SOAK_LABS=a,b` to choose): the ones that hold real PostgreSQL nodes. */
const DEFAULT_LABS = ['replication', 'transactions'];
/** Wall time per lab (issue 19: an hour); `BENCH_SOAK_MINUTES` to change it, `--quick` = 1 minute. */
const DEFAULT_MINUTES = 60;
const SAMPLE_EVERY_MS = 10_000;
/** The first minute is the baseline (PGlite boots, JIT warms up); the growth is fitted on what follows. */
const WARMUP_MS = 60_000;
const LOAD_TIMEOUT_MS = 240_000;
const MB = 1024 * 1024;

interface Sample {
  /** Wall time since play, ms. */
  t: number;
  /** JS heap used per target: `page` and each dedicated worker by its name, bytes. */
  heaps: Record<string, number>;
  /** ArrayBuffer backing stores per target (PGlite's in-memory files; not its WebAssembly memory), bytes; NaN if not reported. */
  buffers: Record<string, number>;
  /** Blink's garbage-collected heap (Oilpan: DOM, events, canvas state) per target, bytes used; NaN if not reported. */
  blink: Record<string, number>;
  /** Resident memory of every renderer process of the browser, bytes (Linux /proc; NaN elsewhere). */
  rendererRss: number;
}

/** The process ids under `root` (itself included), from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** RSS of the renderer processes started by this bench (the browser is a child of ours). */
function rendererRss(): number {
  try {
    let total = 0;
    for (const pid of descendants(process.pid)) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
        total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        // Gone meanwhile.
      }
    }
    return total;
  } catch {
    return NaN;
  }
}

/**
 * The JS heaps of the page and of every dedicated worker, nested ones included (the database
 * workers are started by the simulation worker), through one CDP session: auto-attach, not
 * flattened (a Playwright CDPSession cannot address a flattened child), so a worker is reached by
 * wrapping Target.sendMessageToTarget once per level; Runtime.getHeapUsage in each.
 */
class HeapProbe {
  /** Each worker by its path of session ids from the page. */
  private readonly workers = new Map<string, { path: string[]; name: string }>();
  private readonly pending = new Map<number, (result: unknown) => void>();
  private nextId = 1;

  constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (event) => this.attached([], event));
    cdp.on('Target.detachedFromTarget', (event) => this.detached([], event));
    cdp.on('Target.receivedMessageFromTarget', (event) => this.received([event.sessionId!], event.message));
  }

  static async attach(page: Page): Promise<HeapProbe> {
    const cdp = await page.context().newCDPSession(page);
    const probe = new HeapProbe(cdp);
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return probe;
  }

  private attached(parent: string[], event: { sessionId: string; targetInfo: { type: string; title: string; url: string } }): void {
    const { sessionId, targetInfo } = event;
    if (targetInfo.type !== 'worker') return;
    const base = targetInfo.title || targetInfo.url.split('/').pop() || 'worker';
    let name = base;
    for (let n = 2; [...this.workers.values()].some((w) => w.name === name); n++) name = `${base}#${n}`;
    const path = [...parent, sessionId];
    this.workers.set(path.join('/'), { path, name });
    // Its own workers (the database nodes) too.
    void this.call(path, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  }

  private detached(parent: string[], event: { sessionId?: string }): void {
    if (event.sessionId !== undefined) this.workers.delete([...parent, event.sessionId].join('/'));
  }

  /** A message from the target at `path`: a response, or an event (possibly from one of its own children). */
  private received(path: string[], raw: string): void {
    const message = JSON.parse(raw) as { id?: number; result?: unknown; error?: unknown; method?: string; params?: Record<string, unknown> };
    if (message.id !== undefined) {
      const done = this.pending.get(message.id);
      if (done) {
        this.pending.delete(message.id);
        done(message.result ?? null);
      }
      return;
    }
    const params = message.params ?? {};
    if (message.method === 'Target.attachedToTarget') this.attached(path, params as never);
    else if (message.method === 'Target.detachedFromTarget') this.detached(path, params as never);
    else if (message.method === 'Target.receivedMessageFromTarget') this.received([...path, params.sessionId as string], params.message as string);
  }

  /** Call `method` in the target at `path`; null if it does not answer within 5 s. */
  private call(path: string[], method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    let message = JSON.stringify({ id, method, params });
    for (let level = path.length - 1; level >= 1; level--) {
      message = JSON.stringify({ id: this.nextId++, method: 'Target.sendMessageToTarget', params: { sessionId: path[level], message } });
    }
    return new Promise((done) => {
      this.pending.set(id, done);
      setTimeout(() => {
        if (this.pending.delete(id)) done(null);
      }, 5_000);
      this.cdp.send('Target.sendMessageToTarget', { sessionId: path[0]!, message }).catch(() => {
        if (this.pending.delete(id)) done(null);
      });
    });
  }

  async sample(): Promise<{ heaps: Record<string, number>; buffers: Record<string, number>; blink: Record<string, number> }> {
    type Usage = { usedSize?: number; backingStorageSize?: number; embedderHeapUsedSize?: number } | null;
    const page = (await this.cdp.send('Runtime.getHeapUsage')) as Usage;
    const heaps: Record<string, number> = { page: page?.usedSize ?? NaN };
    const buffers: Record<string, number> = { page: page?.backingStorageSize ?? NaN };
    const blink: Record<string, number> = { page: page?.embedderHeapUsedSize ?? NaN };
    for (const { path, name } of [...this.workers.values()]) {
      const usage = (await this.call(path, 'Runtime.getHeapUsage')) as Usage;
      heaps[name] = usage?.usedSize ?? NaN;
      buffers[name] = usage?.backingStorageSize ?? NaN;
      blink[name] = usage?.embedderHeapUsedSize ?? NaN;
    }
    return { heaps, buffers, blink };
  }

  /** A full garbage collection in the page and in every worker (what a memory-pressure signal would do). */
  async collectGarbage(): Promise<void> {
    await this.cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    for (const { path } of [...this.workers.values()]) await this.call(path, 'HeapProfiler.collectGarbage');
  }
}

/** The renderer's allocators worth following, as Chromium's memory-infra names them. */
const RENDERER_ALLOCATORS = [
  'blink_gc/main/heap',
  'blink_gc/workers',
  'v8/main/heap',
  'v8/workers/heap',
  'partition_alloc/partitions/array_buffer',
  'partition_alloc/partitions/buffer',
  'malloc',
] as const;

/**
 * Chromium's own account of the renderer's memory (a memory-infra dump through the browser's CDP
 * session), MB per allocator: the committed size of Blink's heap (Oilpan) and of V8's heaps, the
 * ArrayBuffer and buffer partitions, malloc. Taken in the renderer that holds the most of Blink's
 * heap (the lab's page); null if the dump failed.
 */
async function rendererAllocators(browser: Browser): Promise<Record<string, number> | null> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const events: { ph?: string; args?: { dumps?: { allocators?: Record<string, { attrs?: { size?: { value?: string } } }> } } }[] = [];
    cdp.on('Tracing.dataCollected', (event) => events.push(...(event.value as typeof events)));
    const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
    // No periodic dumps (the protocol types this field loosely): only the one requested below.
    const memoryDumpConfig = { triggers: [] } as unknown as Record<string, string>;
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig }, transferMode: 'ReportEvents' });
    const { success } = await cdp.send('Tracing.requestMemoryDump', { levelOfDetail: 'detailed' });
    await cdp.send('Tracing.end');
    await complete;
    if (!success) return null;
    let best: Record<string, number> | null = null;
    for (const event of events) {
      const allocators = event.ph === 'v' ? event.args?.dumps?.allocators : undefined;
      if (!allocators) continue;
      const sizes: Record<string, number> = {};
      for (const name of RENDERER_ALLOCATORS) {
        const hex = allocators[name]?.attrs?.size?.value;
        if (hex !== undefined) sizes[name] = parseInt(hex, 16) / MB;
      }
      if ((sizes['blink_gc/main/heap'] ?? 0) > (best?.['blink_gc/main/heap'] ?? 0)) best = sizes;
    }
    return best;
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

function allocatorsNote(label: string, sizes: Record<string, number> | null): string {
  if (sizes === null) return `${label}: no memory-infra dump`;
  return `${label}: ${RENDERER_ALLOCATORS.filter((n) => n in sizes).map((n) => `${n} ${sizes[n]!.toFixed(0)}`).join(', ')} MB`;
}

/** Least-squares slope of y over t (ms), per hour. */
function slopePerHour(points: ReadonlyArray<{ t: number; y: number }>): number {
  const usable = points.filter((p) => Number.isFinite(p.y));
  if (usable.length < 2) return NaN;
  const n = usable.length;
  const mt = usable.reduce((s, p) => s + p.t, 0) / n;
  const my = usable.reduce((s, p) => s + p.y, 0) / n;
  const num = usable.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
  const den = usable.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den === 0 ? NaN : (num / den) * 3_600_000;
}

async function startLongTaskCount(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __soakLongTasks: number };
    w.__soakLongTasks = 0;
    new PerformanceObserver((list) => (w.__soakLongTasks += list.getEntries().length)).observe({ type: 'longtask' });
  });
}

/** A run that reached its end is reset and played again (the workers and their databases are kept). */
async function runFinished(page: Page): Promise<boolean> {
  return page.evaluate(() => window.__dbLab?.state().finished === true);
}

async function soakOne(page: Page, url: string, lab: string, wallMs: number, ctx: BenchContext): Promise<Figure[]> {
  const probe = await HeapProbe.attach(page);
  // A day of simulated time (the longest a run takes) lasts 86 s at 1000×: it is played again when it ends.
  await page.goto(`${url}/#/lab/${lab}?duration=86400&speed=1000`);
  await untilLabJoined(page, LOAD_TIMEOUT_MS);
  await startLongTaskCount(page);
  await page.getByTestId('speed').selectOption('1000');
  await page.getByTestId('play').click();
  const start = Date.now();
  const samples: Sample[] = [];
  let replays = 0;
  let warmAllocators: Record<string, number> | null = null;
  const browser = page.context().browser();
  while (Date.now() - start < wallMs) {
    await new Promise((r) => setTimeout(r, Math.min(SAMPLE_EVERY_MS, wallMs - (Date.now() - start))));
    if (await runFinished(page)) {
      replays++;
      await page.getByRole('button', { name: 'Reset' }).click();
      await page.getByTestId('play').click();
    }
    samples.push({ t: Date.now() - start, ...(await probe.sample()), rendererRss: rendererRss() });
    const last = samples[samples.length - 1]!;
    const each = Object.keys(last.heaps).map((k) => `${k} ${(last.heaps[k]! / MB).toFixed(1)}+${((last.buffers[k] ?? NaN) / MB).toFixed(1)}+${((last.blink[k] ?? NaN) / MB).toFixed(1)}`);
    ctx.log(`soak ${lab} ${Math.round(last.t / 1000)} s: renderer ${(last.rendererRss / MB).toFixed(0)} MB; heap+buffers+blink ${each.join(', ')} MB`);
    if (warmAllocators === null && browser && last.t > Math.min(WARMUP_MS, wallMs / 3)) {
      warmAllocators = await rendererAllocators(browser);
      ctx.log(`soak ${lab}: ${allocatorsNote('renderer after warm-up', warmAllocators)}`);
    }
  }
  // Chromium's account at the end, then what a full collection everywhere gives back: growth that
  // a collection returns is garbage not yet collected (GC pacing), what stays is retained.
  const endAllocators = browser ? await rendererAllocators(browser) : null;
  const rssBeforeGc = rendererRss();
  await probe.collectGarbage();
  await new Promise((r) => setTimeout(r, 3_000));
  const rssAfterGc = rendererRss();
  ctx.log(`soak ${lab}: ${allocatorsNote('renderer at the end', endAllocators)}; RSS ${(rssBeforeGc / MB).toFixed(0)} MB, after a full GC in every target ${(rssAfterGc / MB).toFixed(0)} MB`);
  const longTasks = await page.evaluate(() => (window as unknown as { __soakLongTasks: number }).__soakLongTasks);
  const simulatedMs = await page.evaluate(() => window.__dbLab?.state().now ?? NaN).catch(() => NaN);
  const warmupMs = Math.min(WARMUP_MS, wallMs / 3);
  const baseline = samples.filter((s) => s.t <= Math.max(warmupMs, samples[0]?.t ?? 0));
  const fitted = samples.filter((s) => s.t > warmupMs);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const heapTotal = (s: Sample) => Object.values(s.heaps).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const per10s = (longTasks * 10_000) / wallMs;
  const names = [...new Set(fitted.flatMap((s) => Object.keys(s.heaps)))];
  const growth = (n: string, of: (s: Sample) => Record<string, number>) => (slopePerHour(fitted.map((s) => ({ t: s.t, y: of(s)[n] ?? NaN }))) / MB).toFixed(0);
  const perTarget = names.map((n) => `${n} ${growth(n, (s) => s.heaps)}+${growth(n, (s) => s.buffers)}+${growth(n, (s) => s.blink)}`).join(', ');
  const common = `${Math.round(wallMs / 60_000)} min at 1000×, ${replays} replays, sim clock ${Math.round(simulatedMs / 1000)} s; long tasks ${per10s.toFixed(1)} per 10 s`;
  return [
    figure({
      name: `app.soak.${lab}.renderer.growth`,
      value: slopePerHour(fitted.map((s) => ({ t: s.t, y: s.rendererRss }))) / MB,
      unit: 'MB/h',
      baseline: mean(baseline.map((s) => s.rendererRss)) / MB,
      better: 'lower',
      baselineLabel: 'renderer RSS in the first minute, MB',
      target: { value: 0 },
      note: `${common}; renderer RSS at the end ${((samples[samples.length - 1]?.rendererRss ?? NaN) / MB).toFixed(0)} MB, ${(rssAfterGc / MB).toFixed(0)} MB after a full GC in the page and every worker; ${allocatorsNote('after warm-up', warmAllocators)}; ${allocatorsNote('at the end', endAllocators)}`,
    }),
    figure({
      name: `app.soak.${lab}.heaps.growth`,
      value: slopePerHour(fitted.map((s) => ({ t: s.t, y: heapTotal(s) }))) / MB,
      unit: 'MB/h',
      baseline: mean(baseline.map(heapTotal)) / MB,
      better: 'lower',
      baselineLabel: 'JS heaps (page + workers) in the first minute, MB',
      target: { value: 0 },
      note: `per target, JS heap+ArrayBuffers+Blink heap (used) MB/h: ${perTarget}`,
    }),
  ];
}

/**
 * The soak (issue 19, run on demand: `npm run bench -- --only soak`): each lab plays at 1000× for
 * BENCH_SOAK_MINUTES (default 60) of wall time; the figure is the growth of the renderer's resident
 * memory and of the JS heaps (page and every worker), MB per hour, fitted after the first minute,
 * against the first minute's level. Goal: flat memory.
 */
export async function soakFigures(ctx: BenchContext): Promise<Figure[]> {
  const minutes = ctx.quick ? 1 : Number(process.env.BENCH_SOAK_MINUTES ?? DEFAULT_MINUTES);
  if (!(minutes > 0)) throw new Error(`BENCH_SOAK_MINUTES: expected a number of minutes above 0, found ${process.env.BENCH_SOAK_MINUTES}`);
  const chosen = process.env.BENCH_SOAK_LABS ? process.env.BENCH_SOAK_LABS.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_LABS;
  return onBuiltApp(
    ctx,
    async (browser, url) => {
      const figures: Figure[] = [];
      for (const lab of chosen) {
        ctx.log(`soak: ${lab} for ${minutes} min`);
        figures.push(...(await measureInFreshPage(browser, ctx, `soak: ${lab}`, (page) => soakOne(page, url, lab, minutes * 60_000, ctx))));
      }
      return figures;
    },
    process.env.BENCH_OUT_DIR ?? OUT_DIR,
  );
}
