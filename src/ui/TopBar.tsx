import type { ReactNode } from 'react';
import { toggleTheme } from '../app/theme';
import { setHelpOpen } from '../store/uiSlice';
import { useAppStore } from '../store/store';

/** The bar across the top: the app's name (home), the lab's title, theme and help. */
export function TopBar({ title, children }: { title?: string; children?: ReactNode }) {
  const theme = useAppStore((s) => s.ui.theme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <header className="topbar">
      <a className="brand" href="#/" aria-label="Database Patterns Lab: home">
        <img src="./favicon.svg" alt="" width="28" height="28" />
        <span className="brand-name">Database Patterns Lab</span>
      </a>
      {title !== undefined && (
        <h1 className="topbar-title">
          <span aria-hidden="true" className="topbar-sep">
            /
          </span>
          {title}
        </h1>
      )}
      <div className="topbar-actions">
        {children}
        <button type="button" className="icon-button" onClick={toggleTheme} aria-label={`Switch to ${next} theme`} title={`Switch to ${next} theme`}>
          <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
        </button>
        <button type="button" className="icon-button" onClick={() => setHelpOpen(true)} aria-label="Help and keyboard shortcuts" title="Help and keyboard shortcuts (?)">
          <span aria-hidden="true">?</span>
        </button>
      </div>
    </header>
  );
}
