import type { MetricSpec } from './labDefinition';

/**
 * The catalog entry that explains a metric key: its own, or the nearest declared parent's with
 * the rest of the key (`latencyMs.p99` is `latencyMs`'s p99; `lagMs.replica-1.p95` is `lagMs`'s
 * `replica-1.p95`). Null for a key the lab does not declare.
 */
export function metricSpecFor(specs: readonly MetricSpec[], key: string): { spec: MetricSpec; part: string } | null {
  let best: { spec: MetricSpec; part: string } | null = null;
  for (const spec of specs) {
    if (key === spec.key) return { spec, part: '' };
    if (key.startsWith(`${spec.key}.`) && (best === null || spec.key.length > best.spec.key.length)) best = { spec, part: key.slice(spec.key.length + 1) };
  }
  return best;
}
