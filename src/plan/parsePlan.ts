import { MISESTIMATE_FLAG_FACTOR, type PlanBuffers, type PlanSort, type PlanTree, type PlanTreeNode, type PlanWorkers, type RowEstimate } from './planTypes';

/**
 * Parses PostgreSQL's `EXPLAIN (FORMAT JSON)` output, with or without ANALYZE and BUFFERS,
 * into a {@link PlanTree}.
 *
 * Accepted shapes (whatever PGlite or a pg client hands back): the JSON text; the parsed array
 * `[{ Plan, Planning Time, Execution Time, … }]`; one such object; a bare `Plan` node; or the
 * result rows themselves (`[{ "QUERY PLAN": … }]`).
 *
 * How the derived figures are computed (the rules pev2 and explain.depesz use):
 *
 * - Time. PostgreSQL reports `Actual Total Time` per loop, averaged over loops (and, under a
 *   Gather, over the processes that ran the node). A node's **inclusive time** is therefore
 *   `Actual Total Time × Actual Loops ÷ processes`, where processes = workers launched + 1 under
 *   a Gather and 1 elsewhere. Its **exclusive time** is its inclusive time minus the inclusive
 *   times of its children, clamped at 0 (timer noise can make children add up to a little more).
 *   InitPlans and SubPlans are children: the node that evaluates them includes their time. A CTE
 *   is the exception: PostgreSQL lists it as an InitPlan ("CTE name") of the node it is attached
 *   to, but runs it when a CTE Scan first reads it, so its time is inside the CTE Scan. The CTE's
 *   time is therefore subtracted from the CTE Scans that read it (shared out in plan order, none
 *   below 0), not from the node it is attached to.
 * - Buffers. Counted over all loops, inclusive of children; exclusive buffers follow the time
 *   rule, counter by counter.
 * - Cost. `Total Cost` is the planner's estimate for one run of the node. A node's
 *   **estimated loops** are 1 at the root; the inner side of a Nested Loop runs once per row the
 *   outer side is expected to produce, a SubPlan once per row of the node that evaluates it, and
 *   anything under a Materialize runs as often as the Materialize's parent (it is read once and
 *   replayed). Inclusive cost = Total Cost × estimated loops; exclusive cost = inclusive cost
 *   minus the children's inclusive costs, clamped at 0. Unlike time, a CTE's cost is counted in
 *   the node it is attached to (that is where the planner adds it), so no CTE Scan rule applies.
 * - The **costliest node** has the largest exclusive time (ANALYZE) or exclusive cost (without).
 * - **Row estimate**: `Plan Rows` and `Actual Rows` are both per loop; the factor is
 *   max/min of the two, each counted as at least one row, flagged from 10× on.
 */
export function parsePlan(input: unknown): PlanTree {
  const raw = normaliseExplain(input);
  const top = raw[0]!;
  const planJson = top.Plan as Record<string, unknown>;
  const nodes: PlanTreeNode[] = [];
  const root = buildNode(planJson, null, 0, nodes, 'plan');
  const analyzed = nodes.some((n) => n.actualLoops !== undefined);
  const hasBuffers = nodes.some((n) => n.buffers !== undefined);

  assignEstimatedLoops(root, 1, 1);
  assignProcesses(root, 1);
  computeExclusives(nodes);

  const measure = analyzed ? 'time' : 'cost';
  const own = (n: PlanTreeNode) => (measure === 'time' ? (n.exclusiveTimeMs ?? 0) : n.exclusiveCost);
  const measureTotal = nodes.reduce((sum, n) => sum + own(n), 0);
  let costliest = root;
  for (const n of nodes) {
    n.share = measureTotal > 0 ? own(n) / measureTotal : 0;
    if (own(n) > own(costliest)) costliest = n;
  }
  const tree: PlanTree = { root, nodes, analyzed, hasBuffers, measure, measureTotal, costliest, raw };
  if (typeof top['Planning Time'] === 'number') tree.planningTimeMs = top['Planning Time'];
  if (typeof top['Execution Time'] === 'number') tree.executionTimeMs = top['Execution Time'];
  return tree;
}

/** Bad EXPLAIN input: the message says what was expected and what was found. */
export class PlanParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanParseError';
  }
}

/** Brings any accepted shape to PostgreSQL's own: `[{ Plan, … }]`. */
export function normaliseExplain(input: unknown): Record<string, unknown>[] {
  let value = input;
  for (let depth = 0; depth < 4; depth++) {
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch (error) {
        throw new PlanParseError(`the plan is not valid JSON (${(error as Error).message}); expected the output of EXPLAIN (FORMAT JSON)`);
      }
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) throw new PlanParseError('the plan is an empty array; expected [{ "Plan": { "Node Type": … } }]');
      const first: unknown = value[0];
      if (isObject(first) && isObject(first.Plan)) return [first];
      if (isObject(first) && typeof first['Node Type'] === 'string') return [{ Plan: first }];
      // Result rows: [{ "QUERY PLAN": … }] — one column holding the plan.
      if (isObject(first) && Object.keys(first).length === 1) {
        value = Object.values(first)[0];
        continue;
      }
      value = first;
      continue;
    }
    if (isObject(value)) {
      if (isObject(value.Plan)) return [value];
      if (typeof value['Node Type'] === 'string') return [{ Plan: value }];
      if (Object.keys(value).length === 1) {
        value = Object.values(value)[0];
        continue;
      }
    }
    break;
  }
  throw new PlanParseError(`expected the output of EXPLAIN (FORMAT JSON) — a JSON array like [{ "Plan": { "Node Type": … } }] — but found ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isObject(value)) return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strList = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined);

const AGGREGATE_NAMES: Record<string, string> = { Hashed: 'HashAggregate', Sorted: 'GroupAggregate', Mixed: 'MixedAggregate' };

function buildNode(json: Record<string, unknown>, parent: PlanTreeNode | null, depth: number, nodes: PlanTreeNode[], path: string): PlanTreeNode {
  const nodeType = str(json['Node Type']);
  if (nodeType === undefined) throw new PlanParseError(`plan node at ${path} has no "Node Type"`);
  const totalCost = num(json['Total Cost']);
  const planRows = num(json['Plan Rows']);
  if (totalCost === undefined || planRows === undefined) {
    // EXPLAIN (COSTS OFF) has neither: the viewer has nothing to weigh without them.
    throw new PlanParseError(`plan node "${nodeType}" at ${path} has no "Total Cost" or "Plan Rows"; run EXPLAIN with costs (the default, not COSTS OFF)`);
  }
  const { Plans: _plans, ...own } = json;
  const node: PlanTreeNode = {
    id: nodes.length,
    parentId: parent?.id ?? null,
    depth,
    nodeType,
    title: nodeType,
    startupCost: num(json['Startup Cost']) ?? 0,
    totalCost,
    planRows,
    planWidth: num(json['Plan Width']) ?? 0,
    estimatedLoops: 1,
    inclusiveCost: totalCost,
    exclusiveCost: totalCost,
    neverExecuted: false,
    share: 0,
    raw: own,
    children: [],
  };
  nodes.push(node);
  const setStr = (key: keyof PlanTreeNode, field: string) => {
    const v = str(json[field]);
    if (v !== undefined) (node as unknown as Record<string, unknown>)[key] = v;
  };
  const setNum = (key: keyof PlanTreeNode, field: string) => {
    const v = num(json[field]);
    if (v !== undefined) (node as unknown as Record<string, unknown>)[key] = v;
  };
  setStr('parentRelationship', 'Parent Relationship');
  setStr('subplanName', 'Subplan Name');
  setStr('cteName', 'CTE Name');
  setStr('relationName', 'Relation Name');
  setStr('alias', 'Alias');
  setStr('schema', 'Schema');
  setStr('indexName', 'Index Name');
  setStr('joinType', 'Join Type');
  setStr('strategy', 'Strategy');
  setStr('scanDirection', 'Scan Direction');
  setStr('filter', 'Filter');
  setNum('rowsRemovedByFilter', 'Rows Removed by Filter');
  setStr('joinFilter', 'Join Filter');
  setNum('rowsRemovedByJoinFilter', 'Rows Removed by Join Filter');
  setStr('indexCond', 'Index Cond');
  setStr('recheckCond', 'Recheck Cond');
  setNum('rowsRemovedByIndexRecheck', 'Rows Removed by Index Recheck');
  setStr('hashCond', 'Hash Cond');
  setStr('mergeCond', 'Merge Cond');
  setNum('heapFetches', 'Heap Fetches');
  const groupKey = strList(json['Group Key']);
  if (groupKey) node.groupKey = groupKey;

  const loops = num(json['Actual Loops']);
  if (loops !== undefined) {
    node.actualLoops = loops;
    node.neverExecuted = loops === 0;
    const rows = num(json['Actual Rows']) ?? 0;
    node.actualRows = rows;
    node.actualRowsTotal = rows * loops;
    setNum('actualStartupTimeMs', 'Actual Startup Time');
    setNum('actualTotalTimeMs', 'Actual Total Time');
    if (loops > 0) node.rowEstimate = rowEstimate(planRows, rows);
  }

  const sortKey = strList(json['Sort Key']);
  if (sortKey || json['Sort Method'] !== undefined) {
    const sort: PlanSort = { key: sortKey ?? [], spilled: false };
    const method = str(json['Sort Method']);
    if (method !== undefined) sort.method = method;
    const space = num(json['Sort Space Used']);
    if (space !== undefined) sort.spaceUsedKb = space;
    const spaceType = str(json['Sort Space Type']);
    if (spaceType !== undefined) sort.spaceType = spaceType;
    sort.spilled = spaceType === 'Disk' || (method !== undefined && method.startsWith('external'));
    node.sort = sort;
  }

  if (json['Shared Hit Blocks'] !== undefined || json['Temp Read Blocks'] !== undefined) node.buffers = readBuffers(json);

  const planned = num(json['Workers Planned']);
  const launched = num(json['Workers Launched']);
  if (planned !== undefined || launched !== undefined || Array.isArray(json.Workers)) {
    const workers: PlanWorkers = { perWorker: Array.isArray(json.Workers) ? (json.Workers.filter(isObject) as Record<string, unknown>[]) : [] };
    if (planned !== undefined) workers.planned = planned;
    if (launched !== undefined) workers.launched = launched;
    node.workers = workers;
  }

  node.title = titleOf(node);

  const plans = json.Plans;
  if (plans !== undefined && !Array.isArray(plans)) throw new PlanParseError(`"Plans" of node "${nodeType}" at ${path} is not an array`);
  (plans ?? []).forEach((child, i) => {
    if (!isObject(child)) throw new PlanParseError(`child ${i} of node "${nodeType}" at ${path} is not an object`);
    node.children.push(buildNode(child, node, depth + 1, nodes, `${path} > ${nodeType} > Plans[${i}]`));
  });
  return node;
}

function titleOf(node: PlanTreeNode): string {
  let type = node.nodeType;
  if (type === 'Aggregate' && node.strategy !== undefined) type = AGGREGATE_NAMES[node.strategy] ?? type;
  if (node.joinType !== undefined && node.joinType !== 'Inner' && type.endsWith('Join')) type = `${type} (${node.joinType})`;
  const on = node.relationName !== undefined ? ` on ${node.relationName}${node.alias !== undefined && node.alias !== node.relationName ? ` ${node.alias}` : ''}` : '';
  if (node.nodeType === 'Bitmap Index Scan' && node.indexName !== undefined) return `${type} on ${node.indexName}`;
  if (node.indexName !== undefined) return `${type} using ${node.indexName}${on}`;
  if (node.cteName !== undefined) return `${type} on ${node.cteName}${node.alias !== undefined && node.alias !== node.cteName ? ` ${node.alias}` : ''}`;
  return `${type}${on}`;
}

function rowEstimate(estimate: number, actual: number): RowEstimate {
  const e = Math.max(estimate, 1);
  const a = Math.max(actual, 1);
  const factor = Math.max(a, e) / Math.min(a, e);
  return { factor, direction: a > e ? 'under' : a < e ? 'over' : 'exact', flagged: factor >= MISESTIMATE_FLAG_FACTOR };
}

const BUFFER_FIELDS: [keyof PlanBuffers, string][] = [
  ['sharedHit', 'Shared Hit Blocks'],
  ['sharedRead', 'Shared Read Blocks'],
  ['sharedDirtied', 'Shared Dirtied Blocks'],
  ['sharedWritten', 'Shared Written Blocks'],
  ['localHit', 'Local Hit Blocks'],
  ['localRead', 'Local Read Blocks'],
  ['localDirtied', 'Local Dirtied Blocks'],
  ['localWritten', 'Local Written Blocks'],
  ['tempRead', 'Temp Read Blocks'],
  ['tempWritten', 'Temp Written Blocks'],
];

function readBuffers(json: Record<string, unknown>): PlanBuffers {
  const b = {} as PlanBuffers;
  for (const [key, field] of BUFFER_FIELDS) b[key] = num(json[field]) ?? 0;
  return b;
}

function isCteDefinition(node: PlanTreeNode): boolean {
  return node.parentRelationship === 'InitPlan' && node.subplanName !== undefined && node.subplanName.startsWith('CTE ');
}

function assignEstimatedLoops(node: PlanTreeNode, loops: number, parentLoops: number): void {
  node.estimatedLoops = loops;
  node.inclusiveCost = node.totalCost * loops;
  const outer = node.children.find((c) => c.parentRelationship === 'Outer');
  for (const child of node.children) {
    let childLoops = loops;
    if (node.nodeType === 'Nested Loop' && child.parentRelationship === 'Inner') childLoops = loops * Math.max(1, outer?.planRows ?? 1);
    else if (child.parentRelationship === 'SubPlan') childLoops = loops * Math.max(1, node.planRows);
    // A Materialize reads its input once and replays it on every rescan.
    else if (node.nodeType === 'Materialize') childLoops = parentLoops;
    assignEstimatedLoops(child, childLoops, loops);
  }
}

/** Processes that share a node's reported averages: workers launched + 1 under a Gather. */
const processesOf = new WeakMap<PlanTreeNode, number>();

function assignProcesses(node: PlanTreeNode, processes: number): void {
  processesOf.set(node, processes);
  let below = processes;
  if (node.nodeType === 'Gather' || node.nodeType === 'Gather Merge') below = (node.workers?.launched ?? node.workers?.planned ?? 0) + 1;
  for (const child of node.children) assignProcesses(child, below);
}

function computeExclusives(nodes: PlanTreeNode[]): void {
  for (const n of nodes) {
    if (n.actualLoops !== undefined && n.actualTotalTimeMs !== undefined) {
      n.inclusiveTimeMs = (n.actualTotalTimeMs * n.actualLoops) / (processesOf.get(n) ?? 1);
    }
  }
  // What each CTE's time and buffers still have to be charged to a CTE Scan reading it.
  const cteTime = new Map<string, number>();
  const cteBuffers = new Map<string, PlanBuffers>();
  for (const n of nodes) {
    if (!isCteDefinition(n)) continue;
    const name = n.subplanName!.slice(4);
    cteTime.set(name, n.inclusiveTimeMs ?? 0);
    if (n.buffers) cteBuffers.set(name, { ...n.buffers });
  }
  for (const n of nodes) {
    const timedChildren = n.children.filter((c) => !isCteDefinition(c));
    if (n.inclusiveTimeMs !== undefined) {
      let own = n.inclusiveTimeMs - timedChildren.reduce((s, c) => s + (c.inclusiveTimeMs ?? 0), 0);
      if (n.nodeType === 'CTE Scan' && n.cteName !== undefined && cteTime.has(n.cteName)) {
        const charge = Math.min(cteTime.get(n.cteName)!, Math.max(0, own));
        cteTime.set(n.cteName, cteTime.get(n.cteName)! - charge);
        own -= charge;
      }
      n.exclusiveTimeMs = Math.max(0, own);
    }
    if (n.buffers) {
      const own = { ...n.buffers };
      for (const c of timedChildren) if (c.buffers) subtractBuffers(own, c.buffers);
      if (n.nodeType === 'CTE Scan' && n.cteName !== undefined) {
        const left = cteBuffers.get(n.cteName);
        if (left) {
          const charge = clampBuffers(minBuffers(left, own));
          subtractBuffers(own, charge);
          subtractBuffers(left, charge);
        }
      }
      n.exclusiveBuffers = clampBuffers(own);
    }
    n.exclusiveCost = Math.max(0, n.inclusiveCost - n.children.reduce((s, c) => s + c.inclusiveCost, 0));
  }
}

function subtractBuffers(into: PlanBuffers, minus: PlanBuffers): void {
  for (const [key] of BUFFER_FIELDS) into[key] -= minus[key];
}

function minBuffers(a: PlanBuffers, b: PlanBuffers): PlanBuffers {
  const m = {} as PlanBuffers;
  for (const [key] of BUFFER_FIELDS) m[key] = Math.min(a[key], b[key]);
  return m;
}

function clampBuffers(b: PlanBuffers): PlanBuffers {
  const c = {} as PlanBuffers;
  for (const [key] of BUFFER_FIELDS) c[key] = Math.max(0, b[key]);
  return c;
}
