import { useState } from 'react';
import './copyButton.css';

/**
 * Copy a snippet to the clipboard, saying in a status line what happened: copied, or why not (no
 * clipboard here, or the browser refused it) so the learner knows to select the text instead.
 * Shared by every "as code" panel; the status clears when the snippet changes.
 */
export function CopyButton({ text, what, testId }: { text: string; what: string; testId?: string }) {
  // The status belongs to the text it was about: another snippet shown clears it.
  const [status, setStatus] = useState<{ text: string; message: string } | null>(null);
  const say = (message: string) => setStatus({ text, message });
  const copy = () => {
    if (navigator.clipboard === undefined) {
      say('The clipboard is not available here: select the text and copy it.');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => say(`Copied the ${what}.`),
      () => say('The browser refused the clipboard: select the text and copy it.'),
    );
  };
  return (
    <>
      <button type="button" className="chip-button" onClick={copy} data-testid={testId}>
        Copy
      </button>
      <span role="status" className="copy-button-status">
        {status?.text === text ? status.message : null}
      </span>
    </>
  );
}
