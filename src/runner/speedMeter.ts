import type { AchievedSpeed, Speed } from './protocol';

/** How much wall time the achieved speed is measured over (ms): long enough to be steady, short enough to follow a change. */
export const SPEED_WINDOW_MS = 2000;
/** Less play than this (wall ms) tells nothing yet. */
const MIN_SPAN_MS = 500;
/** Below this share of the speed asked for, the clock is said to lag. */
const KEEPS_UP = 0.9;
/** Waiting for PGlite at least this share of the time makes the database the reason. */
const DATABASE_SHARE = 0.25;

interface Sample {
  wall: number;
  sim: number;
  /** Wall ms spent waiting for real statements since the meter started. */
  waited: number;
}

/**
 * Measures the speed the simulated clock really keeps while playing, and what holds it back:
 * each tick records the wall time, the simulated time and the wall time spent awaiting real SQL.
 * The learner asked for 10× and sees "0.6× · waiting for PostgreSQL" rather than a speed that is
 * not the speed (issue 18, item 4).
 */
export class SpeedMeter {
  private samples: Sample[] = [];
  private waited = 0;

  /** Forget everything: play started, the speed changed, the run was replaced or moved. */
  restart(wall: number, sim: number): void {
    this.waited = 0;
    this.samples = [{ wall, sim, waited: 0 }];
  }

  /** `ms` of wall time were spent waiting for PGlite to answer. */
  addWaiting(ms: number): void {
    this.waited += ms;
  }

  /** The clock stands at `sim` at wall time `wall` (end of a tick). */
  record(wall: number, sim: number): void {
    if (this.samples.length === 0) {
      this.restart(wall, sim);
      return;
    }
    this.samples.push({ wall, sim, waited: this.waited });
    // Keep one sample at or before the window's start, so the window is always fully covered.
    while (this.samples.length > 2 && this.samples[1]!.wall <= wall - SPEED_WINDOW_MS) this.samples.shift();
  }

  /** The speed kept over the window, against `requested`; null until enough play was seen. */
  report(requested: Speed): AchievedSpeed | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined) return null;
    const span = last.wall - first.wall;
    if (span < MIN_SPAN_MS) return null;
    const speed = (last.sim - first.sim) / span;
    const waitingShare = Math.min(1, Math.max(0, (last.waited - first.waited) / span));
    const lags = requested === 'max' || speed < requested * KEEPS_UP;
    const limitedBy = !lags ? null : waitingShare >= DATABASE_SHARE ? 'database' : requested === 'max' ? null : 'machine';
    return { speed, waitingShare, limitedBy };
  }
}
