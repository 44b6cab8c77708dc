import type { Environment, ProcessGenerator, Rng } from '../engine';

/**
 * Poisson arrivals: exponential gaps at the current rate (read at each gap, so a live change of
 * the rate takes effect at the next arrival), each calling `admit`. Every lab with a stream of
 * clients uses it, so they draw their arrivals the same way.
 */
export function* poissonArrivals(env: Environment, rng: Rng, ratePerS: () => number, admit: () => void): ProcessGenerator<void> {
  for (;;) {
    yield env.timeout(rng.exponential(1000 / ratePerS()));
    admit();
  }
}
