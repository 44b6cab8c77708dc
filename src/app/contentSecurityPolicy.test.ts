import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** index.html's Content-Security-Policy against the page it guards (the policy names the inline script by its hash). */
const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
const directive = (name: string) => policy.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1) ?? [];

describe('the Content-Security-Policy in index.html', () => {
  it('comes before every script, so it covers them all', () => {
    expect(policy).not.toBe('');
    expect(html.indexOf('Content-Security-Policy" content=')).toBeLessThan(html.indexOf('<script'));
  });

  it("allows each inline script by its hash (a script changed without its hash would be refused, and the theme picked late)", () => {
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline) {
      const hash = `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
      expect(directive('script-src'), `the hash of the inline script starting "${script.trim().slice(0, 50)}"`).toContain(hash);
    }
  });

  it('refuses eval and inline scripts; only WebAssembly compilation is allowed beyond the site\u2019s own files', () => {
    expect(directive('script-src')).not.toContain("'unsafe-eval'");
    expect(directive('script-src')).not.toContain("'unsafe-inline'");
    expect(directive('script-src')).toContain("'wasm-unsafe-eval'");
    expect(directive('object-src')).toEqual(["'none'"]);
  });
});
