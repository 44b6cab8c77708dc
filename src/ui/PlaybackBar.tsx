import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { changeSeed, reset, seekTo, setSpeed, step, togglePlay } from '../app/commands';
import { formatDurationS, formatSeconds, formatSpeed } from '../app/format';
import { SPEED_STEPS, type Speed } from '../runner/protocol';
import { useAppStore } from '../store/store';
import { achievedSpeedText, playbackStatusText } from './playbackText';
import './playback.css';

/** Play/pause, step, speed, reset, the seek slider with the simulated clock, and the seed. */
export function PlaybackBar() {
  const playing = useAppStore((s) => s.playback.playing);
  const finished = useAppStore((s) => s.playback.finished);
  const loaded = useAppStore((s) => s.playback.loaded);
  const speed = useAppStore((s) => s.playback.speed);

  return (
    <section className="playback" aria-label="Playback">
      <div className="playback-buttons">
        <button type="button" className="button button--primary play-button" onClick={togglePlay} disabled={!loaded} aria-keyshortcuts="Space" data-testid="play">
          <span aria-hidden="true" className="play-icon">
            {playing ? '❚❚' : '▶'}
          </span>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="button" onClick={() => step('event')} disabled={!loaded || finished} aria-keyshortcuts="ArrowRight" title="Step one event (→)">
          Step event
        </button>
        <button type="button" className="button" onClick={() => step('instant')} disabled={!loaded || finished} aria-keyshortcuts="Shift+ArrowRight" title="Step to the next instant (Shift+→)">
          Step instant
        </button>
        <label className="speed">
          <span>Speed</span>
          <select value={String(speed)} onChange={(e) => setSpeed(parseSpeed(e.target.value))} disabled={!loaded} data-testid="speed">
            {SPEED_STEPS.map((s) => (
              <option key={String(s)} value={String(s)}>
                {formatSpeed(s)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={reset} disabled={!loaded} aria-keyshortcuts="r" title="Reset (r)">
          Reset
        </button>
      </div>
      <SeekControl />
      <SeedControl />
    </section>
  );
}

/**
 * "Playing at 10×", "Paused", "Finished": announced politely to screen readers. Beside it, when the
 * clock cannot keep the speed asked for, the speed it really keeps and why ("actually 0.6× ·
 * waiting for PGlite"); not announced, it changes with every snapshot.
 */
export function PlaybackStatus() {
  const playing = useAppStore((s) => s.playback.playing);
  const finished = useAppStore((s) => s.playback.finished);
  const loaded = useAppStore((s) => s.playback.loaded);
  const speed = useAppStore((s) => s.playback.speed);
  // A reset is said only once it takes long enough to show progress (no flicker for quick ones).
  const preparing = useAppStore((s) => s.playback.preparing && s.ui.progress !== null);
  const achieved = useAppStore((s) => s.playback.achieved);
  const waitingForSql = useAppStore((s) => s.playback.waitingForSql);
  const status = playbackStatusText({ loaded, finished, playing, speed, preparing, waitingForSql });
  const kept = playing && !preparing ? achievedSpeedText(speed, achieved) : null;
  return (
    <>
      <p className={`playback-status${playing && !preparing ? ' playback-status--playing' : ''}`} role="status" data-testid="playback-status">
        {status}
      </p>
      {kept !== null && (
        <p className="playback-achieved" title={kept.title} data-testid="achieved-speed">
          {kept.text}
        </p>
      )}
    </>
  );
}

function parseSpeed(value: string): Speed {
  return value === 'max' ? 'max' : Number(value);
}

function SeekControl() {
  const now = useAppStore((s) => s.playback.now);
  const durationMs = useAppStore((s) => s.playback.durationMs);
  const seekingTo = useAppStore((s) => s.playback.seekingTo);
  const loaded = useAppStore((s) => s.playback.loaded);
  const [draft, setDraft] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const shown = draft ?? seekingTo ?? now;
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const value = Number(event.target.value);
    setDraft(value);
    if (timer.current !== null) clearTimeout(timer.current);
    // Seek once the slider rests, not on every pixel of a drag.
    timer.current = setTimeout(() => {
      timer.current = null;
      setDraft(null);
      seekTo(value);
    }, 150);
  };
  const stepMs = durationMs > 0 ? durationMs / 600 : 1;
  const clock = `${formatSeconds(shown)} s / ${formatDurationS(durationMs)} s`;
  return (
    <div className="seek">
      <label htmlFor="seek" className="visually-hidden">
        Simulated time
      </label>
      <input
        id="seek"
        type="range"
        min={0}
        max={Math.max(durationMs, 1)}
        step={stepMs}
        value={Math.min(shown, Math.max(durationMs, 1))}
        onChange={onChange}
        disabled={!loaded}
        aria-valuetext={`${formatSeconds(shown)} seconds of ${formatDurationS(durationMs)}`}
      />
      <output className="clock" htmlFor="seek" data-testid="clock" aria-label="Simulated time">
        {clock}
      </output>
    </div>
  );
}

function SeedControl() {
  const seed = useAppStore((s) => s.scenario.base?.seed ?? 1);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    if (draft.trim() === String(seed)) {
      setDraft(null);
      setError(null);
      return;
    }
    const problem = changeSeed(draft);
    setError(problem);
    if (problem === null) setDraft(null);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    commit();
  };
  return (
    <form className="seed" onSubmit={onSubmit}>
      <label htmlFor="seed-input">Seed</label>
      <input
        id="seed-input"
        type="text"
        inputMode="numeric"
        value={draft ?? String(seed)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? 'seed-error' : 'seed-hint'}
        size={8}
        data-testid="seed"
      />
      <span id="seed-hint" className="visually-hidden">
        Press Enter to restart the run with this seed.
      </span>
      {error !== null && (
        <span id="seed-error" className="field-error" role="alert">
          Seed: {error}
        </span>
      )}
    </form>
  );
}
