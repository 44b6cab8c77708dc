import type { PlaybackStatus, Speed } from '../runner/protocol';
import { appStore, patchSlice } from './store';

/** Where the run is, as last reported by the worker (its parameters go to the scenario slice). */
export interface PlaybackSlice extends Omit<PlaybackStatus, 'params'> {
  /** A run is loaded in the worker. */
  loaded: boolean;
  /** `performance.now()` when this status arrived: the particle layer extrapolates from it. */
  receivedAt: number;
  /** Seek in progress (target, ms): the clock shows it and the URL is not rewritten meanwhile. */
  seekingTo: number | null;
  /**
   * A new run was asked for (a load, a reset) and has not reported yet: PostgreSQL may be booting
   * or its replicas re-cloning. Play pressed meanwhile starts the clock once the run is ready.
   */
  preparing: boolean;
}

export function initialPlayback(): PlaybackSlice {
  return {
    loaded: false,
    playing: false,
    speed: 1,
    now: 0,
    durationMs: 0,
    finished: false,
    eventsProcessed: 0,
    seed: 1,
    statementsRun: 0,
    achieved: null,
    waitingForSql: false,
    sqlJoining: false,
    receivedAt: 0,
    seekingTo: null,
    preparing: false,
  };
}

/** Apply a status sent by the worker with a snapshot. */
export function applyStatus(status: PlaybackStatus, receivedAt: number): void {
  const { params: _inScenarioSlice, ...playback } = status;
  patchSlice('playback', { ...playback, loaded: true, receivedAt, preparing: false });
}

export function setPreparing(preparing: boolean): void {
  patchSlice('playback', { preparing });
}

export function setSeekingTo(ms: number | null): void {
  patchSlice('playback', { seekingTo: ms });
}

/** Forget the run (a new lab is opening). */
export function clearPlayback(speed: Speed = appStore.getState().playback.speed): void {
  appStore.setState({ playback: { ...initialPlayback(), speed } });
}

/**
 * Simulated time now, extrapolated from the last status by the playback speed so that motion
 * stays smooth between snapshots (never more than `maxAheadMs` of wall time ahead).
 */
export function extrapolatedNow(p: PlaybackSlice, wallNow: number, maxAheadMs = 50): number {
  if (!p.playing || p.speed === 'max') return p.now;
  const ahead = Math.min(Math.max(wallNow - p.receivedAt, 0), maxAheadMs) * p.speed;
  return Math.min(p.now + ahead, p.durationMs);
}
