import { useMemo, useRef } from 'react';
import { line, max, scaleLinear } from 'd3';
import type { ChartData } from '../lab/snapshot';
import { formatFigure } from '../app/format';
import { useElementSize } from './useElementSize';

const HEIGHT = 210;
const M = { top: 10, right: 14, bottom: 40, left: 58 };

/** Short tick text: 1500 → "1.5k". */
function tick(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${trim(v / 1e6)}M`;
  if (abs >= 1e4) return `${trim(v / 1e3)}k`;
  return trim(v);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/**
 * One chart: d3 computes scales and path strings, React renders the SVG. Time runs over the whole
 * run (seconds) so the axes stay still while it fills in; reference lines (theory) are dashed.
 */
export function LineChart({ chart, durationMs }: { chart: ChartData; durationMs: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const innerW = Math.max(10, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const refs = chart.references ?? [];

  const geometry = useMemo(() => {
    const durationS = Math.max(durationMs / 1000, 1e-3);
    const x = scaleLinear().domain([0, durationS]).range([0, innerW]);
    const top = Math.max(
      max(chart.series, (s) => max(s.points, (p) => (Number.isFinite(p[1]) ? p[1] : 0))) ?? 0,
      max(chart.references ?? [], (r) => (Number.isFinite(r.value) ? r.value : 0)) ?? 0,
    );
    const y = scaleLinear()
      .domain([0, top > 0 ? top * 1.08 : 1])
      .range([innerH, 0])
      .nice(5);
    const path = line<[number, number]>()
      .defined((p) => Number.isFinite(p[1]))
      .x((p) => x(p[0] / 1000))
      .y((p) => y(p[1]));
    return {
      x,
      y,
      xTicks: x.ticks(Math.max(2, Math.floor(innerW / 80))),
      yTicks: y.ticks(5),
      paths: chart.series.map((s) => path(s.points) ?? ''),
    };
  }, [chart, durationMs, innerW, innerH]);

  const latest = chart.series
    .map((s) => {
      const last = s.points[s.points.length - 1];
      return last === undefined ? null : `${s.name} ${formatFigure(last[1])} ${chart.unit}`;
    })
    .filter((v) => v !== null)
    .join(', ');
  const titleId = `chart-${chart.id}-title`;

  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {chart.title} <span className="chart-unit">({chart.unit})</span>
      </figcaption>
      <ul className="chart-legend">
        {chart.series.map((s, i) => (
          <li key={s.name}>
            <svg width="22" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="22" y2="5" className={`series series-${i}`} />
            </svg>
            {s.name}
          </li>
        ))}
        {refs.map((r) => (
          <li key={r.name}>
            <svg width="22" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="22" y2="5" className="reference" />
            </svg>
            {r.name} = {formatFigure(r.value)}
          </li>
        ))}
      </ul>
      <div ref={ref} className="chart-body">
        {width > 0 && (
          <svg width={width} height={HEIGHT} role="img" aria-label={`${chart.title}, latest: ${latest || 'no data yet'}`}>
            <g transform={`translate(${M.left},${M.top})`}>
              {geometry.yTicks.map((t) => (
                <g key={`y${t}`} transform={`translate(0,${geometry.y(t)})`}>
                  <line className="grid" x1={0} x2={innerW} />
                  <text className="tick" x={-8} dy="0.32em" textAnchor="end">
                    {tick(t)}
                  </text>
                </g>
              ))}
              {geometry.xTicks.map((t) => (
                <text key={`x${t}`} className="tick" x={geometry.x(t)} y={innerH + 18} textAnchor="middle">
                  {tick(t)}
                </text>
              ))}
              <line className="axis" x1={0} x2={innerW} y1={innerH} y2={innerH} />
              <line className="axis" x1={0} x2={0} y1={0} y2={innerH} />
              {refs.map((r) =>
                Number.isFinite(r.value) ? <line key={r.name} className="reference" x1={0} x2={innerW} y1={geometry.y(r.value)} y2={geometry.y(r.value)} /> : null,
              )}
              {geometry.paths.map((d, i) => (
                <path key={chart.series[i]!.name} className={`series series-${i}`} d={d} />
              ))}
              <text className="axis-label" x={innerW / 2} y={innerH + 36} textAnchor="middle">
                time (s)
              </text>
              <text className="axis-label" transform={`translate(${-44},${innerH / 2}) rotate(-90)`} textAnchor="middle">
                {chart.unit}
              </text>
            </g>
          </svg>
        )}
      </div>
    </figure>
  );
}
