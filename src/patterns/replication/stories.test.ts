import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import { replicationDetail, type StaleReadSummary } from './detail';

// Stale reads are labelled by what the session itself wrote (issue 18, item 3): a writer whose
// read-back returned its own write, while the primary already held another session's later write,
// did not miss its own write.

/** A stale read as the view lists it, with its story's outcome read while it is still remembered. */
type Listed = StaleReadSummary & { outcome: string };

function run(readYourWrites: string): { run: SimulationRun; stale: Listed[] } {
  const parsed = parseScenario({
    name: 't',
    title: 't',
    lab: 'replication',
    durationS: 8,
    warmupS: 0,
    seed: 5,
    // Popular rows written often, so a read-back often finds a newer write by another session.
    parameters: { arrivalRate: 200, writeFraction: 0.4, readAfterWriteMs: 50, replicationDelayMs: 100, replicationDelayDist: 'exponential', readYourWrites },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = new SimulationRun(parsed.value, { traceLimit: 0 });
  const seen = new Map<number, Listed>();
  for (let t = 500; t <= 8000; t += 500) {
    r.advanceTo(t);
    for (const s of replicationDetail(r.snapshot().detail)!.staleReads) if (!seen.has(s.id)) seen.set(s.id, { ...s, outcome: r.model.inspect!(s.id)!.outcome });
  }
  return { run: r, stale: [...seen.values()] };
}

describe('replication stale-read labels', () => {
  it('with wait-for-lsn no read is labelled "own write missed": a writer stale only for another session’s later write saw its own', () => {
    const { run: r, stale } = run('wait-for-lsn');
    expect(metricAt(r.metrics(), 'ownReadStaleFraction')).toBe(0);
    expect(stale.filter((s) => s.own)).toEqual([]);
    const writers = stale.filter((s) => s.ownWriteId !== null);
    expect(writers.length).toBeGreaterThan(3);
    for (const s of writers) {
      expect(s.sawWriteId).not.toBe(s.primaryWriteId);
      expect(s.outcome).toMatch(/^STALE for another session's later write \(own write seen\): /);
      expect(s.outcome).toContain(s.sawWriteId === s.ownWriteId ? `returned this session's own write #${s.ownWriteId}` : `newer than this session's own write #${s.ownWriteId}`);
      expect(s.outcome).toContain(`the primary had committed write #${s.primaryWriteId}`);
    }
  });

  it('without protection a writer that missed its own write is labelled so, and only then', () => {
    const { stale } = run('none');
    const missed = stale.filter((s) => s.own);
    expect(missed.length).toBeGreaterThan(3);
    for (const s of stale) {
      const { outcome } = s;
      if (s.own) {
        expect(s.ownWriteId).not.toBeNull();
        expect(outcome).toMatch(new RegExp(`^STALE, own write missed: .*older than this session's own write #${s.ownWriteId} `));
      } else {
        expect(outcome).not.toContain('own write missed');
      }
    }
  });
});
