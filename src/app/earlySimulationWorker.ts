/**
 * The simulation worker, started before the rest of the page's script is evaluated when the
 * address opens a lab: main.tsx imports this module first, so the worker's own script loads and
 * evaluates beside the page's instead of after it. `simulationClient` adopts it.
 */

/** A new simulation worker (the lab's runs), or one for the background sweeps. */
export function spawnSimulationWorker(name: 'simulation' | 'sweep'): Worker {
  return new Worker(new URL('../runner/simulation.worker.ts', import.meta.url), { type: 'module', name });
}

let early: Worker | null = null;
/** A failure of the early worker before the client took it (its script could not load). */
let earlyFailure: string | null = null;

if (typeof window !== 'undefined' && /^#\/(lab|embed)\//.test(window.location.hash)) {
  early = spawnSimulationWorker('simulation');
  early.addEventListener('error', (event) => {
    earlyFailure = event.message || 'it could not start';
  });
}

/** The worker started early, once (null if none was): the caller owns it from then on. */
export function takeEarlyWorker(): { worker: Worker; failure: string | null } | null {
  const taken = early;
  early = null;
  return taken === null ? null : { worker: taken, failure: earlyFailure };
}
