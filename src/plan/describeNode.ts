import type { PlanTreeNode } from './planTypes';

/**
 * What a plan node does, in plain words for a learner who has never read EXPLAIN:
 * "reading every row of orders", "sorting 5,000 rows on disk (they did not fit in work_mem)".
 */
export function describeNode(node: PlanTreeNode): string {
  const rel = node.relationName ?? node.alias ?? 'a table';
  const rows = node.actualRowsTotal ?? node.planRows * node.estimatedLoops;
  const rowsText = `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}`;
  switch (node.nodeType) {
    case 'Seq Scan':
      return node.filter !== undefined ? `reading every row of ${rel} and keeping those that match the filter` : `reading every row of ${rel}`;
    case 'Index Scan':
      return `looking rows of ${rel} up through the index ${node.indexName ?? ''}`.trimEnd();
    case 'Index Only Scan':
      return `reading the index ${node.indexName ?? ''} alone, without visiting ${rel}`.replace('  ', ' ');
    case 'Bitmap Index Scan':
      return `finding the matching rows in the index ${node.indexName ?? ''}`.trimEnd();
    case 'Bitmap Heap Scan':
      return `reading the pages of ${rel} that the index pointed to`;
    case 'BitmapAnd':
      return 'combining index matches that must all hold';
    case 'BitmapOr':
      return 'combining index matches where any may hold';
    case 'Sort':
      return node.sort?.spilled ? `sorting ${rowsText} on disk (they did not fit in work_mem)` : `sorting ${rowsText}${node.sort?.key.length ? ` by ${node.sort.key.join(', ')}` : ''}`;
    case 'Incremental Sort':
      return `sorting ${rowsText} that arrive partly sorted`;
    case 'Hash':
      return `building a hash table of ${rowsText} for the join`;
    case 'Hash Join':
      return 'joining rows by looking each one up in a hash table';
    case 'Merge Join':
      return 'joining two inputs already sorted on the join key';
    case 'Nested Loop':
      return 'joining by running the inner side once for every outer row';
    case 'Aggregate':
      return node.strategy === 'Plain' ? `computing totals over ${rowsText === '1 row' ? 'the input' : 'all input rows'}` : `grouping rows and computing totals per group (${node.strategy === 'Hashed' ? 'with a hash table' : 'on sorted input'})`;
    case 'Group':
      return 'grouping sorted rows';
    case 'Limit':
      return 'stopping after the first rows';
    case 'Materialize':
      return 'keeping rows in memory to read them again';
    case 'Memoize':
      return 'remembering inner results for repeated keys';
    case 'CTE Scan':
      return `reading the result of the WITH query ${node.cteName ?? ''}`.trimEnd();
    case 'Subquery Scan':
      return 'reading the result of a subquery';
    case 'Function Scan':
      return 'reading the rows a function returns';
    case 'Values Scan':
      return 'reading a VALUES list';
    case 'Result':
      return 'computing a result without reading a table';
    case 'Append':
      return 'reading several inputs one after the other';
    case 'Unique':
      return 'removing duplicate rows';
    case 'Gather':
    case 'Gather Merge':
      return 'collecting rows from parallel workers';
    case 'ModifyTable':
      return `changing rows of ${rel}`;
    case 'WindowAgg':
      return 'computing window functions';
    default:
      return node.nodeType.toLowerCase();
  }
}

/** 12345 → "12,345"; fractional per-loop averages keep one decimal. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(value) ? 0 : 1 });
}

/** True for nodes that read a whole table; shown apart from index access. */
export function isFullScan(node: PlanTreeNode): boolean {
  return node.nodeType === 'Seq Scan' || node.nodeType === 'Parallel Seq Scan';
}

/** True for nodes that reach rows through an index. */
export function isIndexAccess(node: PlanTreeNode): boolean {
  return /Index/.test(node.nodeType) || node.nodeType === 'Bitmap Heap Scan';
}
