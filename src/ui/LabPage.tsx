import { Suspense, lazy, useEffect, useRef, useState, type ComponentType, type CSSProperties } from 'react';
import { closeSqlConsole } from '../app/labTools';
import { cancelSweep } from '../app/sweepClient';
import { labViewApi } from '../app/labViewApi';
import { findLab, labEntries } from '../labs';
import type { AnyLabViewProps } from '../lab/view';
import type { AnyLab } from '../lab/defineLab';
import { useAppStore } from '../store/store';
import { TopologyView } from '../viz/TopologyView';
import { useElementSize } from '../viz/useElementSize';
import { ChartsPanel } from './ChartsPanel';
import { EventLog } from './EventLog';
import { HeadlineStrip } from './HeadlineStrip';
import { Legend } from './Legend';
import { LessonBox, LessonCaption } from './LessonBox';
import { SideJump } from './SideJump';
import { EmbedBar, PresenterCursor, PresenterToggle } from './PresenterView';
import { NodeDetails } from './NodeDetails';
import { PanelFailure } from './PanelFailure';
import { ParamPanel } from './ParamPanel';
import { PlaybackBar, PlaybackStatus } from './PlaybackBar';
import { ProgressBar } from './ProgressBar';
import { ScenarioList } from './ScenarioList';
import { StageSummary } from './StageSummary';
import { SweepPanel } from './SweepPanel';
import { TopBar } from './TopBar';
import { TourBar } from './TourBar';
import { useTour } from '../app/tourPlayer';
import { UrlIssues } from './UrlIssues';
import { CompareEntry } from './compare/CompareEntry';

/**
 * One lab: topology and particles, playback, figures, request details, charts, the sweep and the
 * log; at the side the active scenario's "what to notice" above the presets and parameters, or the
 * SQL console when it is open (the stage stays in view and keeps playing).
 */
export function LabPage({ labId, embed = false }: { labId: string; embed?: boolean }) {
  const lab = findLab(labId);
  const reducedMotion = useAppStore((s) => s.ui.reducedMotion);
  const presenter = useAppStore((s) => s.ui.presenter);
  const touring = useTour((s) => s.scenario !== null);
  const consoleOpen = useAppStore((s) => s.console.open);
  const consoleNode = useAppStore((s) => (s.console.nodeId === null ? null : (s.snapshot.latest?.topology.nodes.find((n) => n.id === s.console.nodeId)?.label ?? null)));
  const bars = useRef<HTMLDivElement>(null);
  const { height: barsHeight } = useElementSize(bars);
  // Leaving the lab closes its console and stops its sweep.
  useEffect(
    () => () => {
      closeSqlConsole();
      cancelSweep();
    },
    [],
  );
  if (lab === undefined) return null;
  // The presenter view and an embedded lab show the stage and its figures; the rest is for a learner at a desk.
  const focused = presenter || embed;
  const showConsole = consoleOpen && lab.dataset !== undefined && !focused;
  const pageClass = ['page', 'lab', presenter ? 'lab--presenter' : '', embed ? 'lab--embed' : ''].filter(Boolean).join(' ');
  return (
    <div className={pageClass} data-lab={lab.id} style={barsHeight > 0 ? ({ '--bars-h': `${barsHeight}px` } as CSSProperties) : undefined}>
      <div className="lab-bars" ref={bars}>
        {embed ? (
          <EmbedBar lab={lab} />
        ) : (
          <TopBar title={lab.title}>
            <PlaybackStatus />
            <PresenterToggle />
          </TopBar>
        )}
        <PlaybackBar />
        <ProgressBar />
      </div>
      <UrlIssues />
      <div className={showConsole ? 'lab-grid lab-grid--console' : focused ? 'lab-grid lab-grid--focused' : 'lab-grid'}>
        <main id="main" className="lab-main">
          <section className="panel stage" aria-label="Topology">
            <TopologyView title={lab.title} consoleNodes={lab.dataset !== undefined && !focused} />
            <StageSummary title={lab.title} />
            <StageOverlay />
            <Legend labId={lab.id} reducedMotion={reducedMotion} />
          </section>
          {/* A guided tour's caption takes the lesson's place as the subtitle. */}
          <TourBar />
          {focused && !touring && <LessonCaption lab={lab} />}
          {!focused && <NodeDetails lab={lab} />}
          {!focused && <LabView lab={lab} />}
          <HeadlineStrip />
          {!presenter && <ChartsPanel />}
          {!focused && lab.sweep !== undefined && <SweepPanel lab={lab} sweep={lab.sweep} />}
          {!focused && <EventLog />}
        </main>
        {focused ? null : showConsole ? (
          <div className="lab-side lab-side--console">
            <ConsolePanel nodeLabel={consoleNode ?? 'Primary (PostgreSQL)'} />
          </div>
        ) : (
          <aside className="lab-side" aria-label="Lab controls">
            <SideJump />
            <LessonBox lab={lab} />
            <ScenarioList lab={lab} />
            <CompareEntry lab={lab} />
            <ParamPanel lab={lab} />
          </aside>
        )}
      </div>
      {presenter && <PresenterCursor />}
    </div>
  );
}

/**
 * The SQL console and its editor (CodeMirror, a third of the page's script) load when first
 * opened: a lab's first play does not wait for them to be fetched and compiled.
 */
const loadSqlConsole = () => import('./SqlConsole').then((m) => ({ default: m.SqlConsole }));
let SqlConsole = lazy(loadSqlConsole);

/** The console beside the stage; if its chunk cannot be fetched (offline), a line and a retry take its place. */
function ConsolePanel({ nodeLabel }: { nodeLabel: string }) {
  const [attempt, setAttempt] = useState(0);
  const retry = () => {
    // React keeps a failed lazy import failed: a new one fetches the chunk again.
    SqlConsole = lazy(loadSqlConsole);
    setAttempt((n) => n + 1);
  };
  return (
    <PanelFailure key={attempt} what="The SQL console" onRetry={retry}>
      <Suspense
        fallback={
          <section className="panel" aria-busy="true">
            Opening the SQL console…
          </section>
        }
      >
        <SqlConsole nodeLabel={nodeLabel} />
      </Suspense>
    </PanelFailure>
  );
}

/** Each lab's own view as a lazy component, made once per lab so React keeps its state across renders (and again on a retry). */
const lazyViews: Partial<Record<string, ReturnType<typeof lazy<ComponentType<AnyLabViewProps>>>>> = Object.fromEntries(
  labEntries.flatMap((e) => (e.view ? [[e.lab.id, lazy(e.view)]] : [])),
);

/**
 * The lab's own panel, if it has one (src/labs.ts), with the app's API injected. If its chunk
 * cannot be fetched or it throws, one line names the lab with a retry; the stage, the clock and
 * the controls keep running.
 */
function LabView({ lab }: { lab: AnyLab }) {
  const [attempt, setAttempt] = useState(0);
  const View = lazyViews[lab.id];
  if (View === undefined) return null;
  const retry = () => {
    const load = labEntries.find((e) => e.lab.id === lab.id)?.view;
    // React keeps a failed lazy import failed: a new one fetches the chunk again.
    if (load !== undefined) lazyViews[lab.id] = lazy(load);
    setAttempt((n) => n + 1);
  };
  return (
    <PanelFailure key={attempt} what={`The ${lab.title} lab's panel`} onRetry={retry}>
      <Suspense fallback={<section className="panel lab-view" aria-busy="true" />}>
        <View lab={lab} api={labViewApi} />
      </Suspense>
    </PanelFailure>
  );
}

/**
 * While a run is being prepared the stage says what is happening: the first load (PostgreSQL
 * booting for it) over an empty stage; a reset that takes a while (replicas re-cloning from the
 * primary) over the old run's stage, dimmed, saying the clock starts when it is done.
 */
function StageOverlay() {
  const loaded = useAppStore((s) => s.playback.loaded);
  // Shown once the work has taken long enough for a progress bar (no flash for quick resets).
  const resetting = useAppStore((s) => s.playback.loaded && s.playback.preparing && s.ui.progress !== null);
  const progress = useAppStore((s) => s.ui.progress);
  const dbLabel = useAppStore((s) => (s.console.db === 'booting' ? s.console.dbLabel : null));
  if (loaded && !resetting) return null;
  const label = dbLabel ?? progress?.label ?? 'Loading the lab';
  return (
    <div className={`stage-overlay${resetting ? ' stage-overlay--resetting' : ''}`} role="status" data-testid="stage-overlay">
      <span className="spinner" aria-hidden="true" />
      <span>
        {label}…
        {resetting ? (
          <span className="stage-overlay-note"> The run starts again from 0 s with the same data; the clock starts when this is done.</span>
        ) : (
          dbLabel !== null && <span className="stage-overlay-note"> PostgreSQL boots once per page (5–15 s); this run executes real SQL.</span>
        )}
      </span>
    </div>
  );
}

