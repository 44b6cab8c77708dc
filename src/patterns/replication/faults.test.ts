import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import type { MetricTree } from '../../lab/snapshot';
import { REPLICATION_DATASET } from './statements';
import { FakeCluster } from './testing/fakeCluster';

// Faults while reads wait for their write's LSN or commits wait for the standby: every run ends,
// every request is accounted for (issue 19: a failover used to throw out of a waiting read).

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'replication', durationS: 20, warmupS: 2, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const num = (m: MetricTree, k: string) => metricAt(m, k) as number;

function expectConserved(m: MetricTree): void {
  expect(num(m, 'requests.arrived')).toBe(num(m, 'requests.completed') + num(m, 'requests.failed') + num(m, 'requests.inFlight'));
  expect(num(m, 'changes.shipped')).toBe(num(m, 'changes.applied') + num(m, 'changes.inFlight') + num(m, 'changes.discarded'));
}

/** Stories of the model's requests 1…n that the model still remembers. */
function stories(run: SimulationRun, upTo: number) {
  const out = [];
  for (let id = 1; id <= upTo; id++) {
    const s = run.model.inspect!(id);
    if (s) out.push(s);
  }
  return out;
}

/** Issue 19's repro: read-your-writes by LSN, a slow stream, and a failover (or a primary stop) at 10 s. */
const repro = (action: { action: string; args: Record<string, unknown> }) => () =>
  load({ readYourWrites: 'wait-for-lsn', replicationDelayMs: 500 }, { seed: 1, events: [{ atS: 10, ...action }] });

describe('replication faults while requests wait (issue 19)', () => {
  it.each([
    ['failover', { action: 'failover', args: {} }],
    ['the primary stopping (automatic failover)', { action: 'stopNode', args: { node: 'primary' } }],
    ['the waited-on replica stopping', { action: 'stopNode', args: { node: 'replica-1' } }],
  ])('wait-for-lsn with %s runs to the end, model-only and on the fake cluster, with the same metrics and every request accounted for', async (_name, action) => {
    const scenario = repro(action);
    const modelOnly = await new SimulationRun(scenario()).runToEnd();
    expectConserved(modelOnly);
    const withSql = await new SimulationRun(scenario(), { sql: new FakeCluster(2, REPLICATION_DATASET.customers) }).runToEnd();
    expectConserved(withSql);
    const { sql: _a, ...a } = modelOnly;
    const { sql: _b, ...b } = withSql;
    expect(b).toEqual(a);
  });

  it('a read waiting on a replica for its LSN when a failover ends that timeline goes to the new primary; one whose replica stops fails, counted, with its story', async () => {
    const run = new SimulationRun(repro({ action: 'failover', args: {} })());
    run.advanceTo(10_500);
    const waits = stories(run, 100_000).filter((s) => s.timeline.some((e) => e.what.startsWith('stopped waiting for LSN')));
    expect(waits.length).toBeGreaterThan(0);
    for (const s of waits) expect(s.outcome).not.toBe('in flight');

    const stopped = new SimulationRun(repro({ action: 'stopNode', args: { node: 'replica-1' } })());
    stopped.advanceTo(10_000);
    const failedBefore = num(stopped.metrics(), 'requests.failed');
    stopped.advanceTo(10_001);
    const cut = stories(stopped, 100_000).filter((s) => s.outcome.startsWith('replica-1 stopped while the read waited for it to apply LSN'));
    expect(cut.length).toBeGreaterThan(0);
    expect(num(stopped.metrics(), 'requests.failed')).toBeGreaterThanOrEqual(failedBefore + cut.length);
    for (const s of cut) expect(s.outcome).toMatch(/: the connection to it was lost$/);
  });
});

const FAULTS = [
  { action: 'stopNode', args: { node: 'primary' } },
  { action: 'restartNode', args: { node: 'primary' } },
  { action: 'stopNode', args: { node: 'replica-1' } },
  { action: 'restartNode', args: { node: 'replica-1' } },
  { action: 'stopNode', args: { node: 'replica-2' } },
  { action: 'restartNode', args: { node: 'replica-2' } },
  { action: 'cutLink', args: { node: 'replica-1' } },
  { action: 'healLink', args: { node: 'replica-1' } },
  { action: 'cutLink', args: { node: 'replica-2' } },
  { action: 'healLink', args: { node: 'replica-2' } },
  { action: 'failover', args: {} },
  { action: 'burst', args: { writes: 100, reads: 100 } },
];

describe('random fault scripts (fast-check seed 190019)', () => {
  it('every script runs to the end with arrived = completed + failed + in flight', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          readYourWrites: fc.constantFrom('none', 'primary-window', 'wait-for-lsn', 'wait-for-lsn'),
          syncCommit: fc.constantFrom('off', 'local', 'remote_write', 'on', 'remote_apply'),
          replicationDelayMs: fc.constantFrom(5, 100, 500, 1500),
          readAfterWriteMs: fc.constantFrom(0, 20, 200),
          autoFailover: fc.boolean(),
          healthCheckMs: fc.constantFrom(200, 1000),
          faults: fc.array(fc.record({ atS: fc.double({ min: 0.2, max: 5.8, noNaN: true }), fault: fc.constantFrom(...FAULTS) }), { minLength: 1, maxLength: 8 }),
        }),
        async ({ seed, faults, ...p }) => {
          const events = faults.map((f) => ({ atS: f.atS, action: f.fault.action, args: f.fault.args }));
          const run = new SimulationRun(load({ ...p, arrivalRate: 150, writeFraction: 0.4, replicas: 2 }, { seed, durationS: 6, warmupS: 1, events }), { traceLimit: 0 });
          const m = await run.runToEnd();
          expect(run.finished).toBe(true);
          expectConserved(m);
          run.snapshot();
        },
      ),
      { seed: 190019, numRuns: 40 },
    );
  });
});
