import { Component, type ReactNode } from 'react';

/** How a browser words a lazily loaded chunk that could not be fetched (Chromium, Safari, Firefox). */
const CHUNK_FAILED = /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i;

/** The longest error message shown (the line stays one line; the console has the whole error). */
const MESSAGE_MAX = 140;

/** What the failure line says: a chunk not fetched (offline, a new deploy) or a panel that threw. */
export function failureText(what: string, error: Error): string {
  if (CHUNK_FAILED.test(error.message)) return `${what} could not be loaded (offline, or the site was updated meanwhile?).`;
  const message = error.message.replace(/\s+/g, ' ').trim();
  return `${what} stopped with an error: ${message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX - 1)}…` : message}`;
}

interface PanelFailureProps {
  /** The panel, as the failure line names it: "The Replication lab's panel". */
  what: string;
  /** Load the panel again (a fresh lazy import: a failed one is never retried by React). */
  onRetry: () => void;
  children: ReactNode;
}

/**
 * An error boundary around one lazily loaded panel (a lab's own view, the SQL console): when its
 * chunk cannot be fetched or it throws while rendering, one line names it and offers a retry, and
 * the rest of the page (the stage, the clock, the controls) keeps running. Without it React
 * unmounts the whole page: a blank screen. The parent gives it a new `key` on retry.
 */
export class PanelFailure extends Component<PanelFailureProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <section className="panel panel-failure" role="alert" data-testid="panel-failure">
        <p>{failureText(this.props.what, error)}</p>
        <button type="button" className="chip-button" onClick={this.props.onRetry}>
          Retry
        </button>
      </section>
    );
  }
}
