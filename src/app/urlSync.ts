import { findLab } from '../labs';
import { appStore, type AppState } from '../store/store';
import { labHash } from './router';
import { buildLabQuery } from './urlState';

/** Rewrites wait this long after the last change (browsers throttle history updates). */
const URL_DEBOUNCE_MS = 250;

/** The address the lab's state should have now, or null when it should not be touched. */
export function desiredHash(state: AppState): string | null {
  const { ui, scenario, playback } = state;
  if (ui.route.name !== 'lab' || scenario.labId !== ui.route.labId || scenario.base === null) return null;
  // Mid-load, mid-reset, mid-seek or with an edit whose time is not known yet, the state is in between.
  if (!playback.loaded || playback.preparing || playback.seekingTo !== null || scenario.edits.some((e) => Number.isNaN(e.atMs))) return null;
  const lab = findLab(scenario.labId);
  if (lab === undefined) return null;
  const query = buildLabQuery({
    lab,
    base: scenario.base,
    presetName: scenario.presetName,
    runParams: scenario.runParams,
    edits: scenario.edits,
    speed: playback.speed,
    tMs: playback.playing ? null : playback.now,
  });
  return labHash(lab.id, query, ui.route.embed === true);
}

/** Keep the address equal to the lab's state with history.replaceState (no new history entries). */
export function installUrlSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const hash = desiredHash(appStore.getState());
    if (hash !== null && hash !== window.location.hash) window.history.replaceState(window.history.state, '', hash);
  };
  let last: string | null = null;
  const unsubscribe = appStore.subscribe((state) => {
    const hash = desiredHash(state);
    if (hash === null || hash === last) return;
    last = hash;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, URL_DEBOUNCE_MS);
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
