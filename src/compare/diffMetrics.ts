import type { AnyLab } from '../lab/defineLab';
import type { MetricTree } from '../lab/snapshot';
import { metricAt, metricKeys } from '../scenario/expectations';

/** Which way a metric is better, as a lab's sweeps declare it. */
export type Better = 'lower' | 'higher' | 'none';

/** How B compares with A on one metric, for a metric whose better direction is known. */
export type Verdict = 'better' | 'worse' | 'same';

/** One metric of an A/B comparison. */
export interface MetricDiff {
  key: string;
  a: number | boolean | undefined;
  b: number | boolean | undefined;
  /** b − a; null when either side is not a number. */
  abs: number | null;
  /** (b − a) / |a|; 0 when both are 0, null when a is 0 and b is not (or not numbers). */
  rel: number | null;
  /** Whether a and b differ. */
  changed: boolean;
  /** Declared by the lab (its sweeps' metrics); absent where the lab says nothing. */
  better?: Better;
  /** B against A, only where `better` is 'lower' or 'higher'. */
  verdict?: Verdict;
}

/**
 * The better direction of the metrics a lab declares one for, in its sweeps: `better` where a
 * metric says it; a sweep's first metric without it is read as lower-is-better (that is how the
 * sweep panel picks its best point). Metrics the lab says nothing about get no direction.
 */
export function metricDirections(lab: AnyLab): Map<string, Better> {
  const directions = new Map<string, Better>();
  for (const sweep of [lab.sweep, ...(lab.otherSweeps ?? [])]) {
    sweep?.metrics.forEach((m, i) => {
      const better = m.better ?? (i === 0 ? 'lower' : undefined);
      if (better !== undefined && !directions.has(m.key)) directions.set(m.key, better);
    });
  }
  return directions;
}

/** One metric's difference; pure, so the CLI, the page and the tests agree. */
export function diffOne(key: string, a: number | boolean | undefined, b: number | boolean | undefined, better?: Better): MetricDiff {
  const numbers = typeof a === 'number' && typeof b === 'number';
  const abs = numbers ? b - a : null;
  const rel = !numbers ? null : a === b ? 0 : a === 0 ? null : (b - a) / Math.abs(a);
  const diff: MetricDiff = { key, a, b, abs, rel, changed: a !== b };
  if (better !== undefined) {
    diff.better = better;
    if (better !== 'none' && abs !== null) diff.verdict = abs === 0 ? 'same' : (abs < 0) === (better === 'lower') ? 'better' : 'worse';
  }
  return diff;
}

/** Every metric of A and B (A's order, then any only B has), with B's difference from A. */
export function diffMetrics(a: MetricTree, b: MetricTree, directions: ReadonlyMap<string, Better> = new Map()): MetricDiff[] {
  const keys = [...new Set([...metricKeys(a), ...metricKeys(b)])];
  return keys.map((key) => diffOne(key, metricAt(a, key), metricAt(b, key), directions.get(key)));
}

/** The differences nested on the dots of their keys, as `--json` prints metrics. */
export function diffTree(diffs: readonly MetricDiff[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const d of diffs) {
    const parts = d.key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (next === undefined || typeof next !== 'object' || next === null) {
        const created: Record<string, unknown> = {};
        Object.defineProperty(node, part, { value: created, enumerable: true, writable: true, configurable: true });
        node = created;
      } else node = next as Record<string, unknown>;
    }
    const leaf: Record<string, unknown> = { abs: d.abs, rel: d.rel, changed: d.changed };
    if (d.better !== undefined) leaf.better = d.better;
    if (d.verdict !== undefined) leaf.verdict = d.verdict;
    Object.defineProperty(node, parts[parts.length - 1]!, { value: leaf, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

/** A relative difference as a person reads it: 0.1234 → "+12.3%", null → "–". */
export function formatRelative(rel: number | null): string {
  if (rel === null) return '–';
  if (rel === 0) return '0%';
  const pct = rel * 100;
  const text = Math.abs(pct) >= 100 ? pct.toFixed(0) : Math.abs(pct) >= 10 ? pct.toFixed(1) : pct.toPrecision(2);
  return `${pct > 0 ? '+' : ''}${text}%`;
}
