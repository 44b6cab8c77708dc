import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files of a build that the app never fetches: source maps, and the service worker itself. */
const SKIPPED = [/\.map$/, /^sw\.js$/];

/** Every file under `outDir` the app may fetch, as paths relative to it ('/' separated), sorted. */
export function precacheFiles(outDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(outDir, path).split(sep).join('/'));
    }
  };
  walk(outDir);
  return files.filter((f) => !SKIPPED.some((re) => re.test(f))).sort();
}

/** The build's version: a hash of its files' names and contents (a new build, a new cache). */
export function buildVersion(outDir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(outDir, f)));
  return hash.digest('hex').slice(0, 16);
}

/** The service worker's source for this build: the template with its version and file list. */
export function serviceWorkerSource(template: string, outDir: string): string {
  const files = precacheFiles(outDir);
  // './' is what a visit to the folder fetches; index.html is what the worker answers navigations with.
  const filled = template.replace("'__VERSION__'", JSON.stringify(buildVersion(outDir, files))).replace('= __FILES__;', `= ${JSON.stringify(['./', ...files])};`);
  if (filled.includes('__VERSION__') || filled.includes('__FILES__')) throw new Error('the service worker template lost a placeholder');
  return filled;
}
