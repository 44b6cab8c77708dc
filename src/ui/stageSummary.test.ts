import { describe, expect, it } from 'vitest';
import type { Particle, TopologyNode } from '../lab/snapshot';
import { stageSummaryText, type StageSummaryInput } from './stageSummary';

const node = (id: string, status: TopologyNode['status'] = 'up'): TopologyNode => ({ id, label: id.charAt(0).toUpperCase() + id.slice(1), kind: 'database', x: 0, y: 0, status, badges: [] });
const particle = (id: number, state: Particle['state']): Particle => ({ id, from: 'app', to: 'primary', t0: 0, t1: 1, state });

const base: StageSummaryInput = {
  title: 'Replication',
  loaded: true,
  playing: true,
  finished: false,
  speed: 10,
  now: 12_345,
  snapshot: { topology: { nodes: [node('primary'), node('replica', 'down')], edges: [] }, particles: [particle(1, 'ok'), particle(2, 'ok'), particle(3, 'waiting'), particle(4, 'failed')] },
  headline: [
    { key: 'tp', label: 'Throughput', value: 95.24, unit: '/s', origin: 'simulated' },
    { key: 'p95', label: 'p95 latency', value: 120, unit: 'ms', origin: 'simulated' },
    { key: 'stale', label: 'Stale reads', value: 3.5, unit: '%', origin: 'simulated' },
    { key: 'lag', label: 'Lag', value: 2, unit: 's', origin: 'simulated' },
    { key: 'fifth', label: 'Not read', value: 1, unit: '', origin: 'real' },
  ],
};

describe('stageSummaryText: the stage in words for a screen reader', () => {
  it('says the clock, the requests by state, the nodes not up and the first four figures', () => {
    expect(stageSummaryText(base)).toBe(
      'Replication at 12.3 s simulated, playing at 10×. Requests drawn: 2 in progress, 1 waiting, 1 failed. Replica is down. Throughput 95.2 /s; p95 latency 120 ms; Stale reads 3.50%; Lag 2 s.',
    );
  });

  it('says paused, finished or loading, and when no request is drawn', () => {
    const idle = { ...base, playing: false, headline: [], snapshot: { ...base.snapshot!, particles: [], topology: { nodes: [node('primary')], edges: [] } } };
    expect(stageSummaryText(idle)).toBe('Replication at 12.3 s simulated, paused. No requests drawn.');
    expect(stageSummaryText({ ...idle, finished: true })).toBe('Replication at 12.3 s simulated, finished. No requests drawn.');
    expect(stageSummaryText({ ...base, loaded: false })).toBe('Replication: loading the lab.');
    expect(stageSummaryText({ ...base, speed: 'max' })).toContain('playing as fast as possible.');
  });
});
