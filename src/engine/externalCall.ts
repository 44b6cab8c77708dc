import { SimEvent } from './event';
import type { Environment } from './environment';

/**
 * An event whose value comes from asynchronous work outside the simulation, such as a
 * PGlite query. It is scheduled at the instant it is created, like any other event, but
 * the kernel will not process it (nor anything after it) until the work has settled:
 * `Environment.run` returns `'blocked'` and the caller awaits `Environment.settleExternal()`.
 *
 * Simulated time never depends on how long the work took: the event fires at the virtual
 * instant it was created, and any simulated duration must come from a cost model.
 * Created without work (model-only runs), it behaves identically but carries `fallback`.
 */
export class ExternalCall<T = unknown> extends SimEvent<T> {
  // `pending` (inherited): the work until it settles, then null; null from the start without work.
  /**
   * @param env the environment it belongs to
   * @param work starts the asynchronous work and returns its promise; null for none
   * @param fallback the value when there is no work
   */
  constructor(env: Environment, work: (() => Promise<T>) | null, fallback?: T) {
    super(env);
    this.succeed(fallback);
    if (work === null) return;
    let promise: Promise<T>;
    try {
      promise = work();
    } catch (error) {
      this.ok = false;
      this.value = error as T;
      return;
    }
    this.pending = promise.then(
      (value) => {
        this.value = value;
        this.pending = null;
      },
      (error: unknown) => {
        this.ok = false;
        this.value = error as T;
        this.pending = null;
      },
    );
  }
}
