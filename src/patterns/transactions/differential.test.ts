import { expect, it, vi } from 'vitest';
import { describeWithPostgres } from '../../testing/describeWithPostgres';
import { runScheduleOnModel } from './modelRun';
import { runScheduleOnPostgres } from './postgres/runOnPostgres';
import { SCHEDULE_LESSONS, SCHEDULES_DIR, shippedSchedules } from './scheduleLessons.testkit';
import { run as runTxnCli } from './cli';

/**
 * The model against real PostgreSQL on every hand-written schedule: which steps block, which
 * fail and with what SQLSTATE and message, what every read returns, command tags, and the final
 * tables must be identical; then each schedule's lesson is checked on PostgreSQL's own result.
 */
describeWithPostgres('transactions: the model agrees with PostgreSQL on the hand-written schedules', (server) => {
  for (const { name, schedule } of shippedSchedules()) {
    it(`${name}`, async () => {
      const model = runScheduleOnModel(schedule);
      const postgres = await runScheduleOnPostgres(schedule, server().url);
      expect(postgres).toEqual(model);
      SCHEDULE_LESSONS[name]!(postgres);
    });
  }

  it('npm run sim -- txn --against prints the same JSON as the model', async () => {
    const file = `${SCHEDULES_DIR}/deadlock.json`;
    const outputs: string[] = [];
    for (const args of [['--schedule', file, '--json'], ['--schedule', file, '--json', '--against', server().url]]) {
      let stdout = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
      try {
        expect(await runTxnCli(args)).toBe(0);
      } finally {
        spy.mockRestore();
      }
      outputs.push(stdout);
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(JSON.parse(outputs[0]!).steps[5].sqlstate).toBe('40P01');
  });
});
