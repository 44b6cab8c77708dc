import { useState } from 'react';
import type { Catalog } from './useIndexWorkbench';

interface AddIndexFormProps {
  catalog: Catalog | null;
  busy: boolean;
  /** Create the index on `table` (`columns`, in order). */
  onCreate(table: string, columns: string[]): void;
}

/** An index of one or two columns, chosen from the catalog's tables and columns. */
export function AddIndexForm({ catalog, busy, onCreate }: AddIndexFormProps) {
  const [draft, setDraft] = useState<{ table: string; first: string; second: string }>({ table: 'orders', first: 'customer_id', second: '' });
  const tableColumns = catalog?.columns[draft.table] ?? [];
  return (
    <form
      className="query-add-index"
      onSubmit={(e) => {
        e.preventDefault();
        onCreate(draft.table, draft.second ? [draft.first, draft.second] : [draft.first]);
      }}
    >
      <label>
        Table
        <select value={draft.table} onChange={(e) => setDraft({ table: e.target.value, first: catalog?.columns[e.target.value]?.[0] ?? '', second: '' })} data-testid="index-table">
          {Object.keys(catalog?.columns ?? { orders: [] }).map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        First column
        <select value={draft.first} onChange={(e) => setDraft({ ...draft, first: e.target.value })} data-testid="index-first">
          {tableColumns.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        Second column
        <select value={draft.second} onChange={(e) => setDraft({ ...draft, second: e.target.value })} data-testid="index-second">
          <option value="">(none)</option>
          {tableColumns
            .filter((c) => c !== draft.first)
            .map((c) => (
              <option key={c}>{c}</option>
            ))}
        </select>
      </label>
      <button type="submit" className="button button--primary" disabled={busy || catalog === null} data-testid="index-create">
        Create index
      </button>
    </form>
  );
}
