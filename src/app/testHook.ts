import type { MetricTree } from '../lab/snapshot';
import type { ParamValues } from '../lab/params';
import type { Speed } from '../runner/protocol';
import { appStore } from '../store/store';
import { loadScenarioObject } from './commands';
import { ready, runScenario, warmUpSimulation, type ScenarioRunResult } from './simulationClient';
import type { RequestDetail } from '../lab/labDefinition';
import type { Particle } from '../lab/snapshot';
import { particlePositions } from '../viz/particleLayer';
import { inspectRequest } from './labTools';
import type { DbState } from '../store/consoleSlice';

/** What `window.__dbLab.state()` reports: the lab page's state as the store holds it. */
export interface DbLabState {
  labId: string | null;
  playing: boolean;
  /** Simulated ms. */
  now: number;
  speed: Speed;
  seed: number;
  /** The values the parameter panel shows. */
  params: ParamValues;
  /** Events the engine has processed in this run. */
  eventsProcessed: number;
  /** The run has reached its duration. */
  finished: boolean;
  /** A run is loaded and has reported its state. */
  loaded: boolean;
  /** The run plays while its database nodes boot: real SQL has not joined it yet. */
  sqlJoining: boolean;
  /** The lab's database as the page knows it ('booting' while PostgreSQL starts). */
  db: DbState;
}

/**
 * The test hook (DESIGN.md §5): Playwright verifies scenarios through it without reading pixels.
 * `runScenario` goes through the worker's 'runScenario' message, the same code path as the app.
 */
export interface DbLabHook {
  /** Resolves when the simulation worker has answered once (reading it starts the worker, if no lab has yet). */
  readonly ready: Promise<void>;
  /** Run a scenario headless to `untilS` (default: its end); the loaded run is not disturbed. */
  runScenario(scenario: unknown, untilS?: number): Promise<ScenarioRunResult>;
  /** Load a scenario into the app (opening its lab); rejects with the issues if it is invalid. */
  loadScenario(scenario: unknown): Promise<void>;
  state(): DbLabState;
  /** The metrics of the latest snapshot the page shows, or null before the first. */
  metrics(): MetricTree | null;
  /** Where the canvas draws each request now, in page pixels (for clicking one). */
  particles(): { id: number; state: Particle['state']; x: number; y: number }[];
  /** Select request `id` (as a click would, without pausing) and resolve to its story (null: forgotten). */
  inspect(id: number): Promise<RequestDetail | null>;
}

export function installTestHook(): void {
  const hook: DbLabHook = {
    get ready() {
      warmUpSimulation();
      return ready;
    },
    runScenario: (scenario, untilS) => runScenario(scenario, untilS),
    loadScenario: (scenario) => loadScenarioObject(scenario),
    state: () => {
      const { scenario, playback, console: sqlConsole } = appStore.getState();
      return {
        labId: scenario.labId,
        playing: playback.playing,
        now: playback.now,
        speed: playback.speed,
        seed: playback.loaded ? playback.seed : (scenario.base?.seed ?? 1),
        params: { ...scenario.params },
        eventsProcessed: playback.eventsProcessed,
        finished: playback.finished,
        loaded: playback.loaded,
        sqlJoining: playback.sqlJoining,
        db: sqlConsole.db,
      };
    },
    metrics: () => appStore.getState().snapshot.latest?.metrics ?? null,
    particles: () => particlePositions(),
    inspect: (id) => inspectRequest(id),
  };
  window.__dbLab = hook;
}
