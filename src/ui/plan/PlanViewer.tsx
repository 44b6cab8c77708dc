import { useRef, useState } from 'react';
import './plan.css';
import type { PlanTree } from '../../plan/planTypes';
import { useElementSize } from '../../viz/useElementSize';
import { downloadPng, downloadSvg } from './exportPlan';
import { PlanNodeDetails } from './PlanNodeDetails';
import { PlanTreeSvg } from './PlanTreeSvg';
import { costliestSentence, formatCost, formatMs, formatPercent } from './planText';
import type { PlanNodeMark } from './planViewerTypes';
import { RawPlanJson } from './RawPlanJson';
import { toPlanTree } from './toPlanTree';

export interface PlanViewerProps {
  /**
   * The plan: PostgreSQL's `EXPLAIN (FORMAT JSON)` output in any shape (the JSON text, the parsed
   * array `[{ Plan, … }]`, one such object, a bare `Plan` node, or result rows
   * `[{ "QUERY PLAN": … }]`), with or without ANALYZE and BUFFERS — or a tree from `parsePlan`.
   */
  plan: unknown;
  /** Heading above the plan. Default "Query plan". */
  title?: string;
  /** The statement, shown under the heading. */
  sql?: string;
  /** Base name of the downloaded SVG and PNG files. Default "query-plan". */
  fileName?: string;
  /** Labels on nodes, by node id (PlanCompare marks what changed). */
  marks?: ReadonlyMap<number, PlanNodeMark>;
  /**
   * The length of a full bar, in the plan's measure (ms with ANALYZE, cost units without).
   * Default: this plan's total. Give two viewers the same scale to compare their bars.
   */
  barScale?: number;
  /** Heading level of the title (2 by default; PlanCompare uses 3). */
  headingLevel?: 2 | 3 | 4;
  /** A shorter summary without the legend (PlanCompare's sides, narrow panels). */
  compact?: boolean;
}

/**
 * A PostgreSQL plan for learners: one row per step with bars for where the time (or the
 * planner's cost) goes, the slowest step named in plain words, each step's details on
 * selection, downloads as SVG and PNG, and the raw JSON one click away.
 */
export function PlanViewer({ plan, title = 'Query plan', sql, fileName = 'query-plan', marks, barScale, headingLevel = 2, compact = false }: PlanViewerProps) {
  const parsed = toPlanTree(plan);
  const Heading = `h${headingLevel}` as const;
  if (parsed.error !== undefined) {
    return (
      <section className="plan-viewer" aria-label={title}>
        <Heading className="plan-heading">{title}</Heading>
        <p className="error-box plan-error" role="alert">
          This plan cannot be shown: {parsed.error}
        </p>
      </section>
    );
  }
  return <ParsedPlanViewer tree={parsed.tree} title={title} sql={sql} fileName={fileName} marks={marks} barScale={barScale} Heading={Heading} compact={compact} />;
}

/** Every time a multiple of 0.1 ms: the clock PostgreSQL read was coarse (browsers round performance timers). */
function coarseTimer(tree: PlanTree): boolean {
  const times = tree.nodes.flatMap((n) => [n.actualTotalTimeMs, n.actualStartupTimeMs]).filter((t): t is number => t !== undefined);
  return times.length > 0 && times.every((t) => Math.abs(t * 10 - Math.round(t * 10)) < 1e-6);
}

interface ParsedProps {
  tree: PlanTree;
  title: string;
  sql: string | undefined;
  fileName: string;
  marks: ReadonlyMap<number, PlanNodeMark> | undefined;
  barScale: number | undefined;
  Heading: 'h2' | 'h3' | 'h4';
  compact: boolean;
}

function ParsedPlanViewer({ tree, title, sql, fileName, marks, barScale, Heading, compact }: ParsedProps) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const { width } = useElementSize(box);
  const [chosen, setChosen] = useState<{ tree: PlanTree; id: number } | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  // A new plan starts with its slowest step selected.
  const selectedId = chosen !== null && chosen.tree === tree ? chosen.id : tree.costliest.id;
  const selected = tree.nodes[selectedId] ?? tree.costliest;
  const hot = tree.costliest;
  const caption = `${title}: ${costliestSentence(tree).toLowerCase()} (${hot.title})`;

  const focusHot = () => {
    setChosen({ tree, id: hot.id });
    svg.current?.querySelector<SVGGElement>(`[data-node-id="${hot.id}"]`)?.focus();
  };
  const exportAs = async (kind: 'svg' | 'png') => {
    if (svg.current === null) return;
    try {
      setExportError(null);
      if (kind === 'svg') downloadSvg(svg.current, caption, fileName);
      else await downloadPng(svg.current, caption, fileName);
    } catch (error) {
      setExportError(`The ${kind.toUpperCase()} could not be made: ${(error as Error).message}.`);
    }
  };

  return (
    <section className="plan-viewer" aria-label={title} data-testid="plan-viewer" data-measure={tree.measure}>
      <div className="plan-head">
        <Heading className="plan-heading">
          {title} <span className={`origin origin--real`}>real</span>
        </Heading>
        <div className="plan-actions">
          <button type="button" className="button" onClick={() => void exportAs('svg')}>
            Download SVG
          </button>
          <button type="button" className="button" onClick={() => void exportAs('png')}>
            Download PNG
          </button>
        </div>
      </div>
      {sql !== undefined && (
        <pre className="sql-text plan-sql">
          <code>{sql}</code>
        </pre>
      )}
      <div className="plan-summary" data-testid="plan-summary">
        <p className="plan-hot">
          <span className="plan-hot-mark" aria-hidden="true">
            ▲
          </span>{' '}
          <strong>{costliestSentence(tree)}</strong> —{' '}
          <button type="button" className="link-button" onClick={focusHot}>
            {hot.title}
          </button>
          , {tree.measure === 'time' ? `${formatMs(hot.exclusiveTimeMs ?? 0)} of ${formatMs(tree.measureTotal)}` : `${formatCost(hot.exclusiveCost)} of ${formatCost(tree.measureTotal)} cost units`} ({formatPercent(hot.share)}).
        </p>
        <p className="plan-totals">
          {tree.analyzed ? (
            <>
              Run by PostgreSQL (EXPLAIN ANALYZE){tree.executionTimeMs !== undefined && <>: execution {formatMs(tree.executionTimeMs)}</>}
              {tree.planningTimeMs !== undefined && <>, planning {formatMs(tree.planningTimeMs)}</>}.
              {!compact && ' Bars: the share of the time spent in each step alone, steps below it not counted.'}
              {coarseTimer(tree) && ' Times were measured with a 0.1 ms clock (the browser limits timer precision), so quick steps can show 0.'}
            </>
          ) : (
            <>
              Estimated plan: not run (EXPLAIN without ANALYZE), so no real times or rows.
              {!compact && " Bars: the share of the planner's cost (its own units) in each step alone."}
            </>
          )}
          {!compact && (
            <span className="plan-legend">
              {' '}
              <span className="plan-legend-tag plan-tag--full">FULL SCAN</span> reads a whole table;{' '}
              <span className="plan-legend-tag plan-tag--index">INDEX</span> reaches rows through an index; ⚠ marks a row estimate off by 10× or more.
            </span>
          )}
        </p>
      </div>
      {exportError && (
        <p className="error-box plan-error" role="alert">
          {exportError}
        </p>
      )}
      <div className="plan-tree-box" ref={box}>
        <PlanTreeSvg
          tree={tree}
          width={Math.max(560, width || 900)}
          barScale={barScale ?? tree.measureTotal}
          marks={marks}
          selectedId={selectedId}
          onSelect={(id) => setChosen({ tree, id })}
          svgRef={svg}
          label={`${title}: ${tree.nodes.length} steps. ${costliestSentence(tree)}. Use the arrow keys to move between steps and Enter to see one's details.`}
        />
      </div>
      <PlanNodeDetails tree={tree} node={selected} />
      <RawPlanJson json={tree.raw} />
    </section>
  );
}
