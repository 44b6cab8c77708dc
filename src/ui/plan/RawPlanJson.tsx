import { useState } from 'react';

/** The raw EXPLAIN JSON behind a disclosure, with a copy button beside it. */
export function RawPlanJson({ json }: { json: unknown }) {
  const text = JSON.stringify(json, null, 2);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <details className="plan-disclosure plan-raw">
      <summary>Raw EXPLAIN JSON</summary>
      <div className="plan-raw-actions">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy JSON
        </button>
        <span role="status" className="panel-note">
          {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser refused the clipboard: select the text below and copy it.' : ''}
        </span>
      </div>
      <pre className="plan-json" tabIndex={0} aria-label="Raw EXPLAIN JSON">
        {text}
      </pre>
    </details>
  );
}
