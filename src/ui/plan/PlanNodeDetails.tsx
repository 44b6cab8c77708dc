import type { ReactNode } from 'react';
import { formatCount } from '../../plan/describeNode';
import type { PlanBuffers, PlanTree, PlanTreeNode } from '../../plan/planTypes';
import { describeNode, formatCost, formatMs, formatPercent, misestimateText } from './planText';

function buffersLine(b: PlanBuffers): string {
  const parts = [`shared: ${formatCount(b.sharedHit)} hit, ${formatCount(b.sharedRead)} read`];
  if (b.sharedDirtied + b.sharedWritten > 0) parts.push(`${formatCount(b.sharedDirtied)} dirtied, ${formatCount(b.sharedWritten)} written`);
  if (b.localHit + b.localRead + b.localWritten > 0) parts.push(`local: ${formatCount(b.localHit)} hit, ${formatCount(b.localRead)} read, ${formatCount(b.localWritten)} written`);
  if (b.tempRead + b.tempWritten > 0) parts.push(`temp: ${formatCount(b.tempRead)} read, ${formatCount(b.tempWritten)} written`);
  return parts.join('; ');
}

/** Everything known about the selected node, as a definition list (plus its raw JSON). */
export function PlanNodeDetails({ tree, node }: { tree: PlanTree; node: PlanTreeNode }) {
  const pairs: [string, ReactNode][] = [];
  const add = (label: string, value: ReactNode | undefined | null) => {
    if (value !== undefined && value !== null && value !== '') pairs.push([label, value]);
  };
  add('What it does', describeNode(node));
  add('Relation', node.relationName !== undefined ? `${node.schema ? `${node.schema}.` : ''}${node.relationName}${node.alias && node.alias !== node.relationName ? ` (as ${node.alias})` : ''}` : undefined);
  add('Index', node.indexName);
  add('CTE read', node.cteName);
  add('Role under its parent', node.parentRelationship !== undefined ? `${node.parentRelationship}${node.subplanName ? ` — ${node.subplanName}` : ''}` : undefined);
  add('Join type', node.joinType);
  add('Strategy', node.strategy);
  add('Filter', node.filter !== undefined ? `${node.filter}${node.rowsRemovedByFilter !== undefined ? ` — removed ${formatCount(node.rowsRemovedByFilter)} rows per loop` : ''}` : undefined);
  add('Index condition', node.indexCond);
  add('Recheck condition', node.recheckCond !== undefined ? `${node.recheckCond}${node.rowsRemovedByIndexRecheck ? ` — removed ${formatCount(node.rowsRemovedByIndexRecheck)} rows` : ''}` : undefined);
  add('Hash condition', node.hashCond);
  add('Merge condition', node.mergeCond);
  add('Join filter', node.joinFilter !== undefined ? `${node.joinFilter}${node.rowsRemovedByJoinFilter !== undefined ? ` — removed ${formatCount(node.rowsRemovedByJoinFilter)} rows` : ''}` : undefined);
  add('Group key', node.groupKey?.join(', '));
  if (node.sort) {
    add('Sort key', node.sort.key.join(', '));
    add('Sort method', node.sort.method !== undefined ? `${node.sort.method}${node.sort.spaceUsedKb !== undefined ? `, ${formatCount(node.sort.spaceUsedKb)} kB in ${node.sort.spaceType === 'Disk' ? 'temporary files on disk (work_mem too small)' : (node.sort.spaceType ?? '').toLowerCase()}` : ''}` : undefined);
  }
  add('Rows expected', `${formatCount(node.planRows)} per run${node.estimatedLoops > 1 ? ` (~${formatCount(node.estimatedLoops)} runs expected)` : ''}`);
  if (node.actualLoops !== undefined) {
    add('Rows produced', node.neverExecuted ? 'never executed' : node.actualLoops === 1 ? `${formatCount(node.actualRows ?? 0)} (one loop)` : `${formatCount(node.actualRows ?? 0)} per loop × ${formatCount(node.actualLoops)} loops = ${formatCount(node.actualRowsTotal ?? 0)}`);
    add('Estimate', misestimateText(node)?.replace('⚠ ', '') ?? (node.rowEstimate ? `within ${node.rowEstimate.factor.toFixed(1)}× of the actual rows` : undefined));
  }
  if (node.inclusiveTimeMs !== undefined) {
    add('Time in this step', `${formatMs(node.exclusiveTimeMs ?? 0)} (${tree.measure === 'time' ? formatPercent(node.share) : ''} of the plan)`);
    add('Time with steps below', `${formatMs(node.inclusiveTimeMs)}${(node.actualLoops ?? 0) > 1 ? ` (${formatMs(node.actualTotalTimeMs ?? 0)} per loop)` : ''}`);
  }
  add('Cost', `${formatCost(node.startupCost)} to first row, ${formatCost(node.totalCost)} in all (planner units, per run); ${formatCost(node.exclusiveCost)} in this step alone`);
  if (node.heapFetches !== undefined) add('Heap fetches', formatCount(node.heapFetches));
  if (node.exclusiveBuffers) add('Pages (8 kB) in this step', buffersLine(node.exclusiveBuffers));
  if (node.buffers) add('Pages with steps below', buffersLine(node.buffers));
  if (node.workers) add('Parallel workers', `${node.workers.launched ?? '?'} launched of ${node.workers.planned ?? '?'} planned`);

  return (
    <div className="plan-node-details" aria-live="polite">
      <h3>{node.title}</h3>
      <dl>
        {pairs.map(([label, value]) => (
          <div key={label} className="plan-detail-pair">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <details className="plan-disclosure">
        <summary>All fields of this node (JSON)</summary>
        <pre className="plan-json">{JSON.stringify(node.raw, null, 2)}</pre>
      </details>
    </div>
  );
}
