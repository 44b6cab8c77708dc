import { dismissToast } from '../store/uiSlice';
import { useAppStore } from '../store/store';

/** Errors and notices, with their full text, each dismissible; the app keeps running. */
export function Toasts() {
  const toasts = useAppStore((s) => s.ui.toasts);
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.kind}`} role="alert" data-testid="toast">
          <p className="toast-message">{t.message}</p>
          <button type="button" className="icon-button" onClick={() => dismissToast(t.id)} aria-label="Dismiss this message">
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </div>
  );
}
