import type { SimulationRun } from './simulationRun';

/**
 * Where a run stands, exactly: how many events it has processed and its clock. Two runs of one
 * scenario and seed that have processed the same events are in the same state (the engine is
 * deterministic, and a run's events do not depend on whether its statements run for real).
 */
export interface RunPosition {
  events: number;
  now: number;
}

/** What the learner did to a run at a position: a live parameter change or a lab action. */
export type RecordedInput =
  | { at: RunPosition; kind: 'set'; key: string; value: unknown }
  | { at: RunPosition; kind: 'action'; name: string; args: Record<string, unknown> };

/**
 * A run of a lab whose statements write, playing model-only while its database nodes boot, and
 * what the learner did to it. When the nodes are ready the same run is replayed with real SQL to
 * the same position (the inputs applied where they were), so the real rows hold every write the
 * model made, and the replay takes the model-only run's place: the numbers do not change.
 */
export class ReplayJoin {
  private readonly recorded: RecordedInput[] = [];

  constructor(readonly run: SimulationRun) {}

  get inputs(): readonly RecordedInput[] {
    return this.recorded;
  }

  /** Where the model-only run stands now. */
  position(): RunPosition {
    return positionOf(this.run);
  }

  /** Note an input the run accepted just now (call with the position it had before applying it). */
  record(input: RecordedInput): void {
    this.recorded.push(input);
  }
}

export function positionOf(run: SimulationRun): RunPosition {
  return { events: run.env.eventsProcessed, now: run.now };
}

/** What {@link replay} may be told: when to give up, and how far it has come. */
export interface ReplayControl {
  /** Checked between slices of events: true ends the replay early (a newer load arrived). */
  stop(): boolean;
  /** Called now and then with the fraction of events replayed. */
  progress(fraction: number): void;
}

/** Events between checks of {@link ReplayControl.stop} and progress. */
const EVENTS_PER_SLICE = 2000;

/**
 * Advance `run` (a fresh run of the same scenario and seed, with real SQL) to `target`, applying
 * each recorded input at its position, awaiting real statements as it goes. True when it stands
 * exactly where the model-only run stood; false if stopped, or if it could not (a run whose
 * events differ with real SQL: a bug, reported by the caller rather than joined).
 */
export async function replay(run: SimulationRun, inputs: readonly RecordedInput[], target: RunPosition, control: ReplayControl): Promise<boolean> {
  for (const input of inputs) {
    if (!(await advanceExactly(run, input.at, target.events, control))) return false;
    const problem = input.kind === 'set' ? run.setParam(input.key, input.value) : run.runAction(input.name, input.args);
    if (problem !== null) return false;
  }
  return advanceExactly(run, target, target.events, control);
}

/**
 * Process exactly `at.events` events, then move the clock to `at.now` if the run had moved it past
 * its last event (a tick or a seek ends at a time, not at an event). Events are counted, not timed:
 * a run stopped by an event budget stands between two events of one instant.
 */
async function advanceExactly(run: SimulationRun, at: RunPosition, totalEvents: number, control: ReplayControl): Promise<boolean> {
  const env = run.env;
  while (env.eventsProcessed < at.events) {
    if (control.stop()) return false;
    const status = run.advanceTo(run.durationMs, Math.min(EVENTS_PER_SLICE, at.events - env.eventsProcessed));
    if (status === 'blocked') await env.settleExternal();
    else if (status !== 'budget') break;
    control.progress(totalEvents === 0 ? 1 : env.eventsProcessed / totalEvents);
  }
  if (env.eventsProcessed !== at.events || run.now > at.now) return false;
  if (run.now < at.now) run.advanceTo(at.now, 0);
  return env.eventsProcessed === at.events && run.now === at.now;
}
