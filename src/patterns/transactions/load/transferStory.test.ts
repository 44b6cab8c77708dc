import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenario/parseScenario';
import { metricAt } from '../../../scenario/expectations';
import { SimulationRun } from '../../../runner/simulationRun';
import type { TransactionsLoadDetail } from './detail';

/** A deadlock-prone load with few sessions: aborts, lock waits and a queue for sessions within a second. */
function contended(parameters: Record<string, unknown> = {}) {
  const parsed = parseScenario({
    name: 't',
    title: 't',
    lab: 'transactions',
    durationS: 4,
    warmupS: 0,
    seed: 7,
    parameters: { arrivalRate: 400, accounts: 4, skew: 1.2, appWorkMs: 5, lockOrder: 'transfer', strategy: 'for-update', sessions: 6, deadlockTimeoutMs: 20, maxRetries: 1, ...parameters },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  // A trace long enough to keep every entry of the run.
  return new SimulationRun(parsed.value, { traceLimit: 1_000_000 });
}

const ABORT_KINDS = ['deadlock victim', 'serialization failure'];

describe('transactions load: aborts in the event log, every transfer with a story', () => {
  it('logs every abort (40P01 and 40001), each under its transfer, as many as the metrics count', async () => {
    for (const isolation of ['read committed', 'repeatable read']) {
      const run = contended({ isolation });
      const log = [];
      for (let t = 250; t <= 4000; t += 250) {
        await run.advanceToAsync(t);
        log.push(...run.snapshot().log);
      }
      const m = run.metrics();
      const aborts = (metricAt(m, 'aborts.deadlocks') as number) + (metricAt(m, 'aborts.serializationFailures') as number);
      expect(aborts, isolation).toBeGreaterThan(5);
      const logged = log.filter((e) => ABORT_KINDS.includes(e.kind));
      expect(logged.length, isolation).toBe(aborts);
      for (const e of logged) {
        expect(e.actor).toMatch(/^transfer-\d+$/);
        expect(['40P01', '40001']).toContain((e.data as { sqlstate: string }).sqlstate);
      }
      expect(logged.filter((e) => (e.data as { sqlstate: string }).sqlstate === '40P01').length).toBe(metricAt(m, 'aborts.deadlocks'));
    }
  });

  it('tells the story of an aborted transfer, with the SQLSTATE, the lock it waited for and how it ended', async () => {
    const run = contended();
    await run.advanceToAsync(1500);
    const detail = run.snapshot().detail as TransactionsLoadDetail;
    expect(detail.recentAborts.length).toBeGreaterThan(0);
    const abort = detail.recentAborts[detail.recentAborts.length - 1]!;
    const story = run.model.inspect?.(abort.transfer);
    expect(story, `transfer ${abort.transfer}`).not.toBeNull();
    const lines = story!.timeline.map((l) => l.what);
    expect(lines[0]).toMatch(/^arrives: move \d+ from account \d to account \d$/);
    expect(lines.some((l) => l.startsWith('aborted: deadlock victim (40P01)'))).toBe(true);
    expect(lines.some((l) => /blocked on a row lock held by transfer #\d+ \(S\d\)/.test(l))).toBe(true);
    expect(lines.some((l) => /ERROR 40P01: deadlock detected/.test(l))).toBe(true);
    expect(story!.sql).toContain('for update');
    // Times never go backwards.
    const times = story!.timeline.map((l) => l.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('has a story for every transfer on screen, the ones waiting for a session included', async () => {
    const run = contended({ sessions: 2, arrivalRate: 800 });
    await run.advanceToAsync(800);
    const particles = run.snapshot().particles;
    const waiting = particles.filter((p) => p.from === 'sessions' && p.to === 'sessions');
    expect(waiting.length).toBeGreaterThan(10);
    for (const p of particles) expect(run.model.inspect?.(p.id), `particle ${p.id}`).not.toBeNull();
    const story = run.model.inspect!(waiting[waiting.length - 1]!.id)!;
    expect(story.outcome).toBe('in flight');
    expect(story.timeline.at(-1)).toEqual({ t: run.now, what: 'now waiting for a free session' });
    const blocked = particles.find((p) => p.from === 'primary' && p.to === 'primary');
    if (blocked) expect(run.model.inspect!(blocked.id)!.timeline.at(-1)!.what).toMatch(/^now blocked on a row lock/);
  });
});
