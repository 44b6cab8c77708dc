import type { PlanTree } from '../../../ui/plan';

/** How each table is read, in words: the whole table or through an index. */
export function ScanSummary({ tree }: { tree: PlanTree | null }) {
  if (!tree) return null;
  const scans = tree.nodes.filter((n) => n.relationName || n.indexName);
  if (scans.length === 0) return null;
  return (
    <ul className="query-scans" data-testid="query-scans">
      {scans
        .filter((n) => n.nodeType !== 'Bitmap Heap Scan' || !n.children.some((c) => c.indexName))
        .map((n) => {
          const full = n.nodeType === 'Seq Scan' || n.nodeType === 'Parallel Seq Scan';
          const table = n.relationName ?? tree.nodes[n.parentId ?? 0]?.relationName ?? '';
          return (
            <li key={n.id} className={full ? 'is-full-scan' : 'is-index-scan'}>
              <strong>{table || n.indexName}</strong>: {full ? 'reads the whole table' : `found through index ${n.indexName}`} <span className="panel-count">({n.nodeType})</span>
            </li>
          );
        })}
    </ul>
  );
}
