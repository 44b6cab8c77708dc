import { useState } from 'react';
import { SnippetTabs } from '../../../settings/SnippetTabs';
import type { Snippet } from '../../../settings/snippet';
import './codePanel.css';

interface CodePanelProps {
  /** The heading ("Routing as code"), at the level the lab's view gives it. */
  title: string;
  heading: 'h2' | 'h3';
  /** One line beside the heading saying what the code shows. */
  note: string;
  /** The panel's test id; its parts are `<testId>-text` and `<testId>-copy` (see SnippetTabs). */
  testId: string;
  /** The lab's own class on the panel, for its spacing. */
  className: string;
  /** The run's code, asked for only once the panel is opened. */
  snippets: () => readonly Snippet[];
}

/**
 * A run's settings as code, closed at first (the figures come first): its snippets are written
 * only once it is opened, so no hidden code text sits on the page.
 */
export function CodePanel({ title, heading: Heading, note, testId, className, snippets }: CodePanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className={`lab-code ${className}`} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={testId}>
      <summary>
        <Heading>{title}</Heading>
        <span className="lab-code-note">{note}</span>
      </summary>
      {open && <SnippetTabs snippets={snippets()} label="Form" testId={testId} />}
    </details>
  );
}
