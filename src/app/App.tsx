import { lazy, Suspense, useLayoutEffect, type MouseEvent } from 'react';
import { useAppStore } from '../store/store';
import { pageKey } from './router';
import { HelpDialog } from '../ui/HelpDialog';
import { HomePage } from '../ui/HomePage';
import { LabPage } from '../ui/LabPage';
import { NotFoundPage } from '../ui/NotFoundPage';
import { ProgressBar } from '../ui/ProgressBar';
import { Toasts } from '../ui/Toasts';

// The comparison page runs both simulations on the page (the engine and the lab's model): loaded when opened.
const ComparePage = lazy(() => import('../ui/compare/ComparePage').then((m) => ({ default: m.ComparePage })));

/** The page the address names, plus what floats above every page. */
export function App() {
  const route = useAppStore((s) => s.ui.route);
  const page = pageKey(route);
  // Another page opens at its top: the browser keeps the scroll position across hash changes,
  // which brought Home back scrolled and opened a lab below its diagram.
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
  }, [page]);
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain} hidden={route.name === 'lab' && route.embed === true}>
        Skip to content
      </a>
      {route.name !== 'lab' && <ProgressBar page />}
      {route.name === 'home' && <HomePage />}
      {route.name === 'lab' && <LabPage key={`${route.embed ? 'embed' : 'lab'}:${route.labId}`} labId={route.labId} embed={route.embed === true} />}
      {route.name === 'compare' && (
        <Suspense fallback={<main id="main" className="page compare" aria-busy="true" />}>
          <ComparePage key={route.labId} labId={route.labId} />
        </Suspense>
      )}
      {(route.name === 'coming' || route.name === 'notFound') && <NotFoundPage route={route} />}
      <HelpDialog />
      <Toasts />
    </>
  );
}

// With hash routing, "#main" would be read as a route: move focus instead of navigating.
function skipToMain(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  const main = document.getElementById('main');
  if (main !== null) {
    main.tabIndex = -1;
    main.focus();
  }
}
