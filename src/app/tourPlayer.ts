import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { parseScenario } from '../scenario/parseScenario';
import type { Scenario, TourStep } from '../scenario/schema';
import { positionMs, resolveStepTimes, timesKnown } from '../tour/tourSteps';
import { appStore, type AppState } from '../store/store';
import { pause, play, seekTo } from './commands';
import { scenarioForRun } from './urlState';
import { loadLabModel } from '../lab/lazyModel';
import { pushToast } from '../store/uiSlice';

/**
 * The guided-tour player: while the lab's scenario carries a tour, Next runs to the next step's
 * stop and pauses exactly there, Back replays to the step before (a seek: runs are pure functions
 * of scenario and seed). The stops come from src/tour/tourSteps.ts; this file only drives the run.
 */
export interface TourState {
  /** The scenario whose tour is shown (null: no tour in this lab's run). */
  scenario: Scenario | null;
  steps: readonly TourStep[];
  /** Where each step stops, simulated ms; null while they are being worked out. */
  times: readonly number[] | null;
  /** The step the run stands at (-1: before the first). */
  index: number;
  /** The step being run to, or null. */
  goingTo: number | null;
}

export const tourStore = createStore<TourState>()(() => ({ scenario: null, steps: [], times: null, index: -1, goingTo: null }));

export function useTour<T>(selector: (state: TourState) => T): T {
  return useStore(tourStore, selector);
}

/** True while a tour is shown in a lab: its keys (→ ←, PageDown PageUp) then step the tour. */
export function tourActive(): boolean {
  const { scenario, times } = tourStore.getState();
  return scenario !== null && times !== null && appStore.getState().ui.route.name === 'lab';
}

/** How far ahead of a stop the run is paused and finishes exactly with a seek, wall ms (a few frames of play). */
const LANDING_WALL_MS = 150;

/** Run to the next step and pause there; pressed again while running, jump straight to it. */
export function tourNext(): void {
  const { times, index, goingTo, steps } = tourStore.getState();
  if (times === null) return;
  const next = Math.min((goingTo ?? index) + 1, steps.length - 1);
  if (goingTo !== null || next === index) {
    if (goingTo !== null) land(goingTo);
    return;
  }
  tourStore.setState({ goingTo: next });
  const { playback } = appStore.getState();
  const target = positionMs(times, next);
  if (playback.speed === 'max' || target <= playback.now) land(next);
  else play();
}

/** Back to the step before (replayed from the start, exactly), or to the start of the run. */
export function tourBack(): void {
  const { times, index, goingTo } = tourStore.getState();
  if (times === null) return;
  const now = appStore.getState().playback.now;
  // Between two steps (played on, or running to the next), Back returns to the step it left.
  const to = goingTo !== null || now > positionMs(times, index) ? index : index - 1;
  tourStore.setState({ goingTo: Math.max(-1, to) });
  land(Math.max(-1, to));
}

/** Stop exactly at step `index`'s point (a seek: forward runs on, backward replays). */
function land(index: number): void {
  const { times } = tourStore.getState();
  if (times === null) return;
  pause();
  seekTo(positionMs(times, index));
}

/** Follow the run: arrive at the step being run to, pause just before it, keep the index honest. */
function follow(state: AppState): void {
  const tour = tourStore.getState();
  const { playback } = state;
  if (tour.times === null || !playback.loaded) return;
  if (tour.goingTo !== null) {
    const target = positionMs(tour.times, tour.goingTo);
    if (!playback.playing && playback.seekingTo === null && !playback.preparing && playback.now === target) {
      tourStore.setState({ index: tour.goingTo, goingTo: null });
    } else if (playback.playing) {
      const speed = typeof playback.speed === 'number' ? playback.speed : Infinity;
      if (playback.now >= target - speed * LANDING_WALL_MS || playback.finished) land(tour.goingTo);
    }
    return;
  }
  // The learner moved the run themselves (played on, sought, reset): the step is the last one passed.
  const at = positionMs(tour.times, tour.index);
  const nextAt = tour.index + 1 < tour.times.length ? tour.times[tour.index + 1]! : Infinity;
  if (playback.seekingTo === null && (playback.now < at || playback.now > nextAt)) {
    let index = -1;
    tour.times.forEach((t, i) => {
      if (t <= playback.now) index = i;
    });
    tourStore.setState({ index });
  }
}

const resolved = new Map<string, number[]>();

/** Work out the stops of a tour: at once for times, else a model-only run on the page in slices. */
async function stopsOf(scenario: Scenario): Promise<number[] | null> {
  const tour = scenario.tour ?? [];
  const key = JSON.stringify(scenario);
  const known = resolved.get(key);
  if (known !== undefined) return known;
  const parsed = parseScenario(scenario);
  if (!parsed.ok) return null;
  const durationMs = scenario.durationS * 1000;
  let times: number[];
  if (timesKnown(tour)) times = await resolveStepTimes(tour, { durationMs, advanceToAsync: () => Promise.resolve(), metrics: () => ({}) });
  else {
    // The engine and the lab's model are loaded only for a tour that needs a run to find its stops.
    const [{ SimulationRun }] = await Promise.all([import('../runner/simulationRun'), loadLabModel(parsed.value.lab)]);
    const run = new SimulationRun(parsed.value, { traceLimit: 0 });
    let last = performance.now();
    // Yield to the page every ~20 ms so that it stays responsive while the stops are found.
    const breathe = async () => {
      if (performance.now() - last < 20) return;
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    };
    times = await resolveStepTimes(tour, run, breathe);
  }
  resolved.set(key, times);
  return times;
}

/** Keep the tour in step with the lab's scenario and run; returns the unsubscribe function. */
export function installTourPlayer(): () => void {
  let shownFor: Scenario | null = null;
  return appStore.subscribe((state) => {
    const base = state.scenario.base;
    const withTour = state.ui.route.name === 'lab' && base !== null && base.tour !== undefined ? base : null;
    if (withTour !== shownFor) {
      shownFor = withTour;
      if (withTour === null) {
        tourStore.setState({ scenario: null, steps: [], times: null, index: -1, goingTo: null });
        return;
      }
      tourStore.setState({ scenario: withTour, steps: withTour.tour ?? [], times: null, index: -1, goingTo: null });
      const { runParams, edits } = state.scenario;
      stopsOf(scenarioForRun(withTour, runParams, edits)).then(
        (times) => {
          if (shownFor === withTour && times !== null) {
            tourStore.setState({ times });
            follow(appStore.getState());
          }
        },
        // The lab's model could not be loaded (offline before it was cached, a new deployment).
        (error: unknown) => pushToast('error', `The tour's stops could not be worked out: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`),
      );
      return;
    }
    follow(state);
  });
}
