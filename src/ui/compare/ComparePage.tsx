import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useElementSize } from '../../viz/useElementSize';
import { findLab } from '../../labs';
import { splitHash, labHash } from '../../app/router';
import { formatSeconds } from '../../app/format';
import { SPEED_STEPS } from '../../runner/protocol';
import type { MetricTree } from '../../lab/snapshot';
import type { AnyLab } from '../../lab/defineLab';
import { labModelLoaded, loadLabModel } from '../../lab/lazyModel';
import { TopBar } from '../TopBar';
import { ComparisonPlayer, type ComparisonState, type FrameSource } from './comparisonPlayer';
import { describeChanges, parseComparison, type Comparison } from './comparisonUrl';
import { CompareFigures, AllMetrics } from './CompareFigures';
import { CompareCharts } from './CompareCharts';
import { CompareStage } from './CompareStage';
import './compare.css';

/** Topologies with more nodes than this are stacked when a half-width stage is narrower than STACK_BELOW_PX. */
const STACK_ABOVE_NODES = 6;
const STACK_BELOW_PX = 820;

/** The lab page's speeds up to 100×: both runs advance on the page's thread, within a frame's budget. */
const SPEEDS = SPEED_STEPS.filter((s): s is number => typeof s === 'number' && s <= 100);

const browserFrames: FrameSource = {
  now: () => performance.now(),
  request: (fn) => requestAnimationFrame(() => fn()),
};

/** What the test hook reads of the comparison on screen. */
export interface ComparisonProbe {
  state(): { now: number; tA: number; tB: number; playing: boolean; finished: boolean; a: MetricTree | null; b: MetricTree | null };
  play(): void;
  pause(): void;
}

declare global {
  interface Window {
    /** The comparison page's state, for end-to-end tests (absent on other pages). */
    __dbLabCompare?: ComparisonProbe;
  }
}

/**
 * `#/compare/<lab>?…&b=key:value`: the same scenario and seed run twice, A as the lab's address
 * gives it and B with the changes; both stages side by side on one clock, the headline figures of
 * A and B with their differences, the charts overlaid (A solid, B dashed).
 */
export function ComparePage({ labId }: { labId: string }) {
  const lab = findLab(labId);
  const query = splitHash(window.location.hash).query.toString();
  const comparison = useMemo(() => (lab === undefined ? null : parseComparison(lab, new URLSearchParams(query))), [lab, query]);
  const model = useLabModel(lab);
  // Making the player builds both runs at 0 s (no timers until Play), so it may happen during render.
  const player = useMemo(
    () => (comparison === null || model !== 'ready' ? null : ComparisonPlayer.create(comparison.a, comparison.b, browserFrames, typeof comparison.speed === 'number' ? comparison.speed : 100)),
    [comparison, model],
  );
  useEffect(() => {
    if (player === null || typeof player === 'string') return;
    window.__dbLabCompare = {
      state: () => {
        const s = player.current;
        return { now: s.now, tA: s.tA, tB: s.tB, playing: s.playing, finished: s.finished, a: s.a?.metrics ?? null, b: s.b?.metrics ?? null };
      },
      play: () => player.play(),
      pause: () => player.pause(),
    };
    return () => {
      player.pause();
      delete window.__dbLabCompare;
    };
  }, [player]);
  if (lab === undefined || comparison === null) return null;
  return (
    <div className="page compare" data-lab={lab.id}>
      <TopBar title={`Compare · ${lab.title}`} />
      {model === 'loading' && (
        <p className="compare-note" role="status">
          Loading the lab’s model…
        </p>
      )}
      {model !== 'loading' && model !== 'ready' && (
        <p className="compare-error" role="alert">
          The lab’s model could not be loaded: {model.error} (reload the page to try again).
        </p>
      )}
      {typeof player === 'string' && (
        <p className="compare-error" role="alert">
          This comparison cannot run: {player}
        </p>
      )}
      {player instanceof ComparisonPlayer && <Comparing comparison={comparison} player={player} />}
    </div>
  );
}

/** Both runs are built on this page: the lab's model (loaded on demand) must be here first. */
function useLabModel(lab: AnyLab | undefined): 'loading' | 'ready' | { error: string } {
  // What the load of the model ended with, per lab (its success is read from the lab itself).
  const [failure, setFailure] = useState<{ lab: AnyLab; error: string } | null>(null);
  const [, setLoadedCount] = useState(0);
  const ready = lab === undefined || labModelLoaded(lab);
  useEffect(() => {
    if (lab === undefined || labModelLoaded(lab)) return;
    let current = true;
    loadLabModel(lab).then(
      () => current && setLoadedCount((n) => n + 1),
      (error: unknown) => current && setFailure({ lab, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [lab]);
  if (ready) return 'ready';
  return failure !== null && failure.lab === lab ? { error: failure.error } : 'loading';
}

function Comparing({ comparison, player }: { comparison: Comparison; player: ComparisonPlayer }) {
  const state = useSyncExternalStore(
    (l) => player.subscribe(l),
    () => player.current,
  );
  useEffect(() => installCompareKeys(player), [player]);
  const stagesRef = useRef<HTMLDivElement>(null);
  const { width: stagesWidth } = useElementSize(stagesRef);
  // A busy topology (sharding's eight shards) needs the width of a lab page's stage: the two stages then go one above the other.
  const nodes = Math.max(state.a?.topology.nodes.length ?? 0, state.b?.topology.nodes.length ?? 0);
  const stacked = nodes > STACK_ABOVE_NODES && stagesWidth > 0 && stagesWidth / 2 < STACK_BELOW_PX;
  const { lab, changes } = comparison;
  const aQuery = new URLSearchParams(splitHash(window.location.hash).query);
  aQuery.delete('b');
  return (
    <main id="main" className="compare-main">
      <CompareControls state={state} player={player} backHref={labHash(lab.id, aQuery.toString().replace(/%3A/gi, ':'))} />
      {comparison.issues.length > 0 && (
        <ul className="compare-issues" role="status">
          {comparison.issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
      <p className="compare-note">
        Same scenario, same seed ({comparison.a.seed}), {comparison.a.durationS} s simulated. <strong>B</strong> is A with{' '}
        {changes.length > 0 ? <strong>{describeChanges(lab, changes)}</strong> : 'no change (add b=key:value to the address)'}. Both run on the model only (no SQL
        executed), on one clock: the same metrics as with real SQL for the same seed.
      </p>
      <div className={stacked ? 'compare-stages compare-stages--stacked' : 'compare-stages'} ref={stagesRef}>
        {(['A', 'B'] as const).map((side) => (
          <section key={side} className={`panel compare-stage compare-stage--${side}`} aria-label={`Run ${side}`} data-side={side}>
            <h2 className="compare-stage-title">
              <span className={`compare-badge compare-badge--${side}`}>{side}</span>
              {side === 'A' ? 'as given' : describeChanges(lab, changes) || 'as A'}
              <span className="compare-clock" data-testid={`clock-${side}`}>
                {formatSeconds(side === 'A' ? state.tA : state.tB)} s
              </span>
            </h2>
            <CompareStage side={side} snapshot={side === 'A' ? state.a : state.b} title={lab.title} />
          </section>
        ))}
      </div>
      <CompareFigures lab={lab} a={state.a} b={state.b} />
      <CompareCharts a={state.a} b={state.b} durationMs={state.durationMs} />
      <AllMetrics lab={lab} a={state.a?.metrics ?? null} b={state.b?.metrics ?? null} />
    </main>
  );
}

function CompareControls({ state, player, backHref }: { state: ComparisonState; player: ComparisonPlayer; backHref: string }) {
  return (
    <div className="compare-controls" role="group" aria-label="Playback of both runs">
      <button type="button" className="button button--primary" onClick={() => player.toggle()} disabled={state.finished} data-testid="compare-play">
        {state.playing ? 'Pause' : state.finished ? 'Finished' : 'Play'}
      </button>
      <button type="button" className="button" onClick={() => player.reset()}>
        Reset
      </button>
      <label className="compare-speed">
        Speed{' '}
        <select value={state.speed} onChange={(e) => player.setSpeed(Number(e.target.value))}>
          {SPEEDS.includes(state.speed) ? null : <option value={state.speed}>{state.speed}×</option>}
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="compare-time" aria-live="off">
        {formatSeconds(state.now)} s / {formatSeconds(state.durationMs)} s
      </span>
      <a className="compare-back" href={backHref}>
        ← Back to the lab (A)
      </a>
    </div>
  );
}

/**
 * The lab page's playback keys, for both runs at once: Space or PageDown (a clicker's forward)
 * plays and pauses, r or PageUp (back) resets. Keys typed into a field or pressed on a button or a
 * list are theirs.
 */
function installCompareKeys(player: ComparisonPlayer): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('input, select, textarea, button, a, summary, [contenteditable]')) return;
    if (event.key === ' ' || event.key === 'PageDown') player.toggle();
    else if ((event.key === 'r' && !event.shiftKey) || event.key === 'PageUp') player.reset();
    else return;
    event.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
