import { useMemo } from 'react';
import type { AnyLab } from '../../lab/defineLab';
import type { LabSnapshot, MetricTree } from '../../lab/snapshot';
import { formatFigure } from '../../app/format';
import { metricSpecFor } from '../../lab/metricSpecFor';
import { diffMetrics, diffOne, formatRelative as relativeText, metricDirections, type MetricDiff } from '../../compare/diffMetrics';

/** The relative change with a true minus sign, as the differences beside it. */
function formatRelative(rel: number | null): string {
  return relativeText(rel).replace(/^-/, '−');
}

function signed(abs: number | null): string {
  if (abs === null) return '–';
  if (abs === 0) return '0';
  return `${abs > 0 ? '+' : '−'}${formatFigure(Math.abs(abs))}`;
}

function verdictText(d: MetricDiff): string {
  if (d.verdict === undefined) return d.better === 'none' ? 'neither is better' : '';
  return d.verdict === 'same' ? 'same' : `B ${d.verdict} (${d.better} is better)`;
}

/** The columns both comparison tables share. */
function CompareHead({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">A</th>
        <th scope="col">B</th>
        <th scope="col">B − A</th>
        <th scope="col">relative</th>
        <th scope="col">
          <span className="visually-hidden">Verdict</span>
        </th>
      </tr>
    </thead>
  );
}

/** The headline figures of A and B side by side with B − A, its relative size and, where the lab says which way is better, a verdict. */
export function CompareFigures({ lab, a, b }: { lab: AnyLab; a: LabSnapshot | null; b: LabSnapshot | null }) {
  const directions = useMemo(() => metricDirections(lab), [lab]);
  const figures = a?.headline ?? [];
  return (
    <section className="panel compare-figures" aria-labelledby="compare-figures-title">
      <h2 id="compare-figures-title">Headline figures</h2>
      <table className="compare-table">
        <CompareHead first="Figure" />
        <tbody>
          {figures.map((fa) => {
            const fb = b?.headline.find((f) => f.key === fa.key);
            const d = diffOne(fa.key, fa.value, fb?.value, directions.get(fa.key));
            return (
              <tr key={fa.key} data-key={fa.key} data-a={fa.value} data-b={fb?.value ?? ''} data-abs={d.abs ?? ''} className={d.verdict ? `compare-row--${d.verdict}` : undefined}>
                <th scope="row">
                  {fa.label}
                  {fa.unit !== '' && <span className="compare-unit"> ({fa.unit})</span>}
                </th>
                <td>{formatFigure(fa.value)}</td>
                <td>{fb === undefined ? '–' : formatFigure(fb.value)}</td>
                <td className="compare-diff">{signed(d.abs)}</td>
                <td className="compare-diff">{formatRelative(d.rel)}</td>
                <td className="compare-verdict">{verdictText(d)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** A metric's row header: its name and unit from the lab's catalog (its meaning on hover), and its key as the CLI prints it. */
function MetricName({ lab, metricKey }: { lab: AnyLab; metricKey: string }) {
  const found = metricSpecFor(lab.metrics, metricKey);
  if (found === null) {
    return (
      <th scope="row">
        <code>{metricKey}</code>
      </th>
    );
  }
  const { spec, part } = found;
  return (
    <th scope="row" title={spec.description}>
      {spec.label}
      {part !== '' && <span className="compare-part"> · {part}</span>}
      {spec.unit !== '' && <span className="compare-unit"> ({spec.unit})</span>}
      <code className="compare-key">{metricKey}</code>
    </th>
  );
}

/** Every metric of both runs (as `npm run sim -- … --compare` prints them), folded away. */
export function AllMetrics({ lab, a, b }: { lab: AnyLab; a: MetricTree | null; b: MetricTree | null }) {
  const directions = useMemo(() => metricDirections(lab), [lab]);
  if (a === null || b === null) return null;
  const diffs = diffMetrics(a, b, directions);
  const show = (v: number | boolean | undefined) => (v === undefined ? '–' : typeof v === 'boolean' ? String(v) : formatFigure(v));
  return (
    <details className="panel compare-all">
      <summary>All metrics ({diffs.length})</summary>
      <table className="compare-table">
        <CompareHead first="Metric" />
        <tbody>
          {diffs.map((d) => (
            <tr key={d.key} className={d.verdict ? `compare-row--${d.verdict}` : undefined}>
              <MetricName lab={lab} metricKey={d.key} />
              <td>{show(d.a)}</td>
              <td>{show(d.b)}</td>
              <td className="compare-diff">{d.abs === null ? (d.changed ? 'changed' : '') : signed(d.abs)}</td>
              <td className="compare-diff">{d.abs === null ? '' : formatRelative(d.rel)}</td>
              <td className="compare-verdict">{verdictText(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
