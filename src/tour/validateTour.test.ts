import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parseScenario';

const base = { name: 'demo', title: 'Demo', lab: 'mmc', durationS: 30 };

function issues(data: unknown): string[] {
  const result = parseScenario(data);
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('tour in a scenario file', () => {
  it('accepts a tour and adds its changes as scripted events just after the step before stops', () => {
    const result = parseScenario({
      ...base,
      tour: [
        { until: { time: 10 }, caption: 'ten', set: { arrivalRate: 80 }, highlight: { node: 'queue' } },
        { until: { time: 20 }, caption: 'twenty', set: { servers: 12 }, highlight: { chart: 'wait' } },
        { until: { metric: 'customers.completed', op: '>', value: 100 }, caption: 'more', highlight: { figure: 'utilization' } },
      ],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.scenario.events).toEqual([
      { atS: 0, set: { arrivalRate: 80 }, note: 'tour step 1' },
      { atS: 10.001, set: { servers: 12 }, note: 'tour step 2' },
    ]);
    // A scenario saved from the app holds the events already: reading it again adds nothing.
    const again = parseScenario(result.value.scenario);
    expect(again.ok && again.value.scenario.events.length).toBe(2);
  });

  it('accepts an item of a list metric past the items a run starts with (a shard added while it plays), not of a plain metric', () => {
    const sharded = { name: 'demo', title: 'Demo', lab: 'sharding', durationS: 30, parameters: { shards: 2 } };
    const step = (metric: string) => ({ until: { time: 10 }, caption: 'split', expect: [{ metric, op: '>=', value: 0 }] });
    expect(parseScenario({ ...sharded, tour: [step('shards.requests.7')] }).ok).toBe(true);
    expect(issues({ ...sharded, tour: [step('latencyMs.p99.1')] })).toEqual([expect.stringMatching(/^tour\[0\]\.expect\[0\]\.metric: unknown metric "latencyMs.p99.1"/)]);
  });

  it('names the path of every problem', () => {
    expect(
      issues({
        ...base,
        tour: [
          { until: { time: 40 }, caption: 'late' },
          { until: { time: 5 }, caption: 'back in time' },
          { until: { metric: 'x', op: '>', value: 1 }, caption: 'unknown metric' },
          { until: { time: 25 }, caption: 'after a condition', set: { servers: 2 } },
          { until: { time: 26 }, caption: 'bad names', set: { nope: 1 }, highlight: { node: 'nowhere' } },
          { until: { time: 27 }, caption: 'bad pointer', highlight: { chart: 'pie' }, expect: [{ metric: 'y', op: '>', value: 0 }] },
        ],
      }),
    ).toEqual([
      'tour[0].until.time: expected a time within the run (up to 30 s), found 40',
      "tour[1].until.time: expected a time after the previous step's (40 s), found 5",
      expect.stringMatching(/^tour\[2\]\.until\.metric: unknown metric "x"; this lab's metrics are /),
      'tour[3].until.time: expected a time after the previous step\'s (40 s), found 25',
      expect.stringMatching(/^tour\[3\]\.set: a step that changes the run must be the first or follow a step that stops at a time/),
      "tour[4].until.time: expected a time after the previous step's (40 s), found 26",
      expect.stringMatching(/^tour\[4\]\.set\.nope: unknown parameter of lab "mmc"/),
      expect.stringMatching(/^tour\[4\]\.highlight\.node: unknown node "nowhere"; this lab's nodes are clients, queue, servers$/),
      "tour[5].until.time: expected a time after the previous step's (40 s), found 27",
      'tour[5].highlight.chart: unknown chart "pie"; this lab\'s charts are wait, occupancy, throughput',
      expect.stringMatching(/^tour\[5\]\.expect\[0\]\.metric: unknown metric "y"/),
    ]);
  });

  it('checks the shape: a caption, one thing to highlight, a known kind of stop', () => {
    expect(issues({ ...base, tour: [{ until: { time: 1 }, caption: '', highlight: { node: 'a', chart: 'b' } }] })).toEqual([
      'tour[0].caption: expected text of length at least 1, found ""',
      'tour[0].highlight: expected exactly one of "node", "chart" or "figure", found an object',
    ]);
    expect(issues({ ...base, tour: [] })[0]).toMatch(/^tour: /);
    expect(issues({ ...base, tour: [{ until: { when: 3 }, caption: 'c' }] })[0]).toMatch(/^tour\[0\]\.until/);
  });
});

describe('a tour checked where the lab’s model is not loaded (the page before a run needs it)', () => {
  it('skips only the names the model would give; the worker, with the model, refuses them', async () => {
    const { tourIssues } = await import('./validateTour');
    const { lazyModel } = await import('../lab/lazyModel');
    const { findLab } = await import('../labs');
    const mmc = findLab('mmc')!;
    const notLoaded = { ...mmc, create: lazyModel(() => new Promise<never>(() => {})) };
    const tour = [
      { until: { metric: 'x', op: '>', value: 1 }, caption: 'unknown metric' },
      { until: { time: 5 }, caption: 'bad pointer', highlight: { node: 'nowhere' }, expect: [{ metric: 'y', op: 'approx', value: 0 }] },
    ];
    const scenario = { ...base, seed: 1, warmupS: 0, parameters: {}, events: [], expectations: [], tour } as unknown as Parameters<typeof tourIssues>[0];
    const params = Object.fromEntries(mmc.params.map((p) => [p.key, p.default]));
    const messages = (lab: typeof mmc) => tourIssues(scenario, lab, params).map((i) => `${i.path}: ${i.message}`);
    // Without the model: the tolerance an "approx" needs is still asked for; the names are not checked.
    expect(messages(notLoaded)).toEqual(['tour[1].expect[0].tolerance: expected a tolerance for op "approx", found nothing']);
    // With it (the simulation worker loads it before parsing): every name is checked.
    expect(messages(mmc)).toEqual([
      expect.stringMatching(/^tour\[0\]\.until\.metric: unknown metric "x"/),
      expect.stringMatching(/^tour\[1\]\.highlight\.node: unknown node "nowhere"/),
      expect.stringMatching(/^tour\[1\]\.expect\[0\]\.metric: unknown metric "y"/),
      'tour[1].expect[0].tolerance: expected a tolerance for op "approx", found nothing',
    ]);
  });
});
