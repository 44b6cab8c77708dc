import { useState } from 'react';
import { CopyButton } from '../../../settings/CopyButton';
import { poolLibraries } from '../../../settings/libraries';
import type { PoolLibrary } from '../../../settings/library';
import { poolParamsOf } from '../../../settings/poolParams';
import type { PoolingParams } from '../params';

/** The run's pool written for one library at a time, with a Copy button. */
export function SettingsCode({ params }: { params: PoolingParams }) {
  const [libraryId, setLibraryId] = useState<PoolLibrary['id']>('psycopg2');
  const library = poolLibraries.find((l) => l.id === libraryId) ?? poolLibraries[0]!;
  const code = library.write(poolParamsOf(params));
  return (
    <div className="pooling-code-out">
      <div className="pooling-code-tabs" role="group" aria-label="Library">
        {poolLibraries.map((l) => (
          <button
            key={l.id}
            type="button"
            aria-pressed={l.id === library.id}
            data-library={l.id}
            onClick={() => setLibraryId(l.id)}
          >
            {l.label}
          </button>
        ))}
      </div>
      <div className="pooling-code-head">
        <span>{library.title}</span>
        <CopyButton text={code} what={`${library.title} settings`} testId="pooling-code-copy" />
      </div>
      <pre className="pooling-code-text" data-testid="pooling-code-text" data-library={library.id}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
