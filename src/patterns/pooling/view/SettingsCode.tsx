import { useState } from 'react';
import { poolLibraries } from '../../../settings/libraries';
import type { PoolLibrary } from '../../../settings/library';
import { poolParamsOf } from '../../../settings/poolParams';
import type { PoolingParams } from '../params';

/** The run's pool written for one library at a time, with a Copy button. */
export function SettingsCode({ params }: { params: PoolingParams }) {
  const [libraryId, setLibraryId] = useState<PoolLibrary['id']>('psycopg2');
  const [copied, setCopied] = useState<string | null>(null);
  const library = poolLibraries.find((l) => l.id === libraryId) ?? poolLibraries[0]!;
  const code = library.write(poolParamsOf(params));
  const copy = () => {
    if (navigator.clipboard === undefined) {
      setCopied('The clipboard is not available here: select the text and copy it.');
      return;
    }
    navigator.clipboard.writeText(code).then(
      () => setCopied(`Copied the ${library.title} settings.`),
      () => setCopied('The browser refused the clipboard: select the text and copy it.'),
    );
  };
  return (
    <div className="pooling-code-out">
      <div className="pooling-code-tabs" role="group" aria-label="Library">
        {poolLibraries.map((l) => (
          <button
            key={l.id}
            type="button"
            aria-pressed={l.id === library.id}
            data-library={l.id}
            onClick={() => {
              setLibraryId(l.id);
              setCopied(null);
            }}
          >
            {l.label}
          </button>
        ))}
      </div>
      <div className="pooling-code-head">
        <span>{library.title}</span>
        <button type="button" onClick={copy} data-testid="pooling-code-copy">
          Copy
        </button>
        <span role="status" className="pooling-code-copied">
          {copied}
        </span>
      </div>
      <pre className="pooling-code-text" data-testid="pooling-code-text" data-library={library.id}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
