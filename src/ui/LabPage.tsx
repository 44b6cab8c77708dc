import { useRef, type CSSProperties } from 'react';
import { findLab } from '../lab/registry';
import { useAppStore } from '../store/store';
import { TopologyView } from '../viz/TopologyView';
import { useElementSize } from '../viz/useElementSize';
import { ChartsPanel } from './ChartsPanel';
import { EventLog } from './EventLog';
import { HeadlineStrip } from './HeadlineStrip';
import { LessonBox } from './LessonBox';
import { NodeDetails } from './NodeDetails';
import { ParamPanel } from './ParamPanel';
import { PlaybackBar, PlaybackStatus } from './PlaybackBar';
import { ProgressBar } from './ProgressBar';
import { ScenarioList } from './ScenarioList';
import { TopBar } from './TopBar';
import { UrlIssues } from './UrlIssues';

/** One lab: topology and particles, playback, figures, charts and log; parameters at the side. */
export function LabPage({ labId }: { labId: string }) {
  const lab = findLab(labId);
  const reducedMotion = useAppStore((s) => s.ui.reducedMotion);
  const bars = useRef<HTMLDivElement>(null);
  const { height: barsHeight } = useElementSize(bars);
  if (lab === undefined) return null;
  return (
    <div className="page lab" data-lab={lab.id} style={barsHeight > 0 ? ({ '--bars-h': `${barsHeight}px` } as CSSProperties) : undefined}>
      <div className="lab-bars" ref={bars}>
        <TopBar title={lab.title}>
          <PlaybackStatus />
        </TopBar>
        <PlaybackBar />
        <ProgressBar />
      </div>
      <UrlIssues />
      <div className="lab-grid">
        <main id="main" className="lab-main">
          <section className="panel stage" aria-label="Topology">
            <TopologyView title={lab.title} />
            <Legend reducedMotion={reducedMotion} />
          </section>
          <HeadlineStrip />
          <NodeDetails />
          <LessonBox lab={lab} />
          <ChartsPanel />
          <EventLog />
        </main>
        <aside className="lab-side" aria-label="Lab controls">
          <ParamPanel lab={lab} />
          <ScenarioList lab={lab} />
        </aside>
      </div>
    </div>
  );
}

function Legend({ reducedMotion }: { reducedMotion: boolean }) {
  return (
    <div className="legend" aria-label="Legend">
      <ul>
        <li className="legend-title">Requests</li>
        <li>
          <span className="dot dot--ok" aria-hidden="true" /> in progress
        </li>
        <li>
          <span className="dot dot--waiting" aria-hidden="true" /> waiting
        </li>
        <li>
          <span className="dot dot--slow" aria-hidden="true" /> slow
        </li>
        <li>
          <span className="dot dot--failed" aria-hidden="true" /> failed
        </li>
      </ul>
      <ul>
        <li className="legend-title">Slots</li>
        <li>
          <span className="swatch slot--idle" aria-hidden="true" /> idle
        </li>
        <li>
          <span className="swatch slot--busy" aria-hidden="true" /> busy
        </li>
        <li>
          <span className="swatch slot--opening" aria-hidden="true" /> opening
        </li>
        <li>
          <span className="swatch slot--leaked" aria-hidden="true" /> leaked
        </li>
        <li>
          <span className="swatch slot--closed" aria-hidden="true" /> closed
        </li>
      </ul>
      {reducedMotion && <p className="legend-note">Reduced motion: requests in progress are counted, not animated.</p>}
    </div>
  );
}
