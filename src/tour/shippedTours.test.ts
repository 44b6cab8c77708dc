import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parseScenario';
import { shippedScenarioFiles } from '../scenario/shippedFiles';
import { SimulationRun } from '../runner/simulationRun';
import type { LoadedScenario } from '../scenario/parseScenario';
import { conditionHolds, resolveStepTimes, walkTour } from './tourSteps';

const tours = shippedScenarioFiles().filter((f) => (JSON.parse(readFileSync(f.path, 'utf8')) as { tour?: unknown }).tour !== undefined);

/** A run of its own (a run changes the parameters it was given). */
const freshRun = (loaded: LoadedScenario) => new SimulationRun({ ...loaded, params: { ...loaded.params } }, { traceLimit: 0 });

describe('shipped guided tours', () => {
  it('ships a tour for the pooling, query, replication and transactions labs', () => {
    const labs = new Set(tours.map((t) => t.lab));
    for (const lab of ['pooling', 'query', 'replication', 'transactions']) expect(labs.has(lab), lab).toBe(true);
  });

  // Each caption states facts about the run at its stop: the step's expectations are those facts.
  for (const file of tours) {
    it(`${file.name}: every step is reached and what its caption claims holds there`, async () => {
      const parsed = parseScenario(JSON.parse(readFileSync(file.path, 'utf8')));
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
      const tour = parsed.value.scenario.tour!;
      expect(tour.length).toBeGreaterThanOrEqual(3);
      expect(tour.length).toBeLessThanOrEqual(6);
      const times = await resolveStepTimes(tour, freshRun(parsed.value));
      const walked = await walkTour(tour, freshRun(parsed.value), times);
      walked.forEach((w, i) => {
        const until = tour[i]!.until;
        if ('metric' in until) expect(conditionHolds(until, w.metrics), `step ${i + 1} reaches its condition`).toBe(true);
        expect(tour[i]!.expect?.length ?? 0, `step ${i + 1} states what holds`).toBeGreaterThan(0);
        expect(w.expectations.filter((e) => !e.passed).map((e) => `step ${i + 1}: ${e.text}`)).toEqual([]);
      });
    });
  }
});
