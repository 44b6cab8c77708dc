import { useCallback, useState } from 'react';
import { seedQueries } from './seedQueries';

/** What the learner chose and typed survives closing the lab and reloading the page (this tab only). */
const MEMORY_KEY = 'dbLab.query.indexView';

/** An index the learner created in the index view (and has not dropped). */
export interface AddedIndex {
  name: string;
  table: string;
  columns: string[];
}

export interface IndexViewMemory {
  /** A seed query's id, or FREE_SQL_ID for the learner's own SQL. */
  queryId: string;
  freeSql: string;
  /** The indexes the learner added, so that a primary rebuilt without them can be noticed and said. */
  added: AddedIndex[];
}

function isAddedIndex(x: unknown): x is AddedIndex {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  return typeof a.name === 'string' && typeof a.table === 'string' && Array.isArray(a.columns) && a.columns.every((c) => typeof c === 'string');
}

function recall(): IndexViewMemory {
  try {
    const raw = sessionStorage.getItem(MEMORY_KEY);
    if (raw) {
      const m = JSON.parse(raw) as Partial<IndexViewMemory>;
      return {
        queryId: typeof m.queryId === 'string' ? m.queryId : seedQueries[0]!.id,
        freeSql: typeof m.freeSql === 'string' ? m.freeSql : '',
        added: Array.isArray(m.added) ? m.added.filter(isAddedIndex) : [],
      };
    }
  } catch {
    // Storage unavailable or corrupt: start from the defaults.
  }
  return { queryId: seedQueries[0]!.id, freeSql: 'select * from orders where status = \'cancelled\' order by total desc limit 20', added: [] };
}

function remember(m: IndexViewMemory): void {
  try {
    sessionStorage.setItem(MEMORY_KEY, JSON.stringify(m));
  } catch {
    // Private mode or full storage: the text stays on screen, it is only not kept across reloads.
  }
}

/** The chosen query and the free SQL typed, kept in the tab's session storage as they change. */
export function useIndexViewMemory(): [IndexViewMemory, (next: Partial<IndexViewMemory>) => void] {
  const [memory, setMemory] = useState<IndexViewMemory>(recall);
  const update = useCallback((next: Partial<IndexViewMemory>) => {
    setMemory((m) => {
      const merged = { ...m, ...next };
      remember(merged);
      return merged;
    });
  }, []);
  return [memory, update];
}
