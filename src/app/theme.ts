import { appStore } from '../store/store';
import { setReducedMotion, setTheme, type Theme } from '../store/uiSlice';

const STORAGE_KEY = 'dbLab.theme';

function stored(): Theme | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'dark' || value === 'light' ? value : null;
  } catch {
    return null;
  }
}

/** The theme index.html chose before the first paint (remembered, else the system's). */
export function initialTheme(): Theme {
  const fromPage = document.documentElement.dataset.theme;
  if (fromPage === 'dark' || fromPage === 'light') return fromPage;
  return stored() ?? (window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark');
}

/** Follow the theme and reduced-motion preferences; the theme is remembered once chosen. */
export function installTheme(): void {
  setTheme(initialTheme());
  document.documentElement.dataset.theme = appStore.getState().ui.theme;
  appStore.subscribe((state, previous) => {
    if (state.ui.theme !== previous.ui.theme) document.documentElement.dataset.theme = state.ui.theme;
  });
  const motion = window.matchMedia?.('(prefers-reduced-motion: reduce)');
  if (motion !== undefined) {
    setReducedMotion(motion.matches);
    motion.addEventListener('change', (event) => setReducedMotion(event.matches));
  }
}

export function toggleTheme(): void {
  const next: Theme = appStore.getState().ui.theme === 'dark' ? 'light' : 'dark';
  setTheme(next);
  try {
    window.localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
