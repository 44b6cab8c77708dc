import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { initialPlayback, type PlaybackSlice } from './playbackSlice';
import { initialScenario, type ScenarioSlice } from './scenarioSlice';
import { initialSnapshot, type SnapshotSlice } from './snapshotSlice';
import { initialSelection, type SelectionSlice } from './selectionSlice';
import { initialUi, type UiSlice } from './uiSlice';
import { initialConsole, type ConsoleSlice } from './consoleSlice';
import { initialSweep, type SweepSlice } from './sweepSlice';

/**
 * What the screen shows, one slice per concern (DESIGN.md §5). The simulation does not live
 * here: the worker publishes snapshots and the simulation client applies them once per frame.
 * State is changed only through the module-level actions exported by each slice file.
 */
export interface AppState {
  playback: PlaybackSlice;
  scenario: ScenarioSlice;
  snapshot: SnapshotSlice;
  selection: SelectionSlice;
  ui: UiSlice;
  console: ConsoleSlice;
  sweep: SweepSlice;
}

// The initial-state factories are function declarations: they are hoisted, so this module can be
// evaluated before the slice modules finish (they import `appStore` back for their actions).
export const appStore = createStore<AppState>()(() => ({
  playback: initialPlayback(),
  scenario: initialScenario(),
  snapshot: initialSnapshot(),
  selection: initialSelection(),
  ui: initialUi(),
  console: initialConsole(),
  sweep: initialSweep(),
}));

/** Select from the store in a component; select primitives or stable references (or use useShallow). */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Replace one slice's fields (shallow merge within the slice). */
export function patchSlice<K extends keyof AppState>(key: K, patch: Partial<AppState[K]>): void {
  appStore.setState((state) => ({ [key]: { ...state[key], ...patch } }) as Pick<AppState, K>);
}
