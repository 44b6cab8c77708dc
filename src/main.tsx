// First: on a lab's address the simulation worker starts before the rest of the page is evaluated.
import './app/earlySimulationWorker';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startApp } from './app/commands';
import { installKeyboardShortcuts } from './app/keyboard';
import { installTestHook } from './app/testHook';
import { installTheme } from './app/theme';
import { installUrlSync } from './app/urlSync';
import { installTourPlayer } from './app/tourPlayer';
import { registerServiceWorker } from './offline/registerServiceWorker';
import './styles/app.css';

installTheme();
installTestHook();
startApp();
installUrlSync();
installKeyboardShortcuts();
installTourPlayer();
registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
