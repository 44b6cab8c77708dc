import { formatSpeed } from '../app/format';
import type { AchievedSpeed, Speed } from '../runner/protocol';

/** What the playback status needs to know. */
export interface PlaybackTextInput {
  loaded: boolean;
  finished: boolean;
  playing: boolean;
  speed: Speed;
  /** A new run is being prepared and it is taking long enough to say so (replicas re-cloning…). */
  preparing: boolean;
  /** Playing, but the clock stands still waiting for PostgreSQL (PGlite) to answer a real statement. */
  waitingForSql?: boolean;
}

/** "Playing at 10×", "Paused · speed 1×", "Resetting the run…": the status beside the title. */
export function playbackStatusText(p: PlaybackTextInput): string {
  if (!p.loaded) return 'Loading…';
  // Play pressed during a reset is kept: the clock starts when the run is ready, not before.
  if (p.preparing) return p.playing ? 'Resetting · plays when ready' : 'Resetting the run…';
  if (p.finished) return 'Finished — reset to run again';
  // Never "Playing" over a clock that stands still (issue 18, item 7): the clock moves again when the statement returns.
  if (p.playing && p.waitingForSql === true) return `Waiting for PostgreSQL… (then ${formatSpeed(p.speed)})`;
  return p.playing ? `Playing at ${formatSpeed(p.speed)}` : `Paused · speed ${formatSpeed(p.speed)}`;
}

/** A measured speed, two significant digits: 0.63 → "0.63×", 12.4 → "12×", 412 → "412×". */
export function formatAchieved(speed: number): string {
  if (speed >= 10) return `${Math.round(speed)}×`;
  if (speed >= 1) return `${Number(speed.toFixed(1))}×`;
  return `${Number(speed.toPrecision(2))}×`;
}

/** The speed the clock really keeps, beside the one asked for, and why it is lower; null when it keeps up. */
export function achievedSpeedText(requested: Speed, achieved: AchievedSpeed | null): { text: string; title: string } | null {
  if (achieved === null) return null;
  const kept = formatAchieved(achieved.speed);
  const waiting = `${Math.round(achieved.waitingShare * 100)} % of the time`;
  const why =
    achieved.limitedBy === 'database'
      ? `the run waits for PostgreSQL (PGlite, in this browser) to answer its real statements (${waiting})`
      : 'the simulation itself cannot run faster on this machine';
  const same = 'The numbers are the same at any speed; only how fast they arrive changes.';
  if (requested === 'max') {
    const text = `reaching ${kept}${achieved.limitedBy === 'database' ? ' · waiting for PGlite' : ''}`;
    return { text, title: `As fast as possible is ${kept} of wall time now: ${why}. ${same}` };
  }
  if (achieved.limitedBy === null) return null;
  const short = achieved.limitedBy === 'database' ? 'waiting for PGlite' : 'machine at its limit';
  return {
    text: `actually ${kept} · ${short}`,
    title: `The simulated clock keeps ${kept} of wall time, not the ${formatSpeed(requested)} asked for: ${why}. ${same}`,
  };
}
