import { CLICKER_KEYS, SHORTCUTS, type Shortcut } from '../app/keyboard';
import { setHelpOpen } from '../store/uiSlice';
import { useAppStore } from '../store/store';
import { useModalDialog } from './useModalDialog';

/** Keyboard shortcuts and a few words on reading the screen. A native modal dialog (Esc closes). */
export function HelpDialog() {
  const open = useAppStore((s) => s.ui.helpOpen);
  const ref = useModalDialog(open);

  return (
    <dialog ref={ref} className="help" aria-labelledby="help-title" onClose={() => setHelpOpen(false)}>
      <div className="help-head">
        <h2 id="help-title">Help and keyboard shortcuts</h2>
        <button type="button" className="icon-button" onClick={() => setHelpOpen(false)} aria-label="Close help">
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <ShortcutTable caption="Keyboard shortcuts (they work when you are not typing in a field)" shortcuts={SHORTCUTS} />
      <h3 className="help-subtitle">Presenting with a clicker</h3>
      <p>
        Press <kbd>p</kbd> (or <strong>Present</strong> at the top) for the presenter view: large type, the stage, the lesson as a
        subtitle and the headline figures, with a ring around the pointer. Presentation remotes send these keys:
      </p>
      <ShortcutTable caption="Presentation remote (clicker) keys" shortcuts={CLICKER_KEYS} />
      <p>
        On an A/B comparison page (<strong>Compare…</strong> in a lab&apos;s side panel), <kbd>Space</kbd> or <kbd>PageDown</kbd> plays and pauses
        both runs together, and <kbd>r</kbd> or <kbd>PageUp</kbd> resets both to 0 s.
      </p>
      <p>
        Shortcuts work whenever you are not typing in a field. Every run is deterministic: the same seed and parameters replay exactly,
        and the address bar holds the whole state of the lab — share it or reload it to come back to the same moment.
      </p>
      <p>
        Figures are tagged <span className="origin origin--simulated">simulated</span>, <span className="origin origin--real">real</span> or{' '}
        <span className="origin origin--theory">theory</span> so you always know where a number comes from.
      </p>
    </dialog>
  );
}

function ShortcutTable({ caption, shortcuts }: { caption: string; shortcuts: readonly Shortcut[] }) {
  return (
    <table className="shortcuts">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Keys</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {shortcuts.map((s) => (
          <tr key={s.action}>
            <td>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ' + '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </td>
            <td>{s.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
