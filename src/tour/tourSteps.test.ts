import { describe, expect, it } from 'vitest';
import type { MetricTree } from '../lab/snapshot';
import type { TourStep } from '../scenario/schema';
import { positionMs, resolveStepTimes, stepLabel, timesKnown, tourTitle, type TourProbe } from './tourSteps';

/** A fake run whose metric `n` counts tenths of a second (n = t / 100 ms), recording where it was asked to stop. */
function countingProbe(durationMs: number): TourProbe & { stops: number[] } {
  let now = 0;
  const stops: number[] = [];
  return {
    durationMs,
    stops,
    advanceToAsync(ms: number) {
      if (ms < now) throw new Error('a probe only goes forward');
      now = ms;
      stops.push(ms);
      return Promise.resolve();
    },
    metrics: (): MetricTree => ({ n: Math.floor(now / 100) }),
  };
}

const step = (until: TourStep['until']): TourStep => ({ until, caption: 'c' });

describe('tour steps', () => {
  it('stops a time step at its time and a metric step at the first 0.1 s point after the step before where it holds', async () => {
    const tour = [step({ time: 2 }), step({ metric: 'n', op: '>=', value: 35 }), step({ time: 3 }), step({ metric: 'n', op: '>', value: 1e9 })];
    const probe = countingProbe(10_000);
    expect(await resolveStepTimes(tour, probe)).toEqual([2000, 3500, 3500, 10_000]);
    // A metric condition is checked on the grid only (never between two points), from the step before.
    expect(probe.stops[0]).toBe(2100);
    expect(probe.stops.every((t) => t % 100 === 0)).toBe(true);
  });

  it('resolves a tour of times without running it', async () => {
    const tour = [step({ time: 1 }), step({ time: 2.5 })];
    expect(timesKnown(tour)).toBe(true);
    const probe = countingProbe(2000);
    expect(await resolveStepTimes(tour, probe)).toEqual([1000, 2000]);
    expect(probe.stops).toEqual([]);
  });

  it('names positions: before the first step, then step k of n', () => {
    expect(positionMs([1000, 2000], -1)).toBe(0);
    expect(positionMs([1000, 2000], 1)).toBe(2000);
    expect(stepLabel(-1, 4)).toBe('4 steps');
    expect(stepLabel(0, 4)).toBe('Step 1 of 4');
  });
});

describe('tour titles', () => {
  it('drop the "Tour:" prefix and start with a capital', () => {
    expect(tourTitle('Tour: the lost update')).toBe('The lost update');
  });
});
