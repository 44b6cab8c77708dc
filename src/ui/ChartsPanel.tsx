import { useRef } from 'react';
import type { ChartData } from '../lab/snapshot';
import { useAppStore } from '../store/store';
import { shownCharts } from '../store/snapshotSlice';
import { pushToast } from '../store/uiSlice';
import { LineChart } from '../viz/LineChart';
import { download, fileSlug, standaloneSvg, svgToPng } from './exports';

/** The lab's charts, side by side where there is room, each with its SVG and PNG export. */
export function ChartsPanel() {
  const charts = useAppStore((s) => shownCharts(s.snapshot));
  const durationMs = useAppStore((s) => s.playback.durationMs);
  return (
    <section className="charts" aria-label="Charts">
      {charts.map((chart) => (
        <ExportableChart key={chart.id} chart={chart} durationMs={durationMs} />
      ))}
    </section>
  );
}

function ExportableChart({ chart, durationMs }: { chart: ChartData; durationMs: number }) {
  const box = useRef<HTMLDivElement>(null);
  const save = (format: 'svg' | 'png') => {
    const svg = box.current?.querySelector<SVGSVGElement>('.chart-body svg');
    if (!svg) return;
    const name = `${fileSlug(chart.title)}.${format}`;
    const text = standaloneSvg(svg, `${chart.title} (${chart.unit})`);
    if (format === 'svg') download(new Blob([text], { type: 'image/svg+xml' }), name);
    else
      svgToPng(text, svg.width.baseVal.value, svg.height.baseVal.value).then(
        (blob) => download(blob, name),
        (error: Error) => pushToast('error', `${chart.title}: ${error.message}`),
      );
  };
  return (
    <div className="chart-export" ref={box}>
      <LineChart chart={chart} durationMs={durationMs} />
      <div className="chart-export-actions">
        <button type="button" className="link-button" onClick={() => save('svg')} aria-label={`Save the chart ${chart.title} as SVG`}>
          SVG
        </button>
        <button type="button" className="link-button" onClick={() => save('png')} aria-label={`Save the chart ${chart.title} as PNG`}>
          PNG
        </button>
      </div>
    </div>
  );
}
