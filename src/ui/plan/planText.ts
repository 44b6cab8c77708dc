import { describeNode, formatCount, isFullScan, isIndexAccess } from '../../plan/describeNode';
import type { PlanTree, PlanTreeNode } from '../../plan/planTypes';

/** Milliseconds for people: 0.042 → "0.042 ms", 12.5 → "12.5 ms", 1234 → "1,234 ms". */
export function formatMs(ms: number): string {
  const digits = ms < 1 ? 3 : ms < 100 ? 2 : 0;
  return `${ms.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
}

/** Planner cost units. */
export function formatCost(cost: number): string {
  return cost.toLocaleString('en-US', { maximumFractionDigits: cost < 10 ? 2 : 0 });
}

export function formatPercent(share: number): string {
  const p = share * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)} %`;
}

/** The node's exclusive measure with its unit: "6.34 ms" or "134 cost". */
export function ownMeasureText(tree: PlanTree, node: PlanTreeNode): string {
  return tree.measure === 'time' ? formatMs(node.exclusiveTimeMs ?? 0) : `${formatCost(node.exclusiveCost)} cost`;
}

export function ownMeasure(tree: PlanTree, node: PlanTreeNode): number {
  return tree.measure === 'time' ? (node.exclusiveTimeMs ?? 0) : node.exclusiveCost;
}

/** The tag shown before the title: how the node reaches rows, in words (never colour alone). */
export function accessTag(node: PlanTreeNode): { text: string; kind: 'full' | 'index' } | null {
  if (isFullScan(node)) return { text: 'FULL SCAN', kind: 'full' };
  if (isIndexAccess(node)) return { text: node.nodeType === 'Index Only Scan' ? 'INDEX ONLY' : 'INDEX', kind: 'index' };
  return null;
}

/** Rows line: "12 rows (expected 12)" or "5,000 rows ×10 loops (expected 6 per loop)". */
export function rowsText(node: PlanTreeNode): string {
  if (node.actualLoops === undefined) {
    const loops = node.estimatedLoops > 1 ? ` per run, ~${formatCount(node.estimatedLoops)} runs` : '';
    return `~${formatCount(node.planRows)} ${node.planRows === 1 ? 'row' : 'rows'} expected${loops}`;
  }
  if (node.neverExecuted) return 'never executed';
  const perLoop = node.actualLoops > 1;
  const rows = `${formatCount(node.actualRows ?? 0)} ${node.actualRows === 1 ? 'row' : 'rows'}${perLoop ? ` per loop × ${formatCount(node.actualLoops)} loops` : ''}`;
  return `${rows} (expected ${formatCount(node.planRows)})`;
}

/** "⚠ 93× fewer rows than expected", or null if the estimate was close. */
export function misestimateText(node: PlanTreeNode): string | null {
  const e = node.rowEstimate;
  if (e === undefined || !e.flagged) return null;
  const factor = e.factor >= 100 ? formatCount(Math.round(e.factor)) : e.factor.toFixed(0);
  return `⚠ ${factor}× ${e.direction === 'under' ? 'more' : 'fewer'} rows than the planner expected`;
}

export function buffersText(node: PlanTreeNode): string | null {
  const b = node.exclusiveBuffers;
  if (b === undefined) return null;
  const parts: string[] = [];
  if (b.sharedHit > 0) parts.push(`${formatCount(b.sharedHit)} cached`);
  if (b.sharedRead > 0) parts.push(`${formatCount(b.sharedRead)} read`);
  if (b.tempRead + b.tempWritten > 0) parts.push(`${formatCount(b.tempRead + b.tempWritten)} temp`);
  return parts.length > 0 ? `pages ${parts.join(', ')}` : null;
}

/** The figures line of a node's row. */
export function figuresText(node: PlanTreeNode): string {
  const parts = [rowsText(node)];
  const buffers = buffersText(node);
  if (buffers !== null) parts.push(buffers);
  if (node.sort?.spilled) parts.push(`spilled ${formatCount(node.sort.spaceUsedKb ?? 0)} kB to disk`);
  return parts.join(' · ');
}

/** "most of the time is spent here: reading every row of orders". */
export function costliestSentence(tree: PlanTree): string {
  const what = describeNode(tree.costliest);
  return tree.measure === 'time' ? `Most of the time is spent here: ${what}` : `The planner expects most of the work here: ${what}`;
}

export { describeNode };
