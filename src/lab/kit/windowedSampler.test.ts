import { describe, expect, it } from 'vitest';
import { Environment } from '../../engine';
import { SAMPLES_PER_RUN, WindowedSampler } from './windowedSampler';

describe('WindowedSampler.chart', () => {
  it('draws each named line from its sampled series, in the order given, with the references kept', () => {
    const env = new Environment();
    let n = 0;
    const sampler = new WindowedSampler(env, SAMPLES_PER_RUN * 10, () => ({ a: ++n, b: n % 2 === 0 ? null : 10 * n }));
    sampler.start();
    env.run({ until: 35 });
    expect(sampler.chart({ id: 'c', title: 'T', unit: 'ms', references: [{ name: 'r', value: 1 }] }, { 'line b': 'b', 'line a': 'a', never: 'x' })).toEqual({
      id: 'c',
      title: 'T',
      unit: 'ms',
      series: [
        { name: 'line b', points: [[10, 10], [30, 30]] },
        { name: 'line a', points: [[10, 1], [20, 2], [30, 3]] },
        { name: 'never', points: [] },
      ],
      references: [{ name: 'r', value: 1 }],
    });
    expect(Object.keys(sampler.chart({ id: 'c', title: 'T', unit: 'ms' }, {}))).toEqual(['id', 'title', 'unit', 'series']);
  });
});
