import { hierarchy } from 'd3';
import type { PlanTreeNode } from '../../plan/planTypes';

/** Where one plan node's row sits in the viewer's SVG (pixels). */
export interface PlanRowBox {
  node: PlanTreeNode;
  /** Row index from the top (plan order: a node, then its children). */
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlanLayout {
  rows: PlanRowBox[];
  /** Elbow connectors from a parent's row to each child's row (SVG path data). */
  links: { from: number; to: number; path: string }[];
  width: number;
  height: number;
  /** The text column's right edge; the bar column starts after it. */
  textRight: number;
  barX: number;
  barWidth: number;
  /** Narrow viewers (a side of PlanCompare): tags get a line of their own above the title. */
  compact: boolean;
  rowHeight: number;
}

export const ROW_HEIGHT = 76;
export const COMPACT_ROW_HEIGHT = 96;
/** Below this width a row's tags and title no longer share a line. */
export const COMPACT_BELOW_PX = 820;
const ROW_GAP = 10;
const PAD = 8;
const MAX_INDENT = 30;

/**
 * An indented tree: one full-width row per node in plan order, indented by depth, so every
 * label reads left to right on a projector and the bars line up in one column to compare.
 * d3-hierarchy does the tree maths (plan order, parent–child links); React draws.
 */
export function layoutPlan(root: PlanTreeNode, width: number): PlanLayout {
  const h = hierarchy(root, (n) => n.children);
  const ordered: PlanTreeNode[] = [];
  h.eachBefore((d) => {
    ordered.push(d.data);
  });
  const maxDepth = ordered.reduce((m, n) => Math.max(m, n.depth), 0);
  // Deep plans indent less, so the deepest row keeps at least 55 % of the width for its text.
  const indent = maxDepth === 0 ? 0 : Math.min(MAX_INDENT, (width * 0.45) / maxDepth);
  const compact = width < COMPACT_BELOW_PX;
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : ROW_HEIGHT;
  const barWidth = Math.round(Math.min(340, Math.max(compact ? 195 : 200, width * 0.3)));
  const barX = width - PAD - barWidth;
  const rowIndex = new Map<number, number>();
  const rows: PlanRowBox[] = ordered.map((node, row) => {
    rowIndex.set(node.id, row);
    const x = PAD + node.depth * indent;
    return { node, row, x, y: PAD + row * (rowHeight + ROW_GAP), width: width - PAD - x, height: rowHeight };
  });
  const links = h.links().map(({ source, target }) => {
    const parent = rows[rowIndex.get(source.data.id)!]!;
    const child = rows[rowIndex.get(target.data.id)!]!;
    const x0 = parent.x + Math.min(14, indent / 2);
    const y0 = parent.y + parent.height;
    const y1 = child.y + child.height / 2;
    return { from: source.data.id, to: target.data.id, path: `M${x0},${y0}V${y1}H${child.x}` };
  });
  const height = PAD * 2 + rows.length * rowHeight + Math.max(0, rows.length - 1) * ROW_GAP;
  return { rows, links, width, height, textRight: barX - 16, barX, barWidth, compact, rowHeight };
}

/** Cut `text` to about `maxPx` pixels at `fontPx` (system-ui averages ~0.55 em a character). */
export function fitText(text: string, maxPx: number, fontPx: number): string {
  const maxChars = Math.floor(maxPx / (fontPx * 0.56));
  if (text.length <= maxChars) return text;
  return maxChars <= 1 ? '…' : `${text.slice(0, maxChars - 1).trimEnd()}…`;
}
