import type { MetricSpec } from '../lab/labDefinition';
import type { AnyLab } from '../lab/defineLab';
import type { MetricTree } from '../lab/snapshot';
import type { ExpectationResult } from '../scenario/expectations';
import { metricAt, metricKeys } from '../scenario/expectations';

/** A number as a person reads it: integers whole, others to 4 significant digits. */
export function formatValue(value: number | boolean): string {
  if (typeof value === 'boolean') return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e6)) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

/** The spec describing `key`, matching itself or its nearest parent (waitMs covers waitMs.p99). */
function specFor(lab: AnyLab, key: string): MetricSpec | undefined {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const spec = lab.metrics.find((m) => m.key === parts.slice(0, n).join('.'));
    if (spec) return spec;
  }
  return undefined;
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** The human-readable summary: metrics with units and origins, then expectations. */
export function summaryTable(lab: AnyLab, metrics: MetricTree, expectations: ExpectationResult[]): string {
  const rows: string[][] = [['metric', 'value', 'unit', 'origin']];
  for (const key of metricKeys(metrics)) {
    const spec = specFor(lab, key);
    const value = metricAt(metrics, key)!;
    const unit = spec?.unit === 'fraction' && typeof value === 'number' ? `(${(value * 100).toFixed(1)}%)` : (spec?.unit ?? '');
    rows.push([key, formatValue(value), unit, spec?.origin ?? 'simulated']);
  }
  let out = table(rows);
  if (expectations.length > 0) {
    out += '\n\nExpectations\n' + expectations.map((e) => `  ${e.passed ? 'PASS' : 'FAIL'}  ${e.text}${e.expectation.why ? ` (${e.expectation.why})` : ''}`).join('\n');
  }
  return out;
}
