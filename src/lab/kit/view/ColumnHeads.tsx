import type { ReactNode } from 'react';

/** One column heading: its text, or a node with a title (a tooltip) or a class of its own. */
export type ColumnHead = string | { key: string; label: ReactNode; title?: string; className?: string };

/**
 * A table's header row: one `<th scope="col">` per column, so that a screen reader names the
 * column of every cell. The labs' tables share it (React components of the kit live in kit/view,
 * apart from kit/index, which the worker and the CLI load without React).
 */
export function ColumnHeads({ columns }: { columns: readonly ColumnHead[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.key} scope="col" title={c.title} className={c.className}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
