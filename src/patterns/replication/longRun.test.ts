import { describe, expect, it } from 'vitest';
import { Environment, Rng } from '../../engine';
import { parseScenario } from '../../scenario/parseScenario';
import { ReplicationModel } from './model';
import type { ReplicationParams } from './params';

// Issue 19 (soak): a run left playing at 1000× must not hold more the longer it runs. Every write
// used to stay in the replica set's timeline list and every row version in RowVersions for the
// whole run (about 6 MB of heap per 1000 simulated seconds at the default rate).
function retainedAfter(seconds: number): { writes: number; versions: number; lsn: number } {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'replication', seed: 5, durationS: seconds, warmupS: 0, parameters: {} });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const env = new Environment();
  const model = new ReplicationModel(env, { env, rng: new Rng(5), params: { ...parsed.value.params } as ReplicationParams, durationMs: seconds * 1000, warmupMs: 0, sql: null });
  model.start();
  env.run({ until: seconds * 1000 });
  return { writes: model.set.timelineWriteCount, versions: model.versions.size, lsn: model.set.lsn };
}

describe('the replication model over a long run', () => {
  it('holds no more writes and row versions after 2,000 s than after 200 s, though ten times as many were made', () => {
    const short = retainedAfter(200);
    const long = retainedAfter(2000);
    expect(long.lsn).toBeGreaterThan(8 * short.lsn);
    // Bounded by the rows written and the writes in flight, not by the horizon.
    expect(long.writes).toBeLessThan(Math.max(600, 2 * short.writes));
    expect(long.versions).toBeLessThan(2 * short.versions + 600);
    expect(long.versions).toBeLessThan(long.lsn / 4);
  });
});
