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

/** The part of `window` the address writer touches (a stand-in in tests). */
export interface AddressBar {
  location: { hash: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
}

/**
 * Keep the address equal to the lab's state with history.replaceState (no new history entries).
 * A write waits for the state to settle; if the address changed meanwhile (a link followed, an
 * address typed), the page is about to follow that address, and the older state must not
 * overwrite it: a `hashchange` is dispatched after the assignment, so a debounced write can land
 * between the two (it did: a fault-timeline link clicked just after pausing replayed to the
 * paused time instead of the link's).
 */
export function installUrlSync(bar: AddressBar = window): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let addressWhenScheduled = '';
  let last: string | null = null;
  const flush = () => {
    timer = null;
    if (bar.location.hash !== addressWhenScheduled) {
      last = null;
      return;
    }
    const hash = desiredHash(appStore.getState());
    if (hash !== null && hash !== bar.location.hash) bar.history.replaceState(bar.history.state, '', hash);
  };
  const unsubscribe = appStore.subscribe((state) => {
    const hash = desiredHash(state);
    if (hash === null || hash === last) return;
    last = hash;
    if (timer !== null) clearTimeout(timer);
    addressWhenScheduled = bar.location.hash;
    timer = setTimeout(flush, URL_DEBOUNCE_MS);
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
