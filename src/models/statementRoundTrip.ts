import type { Environment, ProcessGenerator } from '../engine';
import type { DatabaseCpu } from './databaseCpu';

/** Where a statement is on its round trip: going out, executing on the database, coming back. */
export type RoundTripPhase = 'out' | 'executing' | 'back';

/** Where one round trip's time went, ms. */
export interface RoundTripTimes {
  networkMs: number;
  /** Time on the database's CPU, including any slowdown from other statements sharing it. */
  databaseMs: number;
}

/**
 * One statement sent from an application to a database and its answer awaited: half the network
 * round trip out, the statement's `workMs` on the database's CPU (shared with whatever else runs
 * there), half the round trip back. `onPhase` hears each phase as it begins, with its length
 * when nothing else competes (ms), so a view can draw the statement where it is.
 *
 * An application that sends statements one after the other (an ORM's lazy loading, a batch, a
 * transaction's statements) calls this once per statement: each costs a full round trip.
 */
export function* statementRoundTrip(
  env: Environment,
  cpu: DatabaseCpu,
  rttMs: number,
  workMs: number,
  onPhase?: (phase: RoundTripPhase, ms: number) => void,
): ProcessGenerator<RoundTripTimes> {
  const half = rttMs / 2;
  onPhase?.('out', half);
  if (half > 0) yield env.timeout(half);
  onPhase?.('executing', workMs);
  const started = env.now;
  yield cpu.run(workMs);
  const databaseMs = env.now - started;
  onPhase?.('back', half);
  if (half > 0) yield env.timeout(half);
  return { networkMs: 2 * half, databaseMs };
}
