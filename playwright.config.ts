import { defineConfig, devices } from '@playwright/test';
import { chromiumExecutablePath } from './e2e/chromiumPath';

// PW_PORT and PW_OUT_DIR let several people test their own builds side by side.
const PORT = Number(process.env.PW_PORT ?? 4173);
const OUT_DIR = process.env.PW_OUT_DIR ?? 'dist';
const CI = !!process.env.CI;

/**
 * End-to-end tests run against the *built* app (`npm run build` first) served by `vite preview`,
 * in a system Chromium (see e2e/chromiumPath.ts for how it is found).
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  forbidOnly: CI,
  // No retries: a test that passes only on a second try is flaky, and a retry would hide it.
  retries: 0,
  workers: 2,
  reporter: 'list',
  outputDir: process.env.PW_OUT_DIR ? `${process.env.PW_OUT_DIR}-results` : 'test-results',
  // Room for a busy 2-core machine; the steps that boot PostgreSQL set their own, longer limits.
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    // A failed test keeps a trace of its actions, console and network (and error-context.md the page's
    // accessibility tree at the failure); not a screencast nor DOM snapshots: they are recorded for
    // every test, passed or not, and filming a playing lab's frames was 35 % of the suite's CPU
    // (13.5 min -> 7.1), its DOM snapshots another quarter of a lab spec's time (caching +
    // replication: 80 s -> 60).
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false, sources: false },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumExecutablePath(),
          // Without the networking flags Chromium floods a closed network with connection attempts.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
