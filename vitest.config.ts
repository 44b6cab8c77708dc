import { defineConfig } from 'vitest/config';

// Unit, property and fidelity tests run in Node. Browser behaviour is covered by Playwright (e2e/).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    // Child processes: each test file gets its own heap, which keeps PGlite instances
    // (tens of MB each) from piling up in one worker. Two workers fit the 2-core CI machines.
    pool: 'forks',
    maxWorkers: 2,
    // A timeout only guards against a hang (timings belong in benchmarks): property tests that run
    // many simulations took 20–25 s on a loaded 2-core machine, so the guard is generous.
    // A cold PGlite boot (initdb) takes ~10 s; give hooks that boot a node room to do so.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A file with no tests yet is not a failure of the suite.
    passWithNoTests: true,
  },
});
