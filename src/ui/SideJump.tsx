import { appStore } from '../store/store';

/** The side column's panels a learner looks for, by the id of the element that opens each. */
const TARGETS = [
  { label: 'Parameters', id: 'params-title' },
  { label: 'Presets', id: 'presets-title' },
  { label: 'Compare…', id: 'compare-entry-summary' },
] as const;

/**
 * Links to the side column's panels, at its top: below the lesson and the presets, the parameters
 * are out of sight on most screens, and nothing else says they are there. Each scrolls its panel
 * into view and moves the keyboard focus to its heading.
 */
export function SideJump() {
  const jump = (id: string) => {
    const target = document.getElementById(id);
    if (target === null) return;
    const behavior = appStore.getState().ui.reducedMotion ? 'auto' : 'smooth';
    const column = target.closest('.lab-side');
    // Beside the stage the column scrolls on its own: scroll it alone (the page, and the stage with
    // it, stay put; the page's scroll would also put the heading under the sticky bars). Below the
    // stage (a narrow screen) the page scrolls.
    if (column !== null && column.scrollHeight > column.clientHeight) {
      column.scrollTo({ top: column.scrollTop + target.getBoundingClientRect().top - column.getBoundingClientRect().top - 20, behavior });
    } else {
      target.scrollIntoView({ block: 'start', behavior });
    }
    target.focus({ preventScroll: true });
  };
  return (
    <nav className="side-jump" aria-label="Jump to a panel" data-testid="side-jump">
      {TARGETS.map((t, i) => (
        <span key={t.id}>
          {i > 0 && <span aria-hidden="true"> · </span>}
          <button type="button" className="link-button" onClick={() => jump(t.id)}>
            {t.label}
          </button>
        </span>
      ))}
    </nav>
  );
}
