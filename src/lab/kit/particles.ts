import type { Particle } from '../snapshot';

/** Particles a snapshot carries at most, unless a lab says otherwise; past it the newest are kept. */
export const PARTICLE_CAP = 600;

/** The newest `cap` particles (the list is in arrival order), so a snapshot stays small under any load. */
export function capParticles(particles: Particle[], cap = PARTICLE_CAP): Particle[] {
  return particles.length > cap ? particles.slice(particles.length - cap) : particles;
}
