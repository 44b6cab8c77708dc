import { pushToast } from '../store/uiSlice';

/** Set to "1" in localStorage to install the service worker in an automated browser (the offline test). */
export const OFFLINE_IN_AUTOMATION_KEY = 'dbLab.offline';

/**
 * Install the service worker that keeps the built app working offline (src/offline/). Not in
 * development (Vite serves sources that change), and not in automated browsers unless asked: each
 * end-to-end page would otherwise download the whole app (PGlite's WebAssembly included) into
 * its cache; the offline test asks for it.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  if (navigator.webdriver && localStorage.getItem(OFFLINE_IN_AUTOMATION_KEY) !== '1') return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.register('./sw.js').then(
    (registration) => {
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => {
          // The first install is not news; a later one is a new version of the app.
          if (installing.state === 'activated' && hadController) pushToast('info', 'A new version of Database Patterns Lab is available: reload the page to use it.');
        });
      });
    },
    (error: Error) => console.warn(`Offline use is not available: ${error.message}`),
  );
}
