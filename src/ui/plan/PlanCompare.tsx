import './plan.css';
import { diffPlans, type PlanDiff } from '../../plan/planDiff';
import type { PlanTree } from '../../plan/planTypes';
import { formatCost, formatMs } from './planText';
import type { PlanNodeMark } from './planViewerTypes';
import { PlanViewer } from './PlanViewer';
import { toPlanTree } from './toPlanTree';

export interface PlanCompareProps {
  /** The first plan (e.g. before adding an index): any shape PlanViewer accepts. */
  before: unknown;
  /** The second plan (e.g. after). */
  after: unknown;
  /** Headings of the two sides. Default "Before" and "After". */
  beforeTitle?: string;
  afterTitle?: string;
  /** Heading of the whole comparison. Default "Plans compared". */
  title?: string;
  /** The statement (shown once, above both plans). */
  sql?: string;
}

/** PGlite's timings in a browser are multiples of 0.1 ms: a 0 means "under 0.1 ms". */
const BROWSER_CLOCK_MS = 0.1;

/**
 * "18.5 ms → 0.4 ms (46× less)". `resolution` is the smallest non-zero value the measure can
 * show (the browser's 0.1 ms clock for times): a zero is "below" it, never an absurd ratio.
 */
function ratioText(before: number, after: number, unit: (v: number) => string, resolution = 0): string {
  if (before === after) return `${unit(after)} (unchanged)`;
  if (resolution > 0 && (before <= 0 || after <= 0)) {
    const zero = `under ${unit(resolution)}`;
    return `${before <= 0 ? zero : unit(before)} → ${after <= 0 ? zero : unit(after)} (${after <= 0 ? `at least ${Math.round(before / resolution)}× less` : `at least ${Math.round(after / resolution)}× more`})`;
  }
  const faster = after < before;
  const ratio = faster ? before / Math.max(after, 1e-9) : after / Math.max(before, 1e-9);
  return `${unit(before)} → ${unit(after)} (${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× ${faster ? 'less' : 'more'})`;
}

function marksFor(diff: PlanDiff, side: 'before' | 'after'): Map<number, PlanNodeMark> {
  const marks = new Map<number, PlanNodeMark>();
  for (const c of diff.notable) {
    if (side === 'after' && c.after && c.kind !== 'removed') marks.set(c.after.id, { kind: c.kind === 'added' ? 'added' : 'changed', text: c.summary });
    if (side === 'before' && c.before && c.kind !== 'added') marks.set(c.before.id, { kind: c.kind === 'removed' ? 'removed' : 'changed', text: c.summary });
  }
  return marks;
}

/** Two plans side by side (before / after) with what changed listed on top and marked on both trees. */
export function PlanCompare({ before, after, beforeTitle = 'Before', afterTitle = 'After', title = 'Plans compared', sql }: PlanCompareProps) {
  const a = toPlanTree(before);
  const b = toPlanTree(after);
  const trees: [PlanTree, PlanTree] | null = a.tree && b.tree ? [a.tree, b.tree] : null;
  const diff = trees ? diffPlans(trees[0], trees[1]) : null;
  const sameMeasure = trees !== null && trees[0].measure === trees[1].measure;
  const scale = trees && sameMeasure ? Math.max(trees[0].measureTotal, trees[1].measureTotal) : undefined;
  return (
    <section className="plan-compare" aria-label={title} data-testid="plan-compare">
      <h2 className="plan-heading">{title}</h2>
      {sql !== undefined && (
        <pre className="sql-text plan-sql">
          <code>{sql}</code>
        </pre>
      )}
      {diff && trees && (
        <div className="plan-diff-summary" data-testid="plan-diff">
          <ul>
            {diff.notable.length === 0 && <li>Same plan shape: no step changed its operation or index.</li>}
            {diff.notable.map((c, i) => (
              <li key={i} className={`plan-diff-${c.kind}`}>
                <span className="plan-diff-kind">{c.kind === 'added' ? 'New' : c.kind === 'removed' ? 'Gone' : 'Changed'}</span> {c.summary}
              </li>
            ))}
          </ul>
          <p className="plan-totals">
            {diff.executionTimeMs && <>Execution time {ratioText(diff.executionTimeMs.before, diff.executionTimeMs.after, formatMs, BROWSER_CLOCK_MS)}. </>}
            Planner&apos;s total cost {ratioText(diff.totalCost.before, diff.totalCost.after, formatCost)}.
            {scale !== undefined && ' Both plans draw their bars on the same scale.'}
          </p>
        </div>
      )}
      <div className="plan-compare-sides">
        <PlanViewer plan={trees?.[0] ?? before} title={beforeTitle} fileName="plan-before" marks={diff ? marksFor(diff, 'before') : undefined} barScale={scale} headingLevel={3} compact />
        <PlanViewer plan={trees?.[1] ?? after} title={afterTitle} fileName="plan-after" marks={diff ? marksFor(diff, 'after') : undefined} barScale={scale} headingLevel={3} compact />
      </div>
    </section>
  );
}
