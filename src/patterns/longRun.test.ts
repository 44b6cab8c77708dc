import { describe, expect, it } from 'vitest';
import type { AnyLab } from '../lab/defineLab';
import { labs } from '../labs';
import { SimulationRun } from '../runner/simulationRun';
import { defaultScenario, parseScenario } from '../scenario/parseScenario';
import { scenarioSchema } from '../scenario/schema';

/**
 * Every lab, model-only, for the longest run a scenario may ask for (a day today): it must
 * finish, and what it keeps must not grow with the horizon. Past 2^24 ms (4.7 h) the clock's
 * resolution is coarser than a nanosecond; the pooling and query labs once spun for ever there.
 */

const LONGEST_S = scenarioSchema.shape.durationS.maxValue ?? 86400;
const SHORT_S = 3600;

/**
 * Arrival rates for a day that takes seconds, not minutes, on a loaded 2-core machine. The
 * defaults (90 to 300 requests per second) make a day tens of millions of events; a lower rate
 * exercises the same code at the same clock magnitudes. The transactions lab runs at its
 * minimum (1 transfer/s): each statement goes through its SQL model, so even that is its
 * longest day.
 */
const ARRIVAL_RATE: Record<string, number> = { mmc: 2, pooling: 2, query: 0.1, replication: 2, sharding: 2, transactions: 1, caching: 2, denormalization: 2, production: 2 };

/** Wall-time bound per lab (the test timeout); a hang fails sooner, when the clock stops. */
const WALL_BOUND_MS = 240_000;
/** Events per slice; a legitimate run never spends this many at one instant. */
const SLICE_EVENTS = 1_000_000;

interface Retained {
  /** Characters of the snapshot as JSON: charts, metrics, particles, topology. */
  snapshotChars: number;
  /** Events on the engine's heap (cancelled ones included until popped). */
  scheduled: number;
}

function load(lab: AnyLab, durationS: number) {
  const rate = ARRIVAL_RATE[lab.id];
  const parsed = parseScenario({ ...defaultScenario(lab), durationS, parameters: rate === undefined ? {} : { arrivalRate: rate } });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return parsed.value;
}

/** Run to the end in slices, failing as soon as the clock stops advancing. */
async function runToEnd(lab: AnyLab, durationS: number): Promise<Retained> {
  const run = new SimulationRun(load(lab, durationS), { traceLimit: 0 });
  while (!run.finished) {
    const before = run.now;
    const status = run.advanceTo(run.durationMs, SLICE_EVENTS);
    if (status === 'blocked') await run.env.settleExternal();
    if (status === 'budget' && run.now === before) {
      throw new Error(`${lab.id}: ${SLICE_EVENTS} events at t = ${before} ms without the clock advancing`);
    }
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the test timeout fire
  }
  return { snapshotChars: JSON.stringify(run.snapshot()).length, scheduled: run.env.scheduledCount };
}

describe(`every lab runs model-only for ${LONGEST_S} s`, () => {
  it('the longest duration is past the clock magnitude that once hung (2^24 ms)', () => {
    expect(LONGEST_S * 1000).toBeGreaterThan(2 ** 24);
  });

  for (const lab of labs) {
    it(
      `${lab.id} finishes, keeping no more state than after ${SHORT_S} s`,
      async () => {
        const short = await runToEnd(lab, SHORT_S);
        const long = await runToEnd(lab, LONGEST_S);
        // Charts hold a fixed number of samples whatever the duration; a day's timestamps have a
        // digit more, hence the margin. Something kept per request would grow 24-fold.
        expect(long.snapshotChars).toBeLessThan(1.5 * short.snapshotChars);
        expect(long.scheduled).toBeLessThan(2 * short.scheduled + 50);
      },
      WALL_BOUND_MS,
    );
  }
});
