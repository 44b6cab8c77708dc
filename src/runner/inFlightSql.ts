/**
 * A run's SQL backend with its calls counted while they are in flight. A run that is replaced (a
 * new load, a reset, another lab) may still have statements on their way to PGlite: the engine
 * awaits only the call it is blocked on. The cluster must not be reset for the next run until they
 * have landed, or a write of the old run would land in the new run's data (labs leaking into each
 * other, issue 18 item 6).
 */
export interface InFlight<B> {
  /** The backend to hand the run: every method call that returns a promise is tracked. */
  backend: B;
  /** Resolves once no call is in flight (failures count as landed). */
  settled(): Promise<void>;
}

export function trackInFlight<B extends object>(inner: B): InFlight<B> {
  const pending = new Set<Promise<unknown>>();
  const backend = new Proxy(inner, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const landed: Promise<void> = result.then(
          () => void pending.delete(landed),
          () => void pending.delete(landed),
        );
        pending.add(landed);
        return result;
      };
    },
  });
  return {
    backend,
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
