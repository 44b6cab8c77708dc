import { describe, expect, it } from 'vitest';
import type { Particle } from '../snapshot';
import { capParticles } from './particles';

const moving = (id: number): Particle => ({ id, from: 'sessions', to: 'primary', t0: id, t1: id + 5, state: 'ok' });
const waiting = (id: number): Particle => ({ id, from: 'sessions', to: 'sessions', t0: id, t1: id, state: 'waiting' });

describe('capParticles', () => {
  it('keeps a list under the cap as it is', () => {
    const list = [moving(1), waiting(2)];
    expect(capParticles(list, 5)).toBe(list);
  });

  it('keeps the old requests still on an edge over newer waiting ones, then the newest waiting, in arrival order', () => {
    // Two transfers on their way, then 500 waiting: keeping the newest 400 dropped the two a learner can click.
    const list = [moving(1), moving(2), ...Array.from({ length: 500 }, (_, i) => waiting(3 + i))];
    const kept = capParticles(list, 400);
    expect(kept).toHaveLength(400);
    expect(kept.slice(0, 2).map((p) => p.id)).toEqual([1, 2]);
    expect(kept.slice(2).map((p) => p.id)).toEqual(Array.from({ length: 398 }, (_, i) => 105 + i));
  });

  it('past the cap of moving ones alone, keeps the newest of them', () => {
    const list = Array.from({ length: 10 }, (_, i) => moving(i));
    expect(capParticles([...list, waiting(99)], 4).map((p) => p.id)).toEqual([6, 7, 8, 9]);
  });
});
