import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type LoadedScenario } from '../scenario/parseScenario';
import { SimulationRun } from './simulationRun';
import { metricAt } from '../scenario/expectations';

function load(data: Record<string, unknown>): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'mmc', durationS: 30, ...data });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

describe('SimulationRun', () => {
  it('gives the same metrics for the same seed and different ones for another seed', async () => {
    const a = await new SimulationRun(load({ seed: 7 })).runToEnd();
    const b = await new SimulationRun(load({ seed: 7 })).runToEnd();
    const c = await new SimulationRun(load({ seed: 8 })).runToEnd();
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('reaches the same state whether run in one go or in many small advances (what seek relies on)', () => {
    const whole = new SimulationRun(load({ seed: 3 }));
    whole.advanceTo(20_000);
    const pieces = new SimulationRun(load({ seed: 3 }));
    for (let t = 0; t <= 20_000; t += 137) pieces.advanceTo(t);
    pieces.advanceTo(20_000);
    expect(pieces.now).toBe(20_000);
    expect(pieces.metrics()).toEqual(whole.metrics());
    expect(pieces.env.eventsProcessed).toBe(whole.env.eventsProcessed);
  });

  it('includes a scripted change due exactly at the stop time (an edit made while paused there, replayed by a seek to it)', () => {
    const scenario = { parameters: { arrivalRate: 10 }, events: [{ atS: 5, set: { arrivalRate: 200 }, note: 'made while paused at 5 s' }] };
    const run = new SimulationRun(load(scenario), { traceLimit: 100_000 });
    run.advanceTo(5_000);
    expect(run.now).toBe(5_000);
    const applied = run.env.trace!.since(0).filter((e) => e.actor === 'scenario');
    expect(applied).toHaveLength(1);
    expect(applied[0]!.t).toBe(5_000);
    // Stopping there and going on gives the run an unpaused one has, event for event.
    run.advanceTo(12_000);
    const whole = new SimulationRun(load(scenario));
    whole.advanceTo(12_000);
    expect(run.metrics()).toEqual(whole.metrics());
    expect(run.env.eventsProcessed).toBe(whole.env.eventsProcessed);
  });

  it('applies scripted events at their time and logs them', () => {
    const run = new SimulationRun(load({ parameters: { arrivalRate: 10 }, events: [{ atS: 10, set: { arrivalRate: 200 }, note: 'surge' }] }));
    run.advanceTo(9_999);
    expect(run.loaded.params.arrivalRate).toBe(10);
    const before = metricAt(run.metrics(), 'customers.arrived') as number;
    run.advanceTo(20_000);
    const after = metricAt(run.metrics(), 'customers.arrived') as number;
    // 10 s at 10 req/s, then 10 s at 200 req/s.
    expect(before).toBeLessThan(200);
    expect(after - before).toBeGreaterThan(1500);
    expect(run.snapshot().log).toContainEqual({ t: 10_000, actor: 'scenario', kind: 'set', data: { arrivalRate: 200, note: 'surge' } });
  });

  it('never runs past its duration and steps stop at the end', () => {
    const run = new SimulationRun(load({ durationS: 1 }));
    run.advanceTo(5_000);
    expect(run.now).toBe(1_000);
    expect(run.finished).toBe(true);
    expect(run.stepEvent()).toBe(false);
    expect(run.stepInstant()).toBe(false);
  });

  it('step advances one event at a time', () => {
    const run = new SimulationRun(load({}));
    const before = run.env.eventsProcessed;
    expect(run.stepEvent()).toBe(true);
    expect(run.env.eventsProcessed).toBe(before + 1);
  });

  it('rejects live changes that are out of range, keeping the run', () => {
    const run = new SimulationRun(load({}));
    run.advanceTo(1_000);
    expect(run.setParam('servers', 0)).toBe('Servers (c): expected a whole number from 1 to 64, found 0');
    expect(run.setParam('nope', 1)).toBe('unknown parameter "nope"');
    expect(run.setParam('servers', 12)).toBeNull();
    run.advanceTo(2_000);
    expect(run.now).toBe(2_000);
  });

  it('conserves requests: arrived = completed + abandoned + in flight (fast-check seed 20261127)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          arrivalRate: fc.double({ min: 1, max: 400, noNaN: true }),
          servers: fc.integer({ min: 1, max: 16 }),
          serviceMs: fc.double({ min: 1, max: 500, noNaN: true }),
          patienceMs: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 1000, noNaN: true })),
          warmupS: fc.constantFrom(0, 2),
          endS: fc.double({ min: 3, max: 10, noNaN: true }),
        }),
        ({ seed, warmupS, endS, ...parameters }) => {
          const run = new SimulationRun(load({ seed, warmupS, durationS: 10, parameters }), { traceLimit: 0 });
          run.advanceTo(endS * 1000);
          const m = run.metrics();
          const n = (k: string) => metricAt(m, k) as number;
          expect(n('customers.arrived')).toBe(n('customers.completed') + n('customers.abandoned') + n('customers.inFlight'));
        },
      ),
      { seed: 20261127, numRuns: 60 },
    );
  });
});
