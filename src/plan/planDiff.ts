import type { PlanTree, PlanTreeNode } from './planTypes';

/** One node's fate between two plans of the same statement. */
export interface PlanNodeChange {
  kind: 'same' | 'changed' | 'added' | 'removed';
  before?: PlanTreeNode;
  after?: PlanTreeNode;
  /** Set when the node type changed, e.g. Seq Scan → Index Scan. */
  typeChange?: { from: string; to: string };
  /** Set when the index used changed (including starting or stopping to use one). */
  indexChange?: { from: string | null; to: string | null };
  /** Rows produced over all loops (actual with ANALYZE, else estimated): before, after. */
  rows?: { before: number; after: number };
  /** Inclusive time, ms (both plans analysed). */
  timeMs?: { before: number; after: number };
  /** Inclusive cost (estimated loops included). */
  cost: { before: number; after: number } | null;
  /** One line for the learner: "Seq Scan → Bitmap Heap Scan on orders". */
  summary: string;
}

export interface PlanDiff {
  changes: PlanNodeChange[];
  /** Changes worth a headline: node types or indexes changed, nodes added or removed. */
  notable: PlanNodeChange[];
  /** Execution time (ANALYZE), ms, when both plans have it. */
  executionTimeMs?: { before: number; after: number };
  /** The root's total cost. */
  totalCost: { before: number; after: number };
  /** after id → before id, and before id → after id, for marking nodes on screen. */
  afterToBefore: Map<number, number>;
  beforeToAfter: Map<number, number>;
}

/**
 * Compares two plans of (usually) the same statement, e.g. before and after adding an index.
 *
 * Nodes are matched in three passes, each in plan order and only among nodes still unmatched:
 * 1. scans by what they read (relation and alias, the CTE, or the index a Bitmap Index Scan
 *    uses) — so "Seq Scan on orders" pairs with "Bitmap Heap Scan on orders";
 * 2. other nodes by type and the set of relations under them;
 * 3. other nodes by the set of relations alone (a Hash Join that became a Nested Loop).
 * Whatever is left is removed (only before) or added (only after).
 */
export function diffPlans(before: PlanTree, after: PlanTree): PlanDiff {
  const beforeToAfter = new Map<number, number>();
  const afterToBefore = new Map<number, number>();
  const pair = (b: PlanTreeNode, a: PlanTreeNode) => {
    beforeToAfter.set(b.id, a.id);
    afterToBefore.set(a.id, b.id);
  };
  const relationsBefore = relationSets(before);
  const relationsAfter = relationSets(after);
  const passes: ((n: PlanTreeNode, sets: Map<number, string>) => string | null)[] = [
    (n) => scanKey(n),
    (n, sets) => (scanKey(n) === null ? `${n.nodeType}|${sets.get(n.id)}` : null),
    (n, sets) => (scanKey(n) === null && sets.get(n.id) !== '' ? `rels|${sets.get(n.id)}` : null),
  ];
  for (const keyOf of passes) {
    const waiting = new Map<string, PlanTreeNode[]>();
    for (const a of after.nodes) {
      if (afterToBefore.has(a.id)) continue;
      const key = keyOf(a, relationsAfter);
      if (key === null) continue;
      const list = waiting.get(key) ?? [];
      list.push(a);
      waiting.set(key, list);
    }
    for (const b of before.nodes) {
      if (beforeToAfter.has(b.id)) continue;
      const key = keyOf(b, relationsBefore);
      if (key === null) continue;
      const a = waiting.get(key)?.shift();
      if (a !== undefined) pair(b, a);
    }
  }

  const changes: PlanNodeChange[] = [];
  for (const b of before.nodes) {
    const aId = beforeToAfter.get(b.id);
    changes.push(aId === undefined ? removed(b) : compare(b, after.nodes[aId]!));
  }
  for (const a of after.nodes) if (!afterToBefore.has(a.id)) changes.push(added(a));

  const diff: PlanDiff = {
    changes,
    notable: changes.filter((c) => c.kind !== 'same' && (c.kind !== 'changed' || c.typeChange !== undefined || c.indexChange !== undefined)),
    totalCost: { before: before.root.totalCost, after: after.root.totalCost },
    afterToBefore,
    beforeToAfter,
  };
  if (before.executionTimeMs !== undefined && after.executionTimeMs !== undefined) diff.executionTimeMs = { before: before.executionTimeMs, after: after.executionTimeMs };
  return diff;
}

/** What a scan reads, or null for nodes that are not scans. */
function scanKey(n: PlanTreeNode): string | null {
  if (n.relationName !== undefined) return `rel|${n.relationName}|${n.alias ?? ''}`;
  if (n.cteName !== undefined) return `cte|${n.cteName}|${n.alias ?? ''}`;
  if (n.nodeType === 'Bitmap Index Scan' && n.indexName !== undefined) return `idx|${n.indexName}`;
  return null;
}

/** For each node, the sorted relations (and CTEs) read anywhere under it, as one string. */
function relationSets(tree: PlanTree): Map<number, string> {
  const sets = new Map<number, string>();
  const visit = (n: PlanTreeNode): Set<string> => {
    const mine = new Set<string>();
    if (n.relationName !== undefined) mine.add(n.alias ?? n.relationName);
    if (n.cteName !== undefined) mine.add(`cte:${n.cteName}`);
    for (const c of n.children) for (const r of visit(c)) mine.add(r);
    sets.set(n.id, [...mine].sort().join(','));
    return mine;
  };
  visit(tree.root);
  return sets;
}

function rowsOf(n: PlanTreeNode): number {
  return n.actualRowsTotal ?? n.planRows * n.estimatedLoops;
}

function where(n: PlanTreeNode): string {
  if (n.relationName !== undefined) return ` on ${n.relationName}`;
  if (n.cteName !== undefined) return ` on ${n.cteName}`;
  if (n.indexName !== undefined) return ` on ${n.indexName}`;
  return '';
}

function compare(b: PlanTreeNode, a: PlanTreeNode): PlanNodeChange {
  const change: PlanNodeChange = {
    kind: 'same',
    before: b,
    after: a,
    rows: { before: rowsOf(b), after: rowsOf(a) },
    cost: { before: b.inclusiveCost, after: a.inclusiveCost },
    summary: '',
  };
  if (b.inclusiveTimeMs !== undefined && a.inclusiveTimeMs !== undefined) change.timeMs = { before: b.inclusiveTimeMs, after: a.inclusiveTimeMs };
  const parts: string[] = [];
  if (b.nodeType !== a.nodeType || b.strategy !== a.strategy || b.joinType !== a.joinType) {
    change.typeChange = { from: typeName(b), to: typeName(a) };
    parts.push(`${typeName(b)} → ${typeName(a)}${where(a)}`);
  }
  if ((b.indexName ?? null) !== (a.indexName ?? null) && b.nodeType !== 'Bitmap Index Scan') {
    change.indexChange = { from: b.indexName ?? null, to: a.indexName ?? null };
    if (change.typeChange === undefined) parts.push(`${typeName(a)}${where(a)} now uses ${a.indexName ?? 'no index'}`);
  }
  const moved = change.rows!.before !== change.rows!.after || (change.timeMs !== undefined && change.timeMs.before !== change.timeMs.after) || b.inclusiveCost !== a.inclusiveCost;
  if (parts.length > 0 || moved) change.kind = 'changed';
  change.summary = parts.length > 0 ? parts.join('; ') : `${a.title}: ${moved ? 'same operation, different figures' : 'unchanged'}`;
  return change;
}

function typeName(n: PlanTreeNode): string {
  return n.title.split(' on ')[0]!.split(' using ')[0]!;
}

function removed(b: PlanTreeNode): PlanNodeChange {
  const change: PlanNodeChange = { kind: 'removed', before: b, rows: { before: rowsOf(b), after: 0 }, cost: null, summary: `${b.title} removed` };
  return change;
}

function added(a: PlanTreeNode): PlanNodeChange {
  return { kind: 'added', after: a, rows: { before: 0, after: rowsOf(a) }, cost: null, summary: `${a.title} added` };
}
