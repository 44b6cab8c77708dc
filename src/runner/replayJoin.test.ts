import { afterAll, describe, expect, it } from 'vitest';
import type { FromWorker } from './protocol';
import { onSlowlyBootingCluster, untilJoined } from '../testing/slowlyBootingCluster';
import { Cluster } from '../cluster/cluster';
import { inProcessNodes } from '../cluster/inProcessNodes';
import { defaultScenario } from '../scenario/parseScenario';
import { findLab } from '../labs';

/**
 * Every lab whose statements write plays model-only while its nodes boot, then is replayed with
 * real SQL to the point it reached (issue 18 item 8). That rests on one property of each model: its
 * events are the same with or without a database (real work or none, the same external calls), so
 * the replay stands exactly where the run stood and its numbers are the same. Real PGlite nodes in
 * this process, one cluster per dataset, kept across labs as the simulation worker keeps them.
 */
const clusters = new Map<string, Promise<Cluster>>();
afterAll(async () => {
  for (const cluster of clusters.values()) await (await cluster).close();
});

/** How far each lab plays before its nodes are ready: far enough to pass through what it does with SQL. */
const PLAYED_MS: Record<string, number> = { replication: 6000, sharding: 6000, transactions: 6000, caching: 6000, denormalization: 6000, batch: 30000 };

describe('a lab whose statements write joins its booted nodes by replay, at the same point with the same numbers', () => {
  for (const [labId, playedMs] of Object.entries(PLAYED_MS)) {
    it(labId, async () => {
      const { controller, posted, open } = onSlowlyBootingCluster({
        cluster(dataset, nodes, onProgress) {
          const key = JSON.stringify(dataset);
          if (!clusters.has(key)) clusters.set(key, Cluster.boot(inProcessNodes, dataset, nodes, { onProgress }));
          return clusters.get(key)!;
        },
      });
      const snapshots = () => posted.filter((m): m is Extract<FromWorker, { type: 'snapshot' }> => m.type === 'snapshot');

      await controller.handle({ type: 'load', scenario: { ...defaultScenario(findLab(labId)!), durationS: 600 }, runId: 1 });
      await controller.handle({ type: 'seek', toMs: playedMs });
      const before = snapshots().at(-1)!;
      expect(before.status).toMatchObject({ now: playedMs, statementsRun: 0, sqlJoining: true });

      open();
      await untilJoined(controller, posted);
      expect(posted.filter((m) => m.type === 'error' || m.type === 'notice')).toEqual([]);
      const joined = snapshots().at(-1)!;
      expect(joined.status).toMatchObject({ now: playedMs, eventsProcessed: before.status.eventsProcessed, sqlJoining: false });
      // The same numbers; with real SQL come only the lab's figures of real origin (statements run, results checked).
      const realOnly = new Set(findLab(labId)!.metrics.filter((m) => m.origin === 'real').map((m) => m.key.split('.')[0]));
      const withoutReal = (metrics: Record<string, unknown>) => Object.fromEntries(Object.entries(metrics).filter(([key]) => !realOnly.has(key)));
      expect(withoutReal(joined.snapshot.metrics)).toEqual(withoutReal(before.snapshot.metrics));
      // And it has real SQL now: statements counted, or the lab's real-origin figures (batch checks its table).
      const realFiguresAdded = Object.keys(joined.snapshot.metrics).filter((key) => realOnly.has(key) && !(key in before.snapshot.metrics));
      expect(joined.status.statementsRun > 0 || realFiguresAdded.length > 0).toBe(true);
    }, 600_000);
  }
});
