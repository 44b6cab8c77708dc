import { useEffect, useRef } from 'react';
import type { AnyLab } from '../lab/defineLab';
import { labHash } from '../app/router';
import { desiredHash } from '../app/urlSync';
import { setPresenter } from '../store/uiSlice';
import { useAppStore } from '../store/store';

/** The button that turns the presenter view on and off (the key p does the same). */
export function PresenterToggle() {
  const on = useAppStore((s) => s.ui.presenter);
  return (
    <button
      type="button"
      className={on ? 'button presenter-toggle presenter-toggle--on' : 'button presenter-toggle'}
      onClick={() => setPresenter(!on)}
      aria-pressed={on}
      aria-keyshortcuts="p"
      title={on ? 'Leave the presenter view (p or Esc)' : 'Presenter view: large type, the stage and its figures only (p)'}
      data-testid="presenter-toggle"
    >
      Present
    </button>
  );
}

/**
 * A ring that follows the pointer in the presenter view, so that a room can see what the presenter
 * points at on a projector. Moved without React renders (one style write per pointer move).
 */
export function PresenterCursor() {
  const ring = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const move = (event: PointerEvent) => {
      const el = ring.current;
      if (el === null) return;
      el.style.transform = `translate(${event.clientX}px, ${event.clientY}px)`;
      el.hidden = false;
    };
    const leave = () => {
      if (ring.current !== null) ring.current.hidden = true;
    };
    window.addEventListener('pointermove', move);
    document.documentElement.addEventListener('pointerleave', leave);
    return () => {
      window.removeEventListener('pointermove', move);
      document.documentElement.removeEventListener('pointerleave', leave);
    };
  }, []);
  return <div ref={ring} className="presenter-cursor" aria-hidden="true" hidden data-testid="presenter-cursor" />;
}

/** An embedded lab's only chrome: its title and a way out to the whole app, in a new tab. */
export function EmbedBar({ lab }: { lab: AnyLab }) {
  // The same state as the embedded one (seed, parameters, time), in the whole app.
  const full = useAppStore((s) => desiredHash(s)?.replace(/^#\/embed\//, '#/') ?? labHash(lab.id));
  return (
    <header className="embed-bar">
      <h1 className="embed-title">{lab.title}</h1>
      <a className="embed-open" href={`./${full}`} target="_blank" rel="noopener">
        Open in Database Patterns Lab ↗
      </a>
    </header>
  );
}
