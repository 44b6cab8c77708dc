import type { MetricTree } from '../lab/snapshot';
import type { Expectation } from './schema';

/** The outcome of one expectation. */
export interface ExpectationResult {
  expectation: Expectation;
  /** The metric's value, or undefined when the run has no such metric. */
  actual: number | boolean | undefined;
  passed: boolean;
  /** One readable line, e.g. `pool.leaked > 0: 12 ✓`. */
  text: string;
}

/** Look up a dotted key (`latencyMs.p99`) in a metrics tree; undefined if absent or not a leaf. */
export function metricAt(tree: MetricTree, key: string): number | boolean | undefined {
  let current: number | boolean | MetricTree | undefined = tree;
  for (const part of key.split('.')) {
    if (current === undefined || typeof current !== 'object') return undefined;
    current = current[part];
  }
  return typeof current === 'object' ? undefined : current;
}

/** Every leaf key of a metrics tree, dotted. */
export function metricKeys(tree: MetricTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' ? metricKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function compare(actual: number | boolean, e: Expectation): boolean {
  const v = e.value;
  switch (e.op) {
    case '==':
      return actual === v;
    case '!=':
      return actual !== v;
    case 'approx':
      return typeof actual === 'number' && typeof v === 'number' && Math.abs(actual - v) <= (e.tolerance ?? 0);
    default:
      if (typeof actual !== 'number' || typeof v !== 'number') return false;
      if (e.op === '<') return actual < v;
      if (e.op === '<=') return actual <= v;
      if (e.op === '>') return actual > v;
      return actual >= v;
  }
}

function show(x: number | boolean): string {
  return typeof x === 'number' && !Number.isInteger(x) ? x.toPrecision(4) : String(x);
}

/** Check each expectation against the final metrics. */
export function evaluateExpectations(expectations: readonly Expectation[], metrics: MetricTree): ExpectationResult[] {
  return expectations.map((e) => {
    const actual = metricAt(metrics, e.metric);
    const claim = `${e.metric} ${e.op === 'approx' ? `≈ ${show(e.value)} ± ${e.tolerance}` : `${e.op} ${show(e.value)}`}`;
    if (actual === undefined) {
      return { expectation: e, actual, passed: false, text: `${claim}: no such metric (known: ${metricKeys(metrics).join(', ')})` };
    }
    const passed = compare(actual, e);
    return { expectation: e, actual, passed, text: `${claim}: got ${show(actual)} ${passed ? '✓' : '✗'}` };
  });
}
