import type { AnyLab } from './defineLab';
import type { LabContext, LabModel } from './labDefinition';

/** What a lab's `create` is: its model built for one run. */
export type ModelFactory<P extends object, D> = (ctx: LabContext<P>) => LabModel<P, D>;

/** A lab's `create` whose model module is loaded on demand: callable once {@link loadLabModel} has resolved. */
export interface LazyModelFactory<P extends object, D> extends ModelFactory<P, D> {
  load(): Promise<void>;
  readonly loaded: boolean;
}

/**
 * A lab's `create` that imports its model only when a run needs it, so the page's first load
 * holds the labs' definitions (parameters, metrics, text) and not their models, which run in the
 * simulation worker. Write `create: lazyModel(() => import('./model').then((m) => m.createXModel))`;
 * whoever builds a run awaits {@link loadLabModel} first (the worker, the CLI and the tests do).
 */
export function lazyModel<P extends object, D>(importModel: () => Promise<ModelFactory<P, D>>): LazyModelFactory<P, D> {
  let factory: ModelFactory<P, D> | null = null;
  let loading: Promise<void> | null = null;
  const create = (ctx: LabContext<P>): LabModel<P, D> => {
    if (factory === null) throw new Error('this lab’s model is not loaded yet (await loadLabModel(lab) before building a run)');
    return factory(ctx);
  };
  const load = (): Promise<void> =>
    (loading ??= importModel().then(
      (f) => {
        factory = f;
      },
      (error: unknown) => {
        // A failed fetch of the model's chunk (offline, a new deployment) may be tried again.
        loading = null;
        throw error;
      },
    ));
  return Object.defineProperties(create, {
    load: { value: load },
    loaded: { get: () => factory !== null },
  }) as LazyModelFactory<P, D>;
}

function lazyPart(lab: AnyLab): Partial<LazyModelFactory<object, unknown>> {
  return lab.create as Partial<LazyModelFactory<object, unknown>>;
}

/** Load `lab`'s model if it is loaded lazily; a lab whose `create` is a plain function is ready at once. */
export function loadLabModel(lab: AnyLab): Promise<void> {
  return lazyPart(lab).load?.() ?? Promise.resolve();
}

/** Whether `lab.create` can be called now. */
export function labModelLoaded(lab: AnyLab): boolean {
  return lazyPart(lab).loaded ?? true;
}
