import type { ChartData, LabSnapshot } from '../../lab/snapshot';
import { LineChart } from '../../viz/LineChart';

/** Series per chart that can be overlaid: five colours, each drawn solid (A) and dashed (B). */
const MAX_PAIRS = 5;

/** A's and B's series of one chart interleaved (A's first series, B's first, …), named by side. */
export function overlay(a: ChartData, b: ChartData | undefined): ChartData {
  const series = a.series.slice(0, MAX_PAIRS).flatMap((s) => {
    const other = b?.series.find((o) => o.name === s.name);
    return [{ name: `A · ${s.name}`, points: s.points }, { name: `B · ${s.name}`, points: other?.points ?? [] }];
  });
  // Reference lines (a pool's size, a theory) may differ between A and B: each keeps its side.
  const refs = [...(a.references ?? []).map((r) => ({ ...r, name: `A · ${r.name}` })), ...(b?.references ?? []).map((r) => ({ ...r, name: `B · ${r.name}` }))];
  return { ...a, id: `compare-${a.id}`, series, references: refs.length > 0 ? refs : undefined };
}

/** The lab's charts with A and B overlaid: same colour per series, A solid and B dashed. */
export function CompareCharts({ a, b, durationMs }: { a: LabSnapshot | null; b: LabSnapshot | null; durationMs: number }) {
  if (a === null) return null;
  return (
    <section className="charts compare-charts" aria-label="Charts, A solid and B dashed">
      {a.charts.map((chart) => (
        <LineChart key={chart.id} chart={overlay(chart, b?.charts.find((c) => c.id === chart.id))} durationMs={durationMs} />
      ))}
    </section>
  );
}
