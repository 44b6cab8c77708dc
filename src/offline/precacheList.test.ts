import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVersion, precacheFiles, serviceWorkerSource } from './precacheList';

function build(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'precache-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

describe('the offline service worker of a build (issue 16)', () => {
  it('caches every file the app may fetch, not source maps nor itself', () => {
    const dir = build({ 'index.html': '<html>', 'assets/app-1.js': 'x', 'assets/app-1.js.map': '{}', 'assets/pglite-2.wasm': 'w', 'sw.js': 'old' });
    expect(precacheFiles(dir)).toEqual(['assets/app-1.js', 'assets/pglite-2.wasm', 'index.html']);
  });

  it('gets a new version when any file changes, so that a new build installs beside the old', () => {
    const a = build({ 'index.html': '<html>', 'assets/app.js': 'one' });
    const b = build({ 'index.html': '<html>', 'assets/app.js': 'two' });
    expect(buildVersion(a, precacheFiles(a))).not.toBe(buildVersion(b, precacheFiles(b)));
    expect(buildVersion(a, precacheFiles(a))).toBe(buildVersion(a, precacheFiles(a)));
  });

  it('writes the version and the file list into the template, and is valid JavaScript', () => {
    const dir = build({ 'index.html': '<html>', 'assets/app.js': 'x' });
    const source = serviceWorkerSource(readFileSync('src/offline/serviceWorker.template.js', 'utf8'), dir);
    expect(source).toContain('const FILES = ["./","assets/app.js","index.html"];');
    expect(source).toMatch(/const VERSION = "[0-9a-f]{16}";/);
    expect(() => new Function(source)).not.toThrow();
  });
});
