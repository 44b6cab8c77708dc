import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { figure, type BenchContext, type Figure } from '../figure';
import { onBuiltApp, OUT_DIR } from '../app/browser';

const gzipKb = (bytes: Buffer) => gzipSync(bytes).length / 1024;

/**
 * JavaScript downloaded before a lab is chosen (issue 19): every script the home page fetches
 * (workers included) until its network is idle, gzipped as a server would send it, against all
 * the JavaScript the build ships (every chunk and worker), gzipped the same way, in the same run.
 * The ratio is the share of the app a first visit pays for before it picks a lab.
 */
export async function firstLoad(ctx: BenchContext): Promise<Figure[]> {
  return onBuiltApp(ctx, async (browser, url) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const scripts = new Map<string, Buffer>();
      const other: string[] = [];
      const bodies: Promise<void>[] = [];
      context.on('response', (response) => {
        const path = new URL(response.url()).pathname;
        if (path.endsWith('.js')) bodies.push(response.body().then((b) => void scripts.set(path, b)));
        else if (path.endsWith('.wasm') || path.endsWith('.data') || path.endsWith('.tar.gz')) other.push(path.split('/').pop()!);
      });
      const page = await context.newPage();
      await page.goto(`${url}/#/`);
      await page.waitForSelector('.cards li a');
      await page.waitForLoadState('networkidle');
      await Promise.all(bodies);
      const loaded = [...scripts.entries()].map(([path, body]) => ({ file: path.split('/').pop()!, kb: gzipKb(body) })).sort((a, b) => b.kb - a.kb);
      const total = loaded.reduce((sum, s) => sum + s.kb, 0);
      const assets = join(OUT_DIR, 'assets');
      const shipped = readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .reduce((sum, f) => sum + gzipKb(readFileSync(join(assets, f))), 0);
      const largest = loaded
        .slice(0, 3)
        .map((s) => `${s.file} ${s.kb.toFixed(0)} kB`)
        .join(', ');
      return [
        figure({
          name: 'app.firstLoad.javascriptGzipped',
          value: Math.round(total * 10) / 10,
          unit: 'kB',
          baseline: Math.round(shipped * 10) / 10,
          better: 'lower',
          baselineLabel: 'all the JavaScript the build ships, gzipped',
          target: { value: 250 },
          note: `${loaded.length} scripts before a lab is chosen (largest: ${largest})${other.length > 0 ? `; also fetched: ${other.join(', ')}` : '; no WebAssembly or data image yet'}`,
        }),
      ];
    } finally {
      await context.close();
    }
  });
}
