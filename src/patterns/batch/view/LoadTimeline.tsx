import { scaleLinear } from 'd3';
import type { BatchDetail } from '../detail';
import type { BatchParams } from '../params';
import { BarLegend, TripBars } from './TripBars';
import { formatCount, formatMs, formatTick } from './format';

const WIDTH = 1000;
const LABEL = 92;
const LANE = 24;
const GAP = 8;
const ROWS_H = 96;
const AXIS_H = 26;
/** Lanes drawn; more writers are summed up in words (they all look alike). */
const MAX_LANES = 8;

function stepPath(points: readonly [number, number][], x: (t: number) => number, y: (rows: number) => number, until: number): string {
  if (points.length === 0) return '';
  let d = `M${x(0)},${y(0)}`;
  let last = 0;
  for (const [t, rows] of points) {
    d += `H${x(t)}V${y(rows)}`;
    last = rows;
  }
  return `${d}H${x(until)}V${y(last)}`;
}

/**
 * The run, as a learner reads it at a glance: each writer's round trips as bars split into
 * network, statements and commit, to scale on one time axis; under them the rows in the table.
 */
export function LoadTimeline({ detail, params, now }: { detail: BatchDetail | null; params: BatchParams; now: number }) {
  const lanes = (detail?.lanes ?? []).slice(0, MAX_LANES);
  const until = detail?.finishedAt ?? now;
  const extent = Math.max(detail?.plannedMs ?? 0, until, 1);
  const x = scaleLinear().domain([0, extent]).range([LABEL, WIDTH - 8]);
  const lanesH = Math.max(lanes.length, 1) * (LANE + GAP);
  const rowsTop = lanesH + 8;
  const y = scaleLinear().domain([0, Math.max(params.rows, 1)]).range([rowsTop + ROWS_H, rowsTop]);
  const height = rowsTop + ROWS_H + AXIS_H;
  const ticks = x.ticks(6);
  const hidden = (detail?.lanes.length ?? 0) - lanes.length;
  const perBar = lanes[0]?.perBar ?? 1;
  const landed = detail?.rowsCommitted ?? 0;
  return (
    <section className="batch-timeline" aria-labelledby="batch-timeline-title" data-testid="batch-timeline">
      <h2 id="batch-timeline-title">
        The load, round trip by round trip{' '}
        <span className="panel-count">
          ({perBar === 1 ? 'each bar one round trip' : `each bar ${formatCount(perBar)} round trips`}, to scale)
        </span>
      </h2>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="batch-timeline-svg" role="img" aria-label={`Timeline: ${formatCount(landed)} of ${formatCount(detail?.rowsExpected ?? params.rows)} rows in the table at ${formatMs(until)}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={rowsTop + ROWS_H} className="batch-grid" />
            <text x={x(t)} y={height - 6} className="batch-axis" textAnchor="middle">
              {formatTick(t, extent)}
            </text>
          </g>
        ))}
        {lanes.map((lane, i) => (
          <g key={lane.writer}>
            <text x={0} y={i * (LANE + GAP) + LANE * 0.75} className="batch-lane-label">
              writer {lane.writer + 1}
            </text>
            <TripBars bars={lane.bars} x={x} y={i * (LANE + GAP)} height={LANE} />
          </g>
        ))}
        <text x={0} y={rowsTop + ROWS_H / 2 - 2} className="batch-lane-label">
          rows in
        </text>
        <text x={0} y={rowsTop + ROWS_H / 2 + 16} className="batch-lane-label">
          the table
        </text>
        <text x={LABEL - 6} y={y(params.rows) + 5} className="batch-axis" textAnchor="end">
          {formatCount(params.rows)}
        </text>
        <text x={LABEL - 6} y={y(0)} className="batch-axis" textAnchor="end">
          0
        </text>
        <line x1={LABEL} x2={WIDTH - 8} y1={y(params.rows)} y2={y(params.rows)} className="batch-target" />
        <path d={stepPath(detail?.landed ?? [], x, y, until)} className="batch-landed" />
        {now > 0 && <line x1={x(Math.min(now, extent))} x2={x(Math.min(now, extent))} y1={0} y2={rowsTop + ROWS_H} className="batch-now" />}
      </svg>
      {detail !== null && detail.finishedAt === null && detail.plannedMs > detail.runMs && (
        <p className="batch-callout" role="note" data-testid="batch-too-short">
          This load needs about {formatMs(detail.plannedMs)}, longer than the run ({formatMs(detail.runMs)}): it will be cut off. Add <code>&amp;duration={Math.ceil((detail.plannedMs * 1.1) / 1000)}</code> to the address, or load fewer rows.
        </p>
      )}
      {hidden > 0 && <p className="panel-note">…and {hidden} more writers, each with its own share of the rows.</p>}
      <BarLegend />
      <p className="batch-landed-note" data-testid="batch-landed">
        <strong>{formatCount(landed)}</strong> of {formatCount(params.rows)} rows committed
        {detail?.finishedAt != null ? ` — the load took ${formatMs(detail.finishedAt)}` : now > 0 ? ` after ${formatMs(now)}` : ''}
        {detail !== null && detail.rowsExpected < params.rows ? ` (the bad row at ${formatCount(params.badRowAt)} leaves ${formatCount(detail.rowsExpected)})` : ''}.
      </p>
    </section>
  );
}
