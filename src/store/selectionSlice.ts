import type { RequestDetail } from '../lab/labDefinition';
import type { Particle } from '../lab/snapshot';
import { appStore, patchSlice } from './store';

/** What the learner clicked: a topology node or a request in flight. */
export interface SelectionSlice {
  nodeId: string | null;
  particleId: number | null;
  /** The particle as it was when last seen (it may have left the system since). */
  particle: Particle | null;
  /**
   * The selected request's story from the worker: undefined while it is being fetched, null when
   * the lab has forgotten it (it keeps only the most recent requests).
   */
  detail: RequestDetail | null | undefined;
  /** Clicking the request paused playback (the details say so). */
  pausedForIt: boolean;
}

export function initialSelection(): SelectionSlice {
  return { nodeId: null, particleId: null, particle: null, detail: undefined, pausedForIt: false };
}

export function selectNode(nodeId: string | null): void {
  patchSlice('selection', { nodeId, particleId: null, particle: null, detail: undefined, pausedForIt: false });
}

export function selectParticle(particle: Particle | null, pausedForIt = false): void {
  patchSlice('selection', { nodeId: null, particleId: particle?.id ?? null, particle, detail: undefined, pausedForIt });
}

/** The worker's answer for `particleId` (ignored if the selection has moved on). */
export function setRequestDetail(particleId: number, detail: RequestDetail | null): void {
  if (appStore.getState().selection.particleId !== particleId) return;
  patchSlice('selection', { detail });
}

export function clearSelection(): void {
  appStore.setState({ selection: initialSelection() });
}
