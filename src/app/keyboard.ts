import { appStore } from '../store/store';
import { setHelpOpen, setPresenter } from '../store/uiSlice';
import { nudgeSpeed, reset, step, togglePlay } from './commands';
import { tourActive, tourBack, tourNext } from './tourPlayer';

/** A key (or keys pressed together) and what it does, for the help dialog. */
export interface Shortcut {
  keys: string[];
  action: string;
}

/** The shortcuts, for the help dialog. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Space'], action: 'Play or pause' },
  { keys: ['→'], action: 'Step one event (during a guided tour: the next step)' },
  { keys: ['←'], action: 'During a guided tour: back to the step before' },
  { keys: ['Shift', '→'], action: 'Step to the next instant (every event at the next time)' },
  { keys: ['+'], action: 'Faster (next speed)' },
  { keys: ['−'], action: 'Slower (previous speed)' },
  { keys: ['r'], action: 'Reset the run (pending parameter changes apply)' },
  { keys: ['p'], action: 'Presenter view on or off (large type, the stage and its figures only)' },
  { keys: ['?'], action: 'Show this help' },
  { keys: ['Esc'], action: 'Close this help, or the SQL console' },
  { keys: ['Ctrl', 'Enter'], action: 'SQL console: run the statement (Cmd+Enter on a Mac); ↑ and ↓ recall earlier ones' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a[href], summary, [role="button"]') !== null;
}

/**
 * What a presentation remote (clicker) sends: its forward and back buttons are PageDown and
 * PageUp (a few send → / ←, which already step and are listed above).
 */
export const CLICKER_KEYS: readonly Shortcut[] = [
  { keys: ['PageDown'], action: 'Forward button: play or pause (during a guided tour: the next step)' },
  { keys: ['PageUp'], action: 'Back button: reset the run to 0 s, same seed, same run (during a guided tour: the step before)' },
  { keys: ['Esc'], action: 'Leave the presenter view' },
];

/** Handle one key press; true if it was a shortcut. Exported for tests. */
export function handleShortcut(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return false;
  if (isTyping(event.target)) return false;
  const { ui } = appStore.getState();
  if (event.key === '?') {
    setHelpOpen(true);
    return true;
  }
  // The help dialog is modal: while it is open, only its own keys (Esc, Tab) act.
  if (ui.helpOpen) return false;
  const inLab = ui.route.name === 'lab';
  switch (event.key) {
    case ' ':
    case 'Spacebar':
      // Space on a focused button presses that button; do not also toggle playback.
      if (!inLab || isActivatable(event.target)) return false;
      togglePlay();
      return true;
    case 'ArrowRight':
      if (!inLab) return false;
      // During a guided tour the arrows and a clicker's buttons move through its steps.
      if (!event.shiftKey && tourActive()) tourNext();
      else step(event.shiftKey ? 'instant' : 'event');
      return true;
    case '+':
    case '=':
      if (!inLab) return false;
      nudgeSpeed(1);
      return true;
    case '-':
    case '_':
    case '−':
      if (!inLab) return false;
      nudgeSpeed(-1);
      return true;
    case 'r':
    case 'R':
      if (!inLab || event.shiftKey) return false;
      reset();
      return true;
    case 'p':
    case 'P':
      if (!inLab || event.shiftKey) return false;
      setPresenter(!ui.presenter);
      return true;
    case 'ArrowLeft':
      if (!inLab || event.shiftKey || !tourActive()) return false;
      tourBack();
      return true;
    case 'PageDown':
      if (!inLab) return false;
      if (tourActive()) tourNext();
      else togglePlay();
      return true;
    case 'PageUp':
      if (!inLab) return false;
      if (tourActive()) tourBack();
      else reset();
      return true;
    case 'Escape':
      if (!ui.presenter) return false;
      setPresenter(false);
      return true;
  }
  return false;
}

export function installKeyboardShortcuts(): () => void {
  const listener = (event: KeyboardEvent) => {
    if (handleShortcut(event)) event.preventDefault();
  };
  window.addEventListener('keydown', listener);
  return () => window.removeEventListener('keydown', listener);
}
