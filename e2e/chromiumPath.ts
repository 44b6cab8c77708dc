import { existsSync } from 'node:fs';

/**
 * Which Chromium Playwright should launch. First hit wins:
 *   1. $CHROMIUM_PATH
 *   2. $PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH
 *   3. a system install (Debian's /usr/bin/chromium on the project machines, Chrome on macOS…)
 *   4. undefined: Playwright's own downloaded browser (`npx playwright install chromium`)
 * An env var that names a missing file is an error, not a silent fallback.
 */
const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const ENV_VARS = ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'] as const;

export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): { path: string | undefined; source: string } {
  for (const name of ENV_VARS) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      if (!exists(value)) throw new Error(`${name}=${value} does not exist`);
      return { path: value, source: `$${name}` };
    }
  }
  for (const candidate of SYSTEM_PATHS) {
    if (exists(candidate)) return { path: candidate, source: 'system install' };
  }
  return { path: undefined, source: "Playwright's downloaded browser" };
}

/** The executable to put in `launchOptions.executablePath`; logs the choice once per run. */
export function chromiumExecutablePath(): string | undefined {
  const { path, source } = findChromium();
  // The config is loaded by the runner and again by every worker; they share this env var.
  if (process.env.DPL_CHROMIUM_LOGGED === undefined) {
    process.env.DPL_CHROMIUM_LOGGED = '1';
    console.log(`[e2e] Chromium: ${path ?? '(bundled)'} (from ${source})`);
  }
  return path;
}
