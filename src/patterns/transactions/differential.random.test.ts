import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeWithPostgres } from '../../testing/describeWithPostgres';
import { TxnModelRun } from './modelRun';
import { runScheduleOnPostgres } from './postgres/runOnPostgres';
import { randomSchedule } from './randomSchedules';
import { parseSchedule } from './schedule';
import type { IsolationLevel } from './sql/ast';

/**
 * Property: on random schedules (reads, writes, row locks, inserts, deletes, key updates;
 * commits and rollbacks, interleaved at random) the model and PostgreSQL give identical results.
 * Schedules whose outcome on a real server could depend on timing (several sessions released
 * at the same moment, or a deadlock whose victim depends on whose deadlock_timeout fires first)
 * are discarded, as the model reports them; everything else is compared exactly.
 */
const CASES: { sessions: number; isolation: IsolationLevel | 'mixed'; seed: number; runs: number }[] = [
  { sessions: 2, isolation: 'read committed', seed: 1101, runs: 8 },
  { sessions: 2, isolation: 'repeatable read', seed: 1202, runs: 6 },
  { sessions: 2, isolation: 'serializable', seed: 1303, runs: 6 },
  { sessions: 3, isolation: 'read committed', seed: 2101, runs: 5 },
  { sessions: 3, isolation: 'repeatable read', seed: 2202, runs: 4 },
  { sessions: 3, isolation: 'serializable', seed: 2303, runs: 4 },
  { sessions: 3, isolation: 'mixed', seed: 2404, runs: 5 },
];

describeWithPostgres('transactions: the model agrees with PostgreSQL on random schedules', (server) => {
  for (const { sessions, isolation, seed, runs } of CASES) {
    it(`${sessions} sessions, ${isolation} (fast-check seed ${seed}, ${runs} runs)`, { timeout: 120_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(randomSchedule(sessions, isolation), async (raw) => {
          const parsed = parseSchedule(raw);
          if (!parsed.ok) throw new Error(`generated an invalid schedule: ${JSON.stringify(parsed.issues)}`);
          const run = new TxnModelRun(parsed.value);
          const model = run.runToEnd();
          fc.pre(run.engine.racyReasons.length === 0);
          const postgres = await runScheduleOnPostgres(parsed.value, server().url);
          expect(postgres, `schedule ${JSON.stringify(raw)}`).toEqual(model);
        }),
        // No shrinking: every shrink step would run on PostgreSQL; the failing schedule is printed whole.
        { seed, numRuns: runs, endOnFailure: true },
      );
    });
  }
});
