import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The heaviest files, longest first (measured with `--reporter=json`). Without a results cache (a
 * fresh CI clone) vitest starts the largest files first, and the heaviest ones are small (one
 * loop over the shipped scenarios is 2 kB): they started last and one fork ran on alone for a
 * minute. Longest first lets the two forks finish together. A file missing here only runs later.
 */
const HEAVY_FIRST = [
  'src/scenario/shippedScenarios.test.ts',
  'src/patterns/longRun.test.ts',
  'src/patterns/sharding/realShards.test.ts',
  'src/cluster/cluster.test.ts',
  'src/patterns/transactions/load/model.test.ts',
  'src/cluster/changelogRetention.test.ts',
  'src/patterns/denormalization/realSql.test.ts',
  'src/patterns/pooling/fidelity.test.ts',
  'src/patterns/query/queryCosts.test.ts',
  'src/patterns/sharding/model.test.ts',
  'src/runner/runControllerCluster.test.ts',
  'src/patterns/query/model.test.ts',
  'src/patterns/caching/model.test.ts',
  'src/db/dataImage.test.ts',
  'src/patterns/transactions/differential.random.test.ts',
  'src/patterns/replication/realCluster.test.ts',
  'src/patterns/batch/batchCosts.test.ts',
];

class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = HEAVY_FIRST.findIndex((path) => file.moduleId.replaceAll('\\', '/').endsWith(`/${path}`));
      return i === -1 ? HEAVY_FIRST.length : i;
    };
    // Stable: the rest keep vitest's order (its cache's durations when it has them, else size).
    return sorted.map((file, i) => ({ file, i, rank: rank(file) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.file);
  }
}

// Unit, property and fidelity tests run in Node. Browser behaviour is covered by Playwright (e2e/).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Lab models are imported on demand: load them before any test builds a run.
    setupFiles: ['src/testing/loadLabModels.setup.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    // Two child processes (the 2-core CI machines), each running its files one after another
    // without a fresh process and module graph per file: isolation cost a process start and
    // ~0.4 s of imports for each of 150 files (unit phase 264 s -> 161 s at load ~3). Tests
    // close the PGlite nodes they boot; a fork peaked at 1.4 GB RSS over the whole suite.
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    sequence: { sequencer: HeavyFirstSequencer },
    // A timeout only guards against a hang (timings belong in benchmarks): property tests that run
    // many simulations took 20–25 s on a loaded 2-core machine, so the guard is generous.
    // A cold PGlite boot (initdb) takes ~10 s; give hooks that boot a node room to do so.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A file with no tests yet is not a failure of the suite.
    passWithNoTests: true,
  },
});
