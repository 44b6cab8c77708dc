import type { Scenario, ScriptedEvent, TourStep } from '../scenario/schema';

/**
 * How long after the step before it stopped a step's changes happen (simulated seconds): just
 * after, so that the paused stop still shows the state its caption describes (a run stopped at t
 * has applied the scripted changes due at t).
 */
export const CHANGE_AFTER_STOP_S = 0.001;

/** When step `index`'s changes happen: just after the step before it stopped (at a time), or 0 for the first. */
export function stepStartS(tour: readonly TourStep[], index: number): number | null {
  if (index === 0) return 0;
  const before = tour[index - 1]?.until;
  return before !== undefined && 'time' in before ? before.time + CHANGE_AFTER_STOP_S : null;
}

/**
 * A tour's parameter changes and actions as scripted events, at the time each step starts, so
 * that a tour run is an ordinary run of its scenario (the same numbers in the app, the CLI and the
 * tests, and Back replays it exactly). Validation makes sure each such step has a known start.
 */
export function tourEvents(tour: readonly TourStep[]): ScriptedEvent[] {
  const events: ScriptedEvent[] = [];
  tour.forEach((step, index) => {
    const atS = stepStartS(tour, index);
    if (atS === null) return;
    const note = `tour step ${index + 1}`;
    if (step.set !== undefined && Object.keys(step.set).length > 0) events.push({ atS, set: { ...step.set }, note });
    for (const a of step.actions ?? []) events.push({ atS, action: a.action, args: { ...(a.args ?? {}) }, note });
  });
  return events;
}

/**
 * The scenario's events with its tour's added (once: a scenario saved from the app already holds
 * them, and reading it again must not run an action twice).
 */
export function withTourEvents(scenario: Scenario): Scenario {
  if (scenario.tour === undefined) return scenario;
  const have = new Set(scenario.events.map((e) => JSON.stringify(e)));
  const added = tourEvents(scenario.tour).filter((e) => !have.has(JSON.stringify(e)));
  return added.length === 0 ? scenario : { ...scenario, events: [...scenario.events, ...added] };
}
