import { useMemo, useRef } from 'react';
import { line, max, min, scaleLinear, scaleLog } from 'd3';
import type { SweepPoint } from '../runner/protocol';
import { formatFigure } from '../app/format';
import { useElementSize } from './useElementSize';

const HEIGHT = 250;
const M = { top: 14, right: 62, bottom: 42, left: 62 };

export interface SweepSeries {
  key: string;
  label: string;
  unit: string;
}

function short(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

/**
 * A sweep: the first metric on a log y scale (left axis, latency spans orders of magnitude), the
 * second on a linear one (right axis), against the swept parameter on a log x scale; the current
 * value is a vertical line. d3 computes scales and paths, React renders the SVG.
 */
export function SweepChart({
  points,
  values,
  param,
  primary,
  secondary,
  current,
}: {
  points: readonly SweepPoint[];
  values: readonly number[];
  param: string;
  primary: SweepSeries;
  secondary: SweepSeries | undefined;
  current: number | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const innerW = Math.max(10, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;

  const g = useMemo(() => {
    const lo = Math.max(min(values) ?? 1, 1e-9);
    const hi = Math.max(max(values) ?? 1, lo * 1.0001);
    const x = scaleLog().domain([lo, hi]).range([0, innerW]);
    const ys = points.map((p) => p.metrics[primary.key] ?? NaN).filter((v) => Number.isFinite(v) && v > 0);
    const yLo = Math.max(min(ys) ?? 1, 1e-3);
    const yHi = Math.max(max(ys) ?? 10, yLo * 10);
    const y = scaleLog()
      .domain([yLo / 1.3, yHi * 1.3])
      .range([innerH, 0]);
    const s2 = secondary === undefined ? [] : points.map((p) => p.metrics[secondary.key] ?? NaN).filter(Number.isFinite);
    const y2 = scaleLinear()
      .domain([0, Math.max(max(s2) ?? 1, 1e-9) * 1.1])
      .range([innerH, 0])
      .nice(5);
    const path = (key: string, scale: (v: number) => number, positive: boolean) =>
      line<SweepPoint>()
        .defined((p) => Number.isFinite(p.metrics[key] ?? NaN) && (!positive || (p.metrics[key] ?? 0) > 0))
        .x((p) => x(p.value))
        .y((p) => scale(p.metrics[key]!))(points as SweepPoint[]) ?? '';
    // Log ticks: all of them when few, else the powers of ten, else an even spread.
    const all = y.ticks(4);
    let yTicks = all.length <= 6 ? all : all.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
    if (yTicks.length < 2) yTicks = all.filter((_, i) => i % Math.ceil(all.length / 5) === 0);
    return {
      x,
      y,
      y2,
      xTicks: values.filter((v, i) => i === 0 || i === values.length - 1 || x(v) - x(values[i - 1]!) > 22),
      yTicks,
      y2Ticks: y2.ticks(5),
      p1: path(primary.key, y, true),
      p2: secondary === undefined ? '' : path(secondary.key, y2, false),
    };
  }, [points, values, primary.key, secondary, innerW, innerH]);

  const label = `${primary.label} and ${secondary?.label ?? ''} against ${param}`;
  return (
    <div ref={ref} className="sweep-chart">
      {width > 0 && (
        <svg width={width} height={HEIGHT} role="img" aria-label={label}>
          <g transform={`translate(${M.left},${M.top})`}>
            {g.yTicks.map((t) => (
              <g key={`y${t}`} transform={`translate(0,${g.y(t)})`}>
                <line className="grid" x1={0} x2={innerW} />
                <text className="tick tick--primary" x={-8} dy="0.32em" textAnchor="end">
                  {short(t)}
                </text>
              </g>
            ))}
            {secondary !== undefined &&
              g.y2Ticks.map((t) => (
                <text key={`y2${t}`} className="tick tick--secondary" x={innerW + 8} y={g.y2(t)} dy="0.32em" textAnchor="start">
                  {short(t)}
                </text>
              ))}
            {g.xTicks.map((v) => (
              <text key={`x${v}`} className="tick" x={g.x(v)} y={innerH + 18} textAnchor="middle">
                {short(v)}
              </text>
            ))}
            <line className="axis" x1={0} x2={innerW} y1={innerH} y2={innerH} />
            <line className="axis" x1={0} x2={0} y1={0} y2={innerH} />
            {secondary !== undefined && <line className="axis" x1={innerW} x2={innerW} y1={0} y2={innerH} />}
            {current !== undefined && Number.isFinite(current) && current > 0 && (
              <CurrentMarker at={g.x(Math.min(Math.max(current, g.x.domain()[0]!), g.x.domain()[1]!))} innerW={innerW} innerH={innerH} label={`now ${formatFigure(current)}`} />
            )}
            <path className="series series-0" d={g.p1} />
            {secondary !== undefined && <path className="series series-3" d={g.p2} />}
            {points.map((p) => {
              const v1 = p.metrics[primary.key] ?? NaN;
              const v2 = secondary === undefined ? NaN : (p.metrics[secondary.key] ?? NaN);
              return (
                <g key={p.value}>
                  {Number.isFinite(v1) && v1 > 0 && (
                    <circle className="sweep-dot sweep-dot--primary" cx={g.x(p.value)} cy={g.y(v1)} r={4}>
                      <title>{`${param} = ${p.value}: ${primary.label} ${formatFigure(v1)} ${primary.unit}`}</title>
                    </circle>
                  )}
                  {Number.isFinite(v2) && (
                    <rect className="sweep-dot sweep-dot--secondary" x={g.x(p.value) - 3.5} y={g.y2(v2) - 3.5} width={7} height={7}>
                      <title>{`${param} = ${p.value}: ${secondary!.label} ${formatFigure(v2)} ${secondary!.unit}`}</title>
                    </rect>
                  )}
                </g>
              );
            })}
            <text className="axis-label" x={innerW / 2} y={innerH + 36} textAnchor="middle">
              {param} (log scale)
            </text>
            <text className="axis-label axis-label--primary" transform={`translate(${-48},${innerH / 2}) rotate(-90)`} textAnchor="middle">
              {primary.label} ({primary.unit}, log)
            </text>
            {secondary !== undefined && (
              <text className="axis-label axis-label--secondary" transform={`translate(${innerW + 50},${innerH / 2}) rotate(90)`} textAnchor="middle">
                {secondary.label} ({secondary.unit})
              </text>
            )}
          </g>
        </svg>
      )}
    </div>
  );
}

/** The current value's line; its label turns inward near either edge so it never meets an axis label. */
function CurrentMarker({ at, innerW, innerH, label }: { at: number; innerW: number; innerH: number; label: string }) {
  const room = label.length * 3.5 + 6;
  const anchor = at > innerW - room ? 'end' : at < room ? 'start' : 'middle';
  return (
    <g className="sweep-current" transform={`translate(${at},0)`}>
      <line y1={0} y2={innerH} />
      <text y={-3} dx={anchor === 'end' ? -3 : anchor === 'start' ? 3 : 0} textAnchor={anchor}>
        {label}
      </text>
    </g>
  );
}
