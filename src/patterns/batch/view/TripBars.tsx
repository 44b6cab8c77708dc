import type { TimelineBar } from '../timeline';

/**
 * Bars of round trips in one lane of an SVG: each split, left to right, into half its network
 * time, its statements, its commit and the other half of its network time, to scale. A bar that
 * sums a group of round trips is split in the same proportions; a failed one is outlined.
 */
export function TripBars({ bars, x, y, height }: { bars: readonly TimelineBar[]; x: (ms: number) => number; y: number; height: number }) {
  const out = [];
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    const x0 = x(b.t0);
    const width = Math.max(x(b.t1) - x0, 0.5);
    const total = b.network + b.statements + b.commit;
    const k = total > 0 ? width / total : 0;
    const half = (b.network / 2) * k;
    const statements = b.statements * k;
    const commit = b.commit * k;
    out.push(
      <g key={i}>
        <rect x={x0} y={y + height * 0.2} width={width} height={height * 0.6} className="batch-bar-network" />
        <rect x={x0 + half} y={y} width={Math.max(statements, statements > 0 ? 0.6 : 0)} height={height} className="batch-bar-statements" />
        {commit > 0 && <rect x={x0 + half + statements} y={y} width={Math.max(commit, 0.6)} height={height} className="batch-bar-commit" />}
        {b.failed && <rect x={x0} y={y - 1} width={width} height={height + 2} className="batch-bar-failed" />}
      </g>,
    );
  }
  return <>{out}</>;
}

/** The colours' meaning, in words. */
export function BarLegend() {
  return (
    <p className="batch-legend" aria-label="Legend">
      <span className="batch-key batch-key--network" aria-hidden="true" /> network (waiting for the round trip)
      <span className="batch-key batch-key--statements" aria-hidden="true" /> statements running on the server
      <span className="batch-key batch-key--commit" aria-hidden="true" /> commit (WAL flush)
      <span className="batch-key batch-key--failed" aria-hidden="true" /> error
    </p>
  );
}
