import type { ProgressKind } from '../runner/protocol';
import { appStore, patchSlice } from './store';

export type Theme = 'dark' | 'light';

export type Route =
  | { name: 'home' }
  /** `embed`: the lab alone, without the app's chrome, for an iframe (`#/embed/lab/<id>`). */
  | { name: 'lab'; labId: string; embed?: true }
  | { name: 'coming'; labId: string }
  /** An A/B comparison of one lab (`#/compare/<id>?…&b=key:value`). */
  | { name: 'compare'; labId: string }
  | { name: 'notFound'; path: string };

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

export interface Progress {
  /** What the work is (see ProgressKind); 'other' for the page's own (an export, a sweep…). */
  kind: ProgressKind | 'other';
  label: string;
  /** 0–1, or null when the length of the work is unknown. */
  fraction: number | null;
}

/** Chrome around the simulation: route, theme, dialogs, progress and alerts. */
export interface UiSlice {
  route: Route;
  theme: Theme;
  helpOpen: boolean;
  /** Shown once some work has taken longer than 300 ms; null otherwise. */
  progress: Progress | null;
  toasts: Toast[];
  /** `prefers-reduced-motion: reduce`: particles are not animated. */
  reducedMotion: boolean;
  /** Presenter view (key p): large type, the stage and the headline figures only, a cursor highlight. */
  presenter: boolean;
}

export function initialUi(): UiSlice {
  return { route: { name: 'home' }, theme: 'dark', helpOpen: false, progress: null, toasts: [], reducedMotion: false, presenter: false };
}

export function setRoute(route: Route): void {
  patchSlice('ui', { route });
}

export function setTheme(theme: Theme): void {
  patchSlice('ui', { theme });
}

export function setHelpOpen(helpOpen: boolean): void {
  patchSlice('ui', { helpOpen });
}

export function setPresenter(presenter: boolean): void {
  patchSlice('ui', { presenter });
}

export function setReducedMotion(reducedMotion: boolean): void {
  patchSlice('ui', { reducedMotion });
}

export function setProgress(progress: Progress | null): void {
  patchSlice('ui', { progress });
}

let nextToastId = 1;
/** At most this many alerts are kept; older ones are dropped. */
const MAX_TOASTS = 5;

export function pushToast(kind: Toast['kind'], message: string): number {
  const id = nextToastId++;
  const toasts = [...appStore.getState().ui.toasts, { id, kind, message }].slice(-MAX_TOASTS);
  patchSlice('ui', { toasts });
  return id;
}

export function dismissToast(id: number): void {
  patchSlice('ui', { toasts: appStore.getState().ui.toasts.filter((t) => t.id !== id) });
}
