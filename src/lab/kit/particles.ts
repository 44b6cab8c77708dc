import type { Particle } from '../snapshot';

/** Particles a snapshot carries at most, unless a lab says otherwise (which are kept past it: capParticles). */
export const PARTICLE_CAP = 600;

/**
 * At most `cap` particles, so a snapshot stays small under any load: the moving ones first (a
 * request on an edge is what a learner clicks; waiting ones only fill a node's queue lane, whose
 * caption counts the rest), then the newest waiting ones, in the list's order (arrival order).
 */
export function capParticles(particles: Particle[], cap = PARTICLE_CAP): Particle[] {
  if (particles.length <= cap) return particles;
  const moving = particles.reduce((n, p) => n + (p.from !== p.to ? 1 : 0), 0);
  if (moving >= cap) return particles.filter((p) => p.from !== p.to).slice(moving - cap);
  let waitingRoom = cap - moving;
  const kept: Particle[] = [];
  for (let i = particles.length - 1; i >= 0; i--) {
    const p = particles[i]!;
    if (p.from !== p.to) kept.push(p);
    else if (waitingRoom > 0) {
      kept.push(p);
      waitingRoom--;
    }
  }
  return kept.reverse();
}
