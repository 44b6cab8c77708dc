import { useAppStore } from '../store/store';
import { LineChart } from '../viz/LineChart';

/** The lab's charts, side by side where there is room. */
export function ChartsPanel() {
  const charts = useAppStore((s) => s.snapshot.charts);
  const durationMs = useAppStore((s) => s.playback.durationMs);
  return (
    <section className="charts" aria-label="Charts">
      {charts.map((chart) => (
        <LineChart key={chart.id} chart={chart} durationMs={durationMs} />
      ))}
    </section>
  );
}
