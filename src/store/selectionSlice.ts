import type { Particle } from '../lab/snapshot';
import { appStore, patchSlice } from './store';

/** What the learner clicked: a topology node or a request in flight. */
export interface SelectionSlice {
  nodeId: string | null;
  particleId: number | null;
  /** The particle as it was when last seen (it may have left the system since). */
  particle: Particle | null;
}

export function initialSelection(): SelectionSlice {
  return { nodeId: null, particleId: null, particle: null };
}

export function selectNode(nodeId: string | null): void {
  patchSlice('selection', { nodeId, particleId: null, particle: null });
}

export function selectParticle(particle: Particle | null): void {
  patchSlice('selection', { nodeId: null, particleId: particle?.id ?? null, particle });
}

export function clearSelection(): void {
  appStore.setState({ selection: initialSelection() });
}
