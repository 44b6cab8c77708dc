import { useState } from 'react';
import { CopyButton } from './CopyButton';
import type { Snippet } from './snippet';
import './snippetTabs.css';

/**
 * A lab's parameters as code: one tab per snippet, the shown one with a Copy button. `testId`
 * names the panel's parts (`<testId>-text`, `<testId>-copy`) for tests.
 */
export function SnippetTabs({ snippets, label, testId }: { snippets: readonly Snippet[]; label: string; testId: string }) {
  const [id, setId] = useState(snippets[0]?.id);
  const shown = snippets.find((s) => s.id === id) ?? snippets[0];
  if (shown === undefined) return null;
  return (
    <div className="snippet-tabs">
      <div className="snippet-tabs-bar" role="group" aria-label={label}>
        {snippets.map((s) => (
          <button key={s.id} type="button" className="chip-button" aria-pressed={s.id === shown.id} data-snippet={s.id} onClick={() => setId(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      <div className="snippet-tabs-head">
        <span>{shown.title}</span>
        <CopyButton text={shown.code} what={shown.title} testId={`${testId}-copy`} />
      </div>
      <pre className="code-block" data-testid={`${testId}-text`} data-snippet={shown.id}>
        <code>{shown.code}</code>
      </pre>
    </div>
  );
}
