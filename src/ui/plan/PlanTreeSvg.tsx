import { useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { PlanTree, PlanTreeNode } from '../../plan/planTypes';
import { fitText, layoutPlan, type PlanRowBox } from './planLayout';
import { accessTag, describeNode, figuresText, formatMs, formatPercent, misestimateText, ownMeasure, ownMeasureText, formatCost } from './planText';
import type { PlanNodeMark } from './planViewerTypes';

const TITLE_PX = 17;
const TEXT_PX = 14.5;

interface Props {
  tree: PlanTree;
  width: number;
  /** Full bar length in the plan's measure. */
  barScale: number;
  marks?: ReadonlyMap<number, PlanNodeMark> | undefined;
  selectedId: number | null;
  onSelect(id: number): void;
  svgRef?: Ref<SVGSVGElement>;
  label: string;
}

interface Tag {
  text: string;
  className: string;
}

function tagsOf(tree: PlanTree, node: PlanTreeNode, mark: PlanNodeMark | undefined): Tag[] {
  const tags: Tag[] = [];
  if (node === tree.costliest && ownMeasure(tree, node) > 0) tags.push({ text: tree.measure === 'time' ? 'SLOWEST' : 'COSTLIEST', className: 'plan-tag--hot' });
  if (mark) tags.push({ text: mark.kind === 'added' ? 'NEW' : mark.kind === 'removed' ? 'GONE AFTER' : 'CHANGED', className: 'plan-tag--mark' });
  const access = accessTag(node);
  if (access) tags.push({ text: access.text, className: access.kind === 'full' ? 'plan-tag--full' : 'plan-tag--index' });
  if (node.subplanName) tags.push({ text: node.subplanName, className: 'plan-tag--sub' });
  if (node.sort?.spilled) tags.push({ text: 'DISK', className: 'plan-tag--full' });
  return tags;
}

const tagWidth = (text: string) => Math.round(text.length * 8.7 + 14);

/** Words a screen reader (and the tooltip) gives for a node: everything the row shows. */
function rowLabel(tree: PlanTree, node: PlanTreeNode, tags: Tag[], mark: PlanNodeMark | undefined): string {
  const parts = [tags.map((t) => t.text.toLowerCase()).join(', '), node.title, describeNode(node), figuresText(node)];
  const mis = misestimateText(node);
  if (mis) parts.push(mis.replace('⚠ ', ''));
  parts.push(`${formatPercent(node.share)} of the ${tree.measure === 'time' ? 'time' : 'estimated cost'}: ${ownMeasureText(tree, node)} in this step`);
  if (tree.measure === 'time' && node.inclusiveTimeMs !== undefined) parts.push(`${formatMs(node.inclusiveTimeMs)} with the steps under it`);
  if (mark) parts.push(mark.text);
  return parts.filter((p) => p !== '').join('. ');
}

/**
 * The plan as an indented tree in SVG: one row per node, a bar per node proportional to the
 * time (or cost) spent in that node alone. Rows are focusable (Tab, ↑/↓, Home/End) and Enter
 * or a click selects one for the details below.
 */
export function PlanTreeSvg({ tree, width, barScale, marks, selectedId, onSelect, svgRef, label }: Props) {
  const layout = layoutPlan(tree.root, width);
  const rowRefs = useRef(new Map<number, SVGGElement>());
  const [focusedId, setFocusedId] = useState<number | null>(null);

  const focusRow = (index: number) => {
    const row = layout.rows[Math.max(0, Math.min(layout.rows.length - 1, index))];
    if (row) rowRefs.current.get(row.node.id)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<SVGGElement>, box: PlanRowBox) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusRow(box.row + 1),
      ArrowUp: () => focusRow(box.row - 1),
      Home: () => focusRow(0),
      End: () => focusRow(layout.rows.length - 1),
      Enter: () => onSelect(box.node.id),
      ' ': () => onSelect(box.node.id),
    };
    const action = keys[event.key];
    if (action === undefined || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    // The lab's own shortcuts (Space plays) must not fire while a plan row has the focus.
    event.stopPropagation();
    action();
  };

  return (
    <svg
      ref={svgRef}
      className="plan-svg"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="tree"
      aria-label={label}
      xmlns="http://www.w3.org/2000/svg"
    >
      <g className="plan-links" aria-hidden="true">
        {layout.links.map((l) => (
          <path key={`${l.from}-${l.to}`} d={l.path} className="plan-link" />
        ))}
      </g>
      {layout.rows.map((box) => {
        const { node } = box;
        const mark = marks?.get(node.id);
        const tags = tagsOf(tree, node, mark);
        const hot = tags.some((t) => t.className === 'plan-tag--hot');
        const textWidth = layout.textRight - box.x - 14;
        // Compact rows: tags on the first line, then title, description, figures.
        const line = layout.compact ? { title: 48, desc: 68, figures: 87, own: 68, total: 87 } : { title: 25, desc: 48, figures: 68, own: 22, total: 66 };
        let tagX = 12;
        const barX = layout.barX - box.x;
        const own = ownMeasure(tree, node);
        const fill = barScale > 0 ? Math.min(1, own / barScale) : 0;
        const mis = misestimateText(node);
        const figures = figuresText(node);
        const figuresFit = fitText(figures, textWidth - (mis ? Math.min(textWidth * 0.55, mis.length * TEXT_PX * 0.56) : 0), TEXT_PX);
        const heat = node.share >= 0.5 ? 'plan-bar--hot' : node.share >= 0.2 ? 'plan-bar--warm' : 'plan-bar--cool';
        const classes = ['plan-row', hot ? 'plan-row--hot' : '', node.id === selectedId ? 'plan-row--selected' : '', node.neverExecuted ? 'plan-row--never' : '', mark ? `plan-row--${mark.kind}` : '']
          .filter(Boolean)
          .join(' ');
        const aria = rowLabel(tree, node, tags, mark);
        return (
          <g
            key={node.id}
            ref={(el) => {
              if (el) rowRefs.current.set(node.id, el);
              else rowRefs.current.delete(node.id);
            }}
            className={classes}
            transform={`translate(${box.x},${box.y})`}
            tabIndex={0}
            role="treeitem"
            aria-level={node.depth + 1}
            aria-selected={node.id === selectedId}
            aria-label={aria}
            data-node-id={node.id}
            data-node-type={node.nodeType}
            onFocus={() => setFocusedId(node.id)}
            onBlur={() => setFocusedId((id) => (id === node.id ? null : id))}
            onKeyDown={(e) => onKeyDown(e, box)}
            onClick={() => onSelect(node.id)}
          >
            <title>{aria}</title>
            <rect className="plan-card" width={box.width} height={box.height} rx={9} />
            {node.id === focusedId && <rect className="plan-focus" x={-4} y={-4} width={box.width + 8} height={box.height + 8} rx={12} />}
            <g className="plan-tags">
              {tags.map((tag) => {
                const w = tagWidth(tag.text);
                const x = tagX;
                tagX += w + 6;
                return (
                  <g key={tag.text} className={`plan-tag ${tag.className}`} transform={`translate(${x},9)`}>
                    <rect width={w} height={20} rx={4} />
                    <text x={w / 2} y={14.5} textAnchor="middle">
                      {tag.text}
                    </text>
                  </g>
                );
              })}
            </g>
            <text className="plan-title" x={layout.compact ? 12 : tagX + 2} y={line.title}>
              {fitText(node.title, layout.compact ? textWidth : textWidth - tagX, TITLE_PX)}
            </text>
            <text className="plan-desc" x={12} y={line.desc}>
              {fitText(describeNode(node), textWidth, TEXT_PX)}
            </text>
            <text className="plan-figures" x={12} y={line.figures}>
              {figuresFit}
              {mis && (
                <tspan className="plan-misestimate" dx={10}>
                  {fitText(mis, textWidth * 0.55, TEXT_PX)}
                </tspan>
              )}
            </text>
            <g transform={`translate(${barX},0)`} className="plan-barcell">
              <text className="plan-bar-share" x={0} y={22}>
                {formatPercent(node.share)}
                {!layout.compact && (
                  <tspan className="plan-bar-own" dx={8}>
                    {ownMeasureText(tree, node)} {tree.measure === 'time' ? 'in this step' : ''}
                  </tspan>
                )}
              </text>
              {layout.compact && (
                <text className="plan-bar-total" x={0} y={line.own}>
                  {ownMeasureText(tree, node)} {tree.measure === 'time' ? 'in this step' : ''}
                </text>
              )}
              <rect className="plan-bar-track" x={0} y={32} width={layout.barWidth - 12} height={14} rx={3} />
              {fill > 0 && <rect className={`plan-bar ${heat}`} x={0} y={32} width={Math.max(3, fill * (layout.barWidth - 12))} height={14} rx={3} />}
              <text className="plan-bar-total" x={0} y={line.total}>
                {fitText(
                  tree.measure === 'time'
                    ? node.inclusiveTimeMs !== undefined
                      ? `${formatMs(node.inclusiveTimeMs)} with steps below`
                      : ''
                    : `${formatCost(node.inclusiveCost)} cost with steps below`,
                  layout.barWidth - 8,
                  13.5,
                )}
              </text>
            </g>
          </g>
        );
      })}
    </svg>
  );
}
