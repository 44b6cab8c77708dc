import { poolLibraries } from '../../../settings/libraries';
import { poolParamsOf } from '../../../settings/poolParams';
import { SnippetTabs } from '../../../settings/SnippetTabs';
import type { PoolingParams } from '../params';

/** The run's pool written for one library at a time, with a Copy button. */
export function SettingsCode({ params }: { params: PoolingParams }) {
  const pool = poolParamsOf(params);
  const snippets = poolLibraries.map((l) => ({ id: l.id, label: l.label, title: l.title, code: l.write(pool) }));
  return <SnippetTabs snippets={snippets} label="Library" testId="pooling-code" />;
}
