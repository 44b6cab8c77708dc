import type { SweepPoint } from '../runner/protocol';
import { patchSlice } from './store';

/** A parameter sweep computed in the background (its own worker), for the lab that asked. */
export interface SweepSlice {
  labId: string | null;
  status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  param: string;
  /** Values asked for, in order. */
  values: number[];
  points: SweepPoint[];
  /** The parameters the sweep was computed from (to tell when they have changed since). */
  basis: string;
  error: string | null;
  /** Wall ms the sweep took (when done). */
  wallMs: number | null;
}

export function initialSweep(): SweepSlice {
  return { labId: null, status: 'idle', param: '', values: [], points: [], basis: '', error: null, wallMs: null };
}

export function patchSweep(patch: Partial<SweepSlice>): void {
  patchSlice('sweep', patch);
}
