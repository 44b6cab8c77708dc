import type { PlanTree, PlanTreeNode } from '../../../plan/planTypes';

/** An index as the catalog describes it. */
export interface IndexInfo {
  name: string;
  table: string;
  /** Key columns in index order. */
  columns: string[];
  /** Backs a primary key or unique constraint: dropping it is not the learner's to do here. */
  constraint: boolean;
  /** pg_stat_user_indexes.idx_scan: times the index was used since the node started. */
  scans: number;
  bytes: number;
}

export type ClauseRole = 'WHERE' | 'JOIN' | 'ORDER BY';

/** One column the query filters, joins or sorts on, and whether an index serves it. */
export interface ChecklistItem {
  role: ClauseRole;
  table: string;
  column: string;
  /** An index that can find rows by this column (it is first, or follows columns also in the WHERE). */
  coveredBy: string | null;
  /** An index that has the column but behind others the query does not fix: why it is not used. */
  notLeading: { index: string; before: string[] } | null;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'null', 'is', 'true', 'false', 'any', 'all', 'in', 'like', 'desc', 'asc', 'nulls', 'first', 'last', 'between', 'case', 'when', 'then', 'else', 'end']);

/** Column references in a plan expression: `alias.column` or a bare `column`, literals and casts removed. */
export function columnRefs(expression: string): { qualifier: string | null; column: string }[] {
  const text = expression
    .replace(/'(?:[^']|'')*'/g, ' ')
    .replace(/::[a-z_ ]+(\[\])?/gi, ' ')
    .replace(/"([^"]+)"/g, '$1');
  const refs: { qualifier: string | null; column: string }[] = [];
  const re = /\b([a-z_][a-z0-9_]*)(?:\.([a-z_][a-z0-9_]*))?\b(\s*\()?/gi;
  for (const m of text.matchAll(re)) {
    if (m[3]) continue; // a function call
    const [first, second] = [m[1]!.toLowerCase(), m[2]?.toLowerCase()];
    if (second !== undefined) refs.push({ qualifier: first, column: second });
    else if (!KEYWORDS.has(first)) refs.push({ qualifier: null, column: first });
  }
  return refs;
}

function relationsUnder(node: PlanTreeNode): PlanTreeNode[] {
  const out: PlanTreeNode[] = [];
  const walk = (n: PlanTreeNode) => {
    if (n.relationName) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** ORDER BY columns from the SQL text (the plan has no Sort Key when an index already gives the order). */
function orderByFromSql(sql: string): { qualifier: string | null; column: string }[] {
  const m = /\border\s+by\s+([\s\S]+?)(?:\blimit\b|\boffset\b|\bfetch\b|\bfor\b|;|$)/i.exec(sql);
  if (!m) return [];
  return m[1]!.split(',').flatMap((part) => columnRefs(part.trim()).slice(0, 1));
}

/** Aliases the SQL gives its tables: `from orders o`, `join customers as c`. */
function aliasesFromSql(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?/gi)) {
    const table = m[1]!.toLowerCase();
    out.set(table, table);
    const alias = m[2]?.toLowerCase();
    if (alias && !['where', 'join', 'on', 'left', 'right', 'inner', 'full', 'cross', 'group', 'order', 'limit', 'using', 'natural'].includes(alias)) out.set(alias, table);
  }
  return out;
}

/**
 * The index checklist of a query: the columns its plan filters on (Filter, Index Cond, Recheck
 * Cond), joins on (Hash/Merge Cond, Join Filter, an Index Cond naming another table) and sorts
 * on (Sort Key, and ORDER BY in the SQL), each with the index that serves it, if any.
 * `columns` lists each table's columns, so that names that are not columns are ignored.
 */
export function indexChecklist(plan: PlanTree, sql: string, indexes: readonly IndexInfo[], columns: Readonly<Record<string, readonly string[]>>): ChecklistItem[] {
  const aliases = aliasesFromSql(sql);
  for (const n of plan.nodes) if (n.relationName) aliases.set((n.alias ?? n.relationName).toLowerCase(), n.relationName);
  const found = new Map<string, { role: ClauseRole; table: string; column: string }>();
  const add = (role: ClauseRole, table: string | undefined, column: string) => {
    if (!table || !columns[table]?.includes(column)) return;
    const key = `${role}:${table}.${column}`;
    if (!found.has(key)) found.set(key, { role, table, column });
  };
  const resolve = (ref: { qualifier: string | null; column: string }, scope: PlanTreeNode[]) => {
    if (ref.qualifier !== null) return aliases.get(ref.qualifier);
    const owners = scope.filter((n) => columns[n.relationName!]?.includes(ref.column));
    return owners.length === 1 ? owners[0]!.relationName : undefined;
  };

  for (const node of plan.nodes) {
    const scope = relationsUnder(node);
    const own = node.relationName ? [node] : scope;
    for (const expr of [node.filter, node.recheckCond, node.indexCond]) {
      if (!expr) continue;
      const refs = columnRefs(expr);
      const tables = new Set(refs.map((r) => resolve(r, own)));
      // An index condition comparing with another table's column is the inner side of a join.
      const role: ClauseRole = tables.size > 1 ? 'JOIN' : 'WHERE';
      for (const r of refs) add(role, resolve(r, own), r.column);
    }
    for (const expr of [node.hashCond, node.mergeCond, node.joinFilter]) {
      if (expr) for (const r of columnRefs(expr)) add('JOIN', resolve(r, scope), r.column);
    }
    for (const key of node.sort?.key ?? []) for (const r of columnRefs(key).slice(0, 1)) add('ORDER BY', resolve(r, scope), r.column);
  }
  const all = relationsUnder(plan.root);
  for (const r of orderByFromSql(sql)) add('ORDER BY', resolve(r, all), r.column);

  const items = [...found.values()];
  const whereColumns = (table: string) => new Set(items.filter((i) => i.table === table && i.role === 'WHERE').map((i) => i.column));
  return items.map((item) => {
    const fixed = whereColumns(item.table);
    let coveredBy: string | null = null;
    let notLeading: ChecklistItem['notLeading'] = null;
    for (const ix of indexes.filter((i) => i.table === item.table)) {
      const at = ix.columns.indexOf(item.column);
      if (at < 0) continue;
      const before = ix.columns.slice(0, at);
      if (before.every((c) => fixed.has(c) && c !== item.column)) {
        coveredBy ??= ix.name;
      } else {
        notLeading ??= { index: ix.name, before };
      }
    }
    return { ...item, coveredBy, notLeading: coveredBy ? null : notLeading };
  });
}

/** Indexes never used since the node started (idx_scan = 0), constraint indexes aside. */
export function unusedIndexes(indexes: readonly IndexInfo[]): IndexInfo[] {
  return indexes.filter((i) => i.scans === 0 && !i.constraint);
}
