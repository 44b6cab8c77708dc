import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parsePlan } from './parsePlan';
import type { PlanTree, PlanTreeNode } from './planTypes';

/**
 * Shared checks for the numbered fixture tests: every parsed figure is compared with the raw
 * JSON field PostgreSQL wrote, and derived figures are recomputed from the raw fields here,
 * independently of parsePlan's code, so a re-capture with other timings needs no edits.
 */

export type RawNode = Record<string, unknown> & { Plans?: RawNode[] };

export interface LoadedFixture {
  sql: string;
  result: unknown;
  rawTop: Record<string, unknown>;
  rawRoot: RawNode;
  /** Raw nodes in plan order (pre-order), aligned with tree.nodes. */
  rawNodes: RawNode[];
  tree: PlanTree;
}

const here = dirname(fileURLToPath(import.meta.url));

export function loadFixture(file: string): LoadedFixture {
  const fixture = JSON.parse(readFileSync(resolve(here, 'fixtures', file), 'utf8')) as { sql: string; result: unknown };
  const rawTop = (fixture.result as Record<string, unknown>[])[0]!;
  const rawRoot = rawTop.Plan as RawNode;
  const rawNodes: RawNode[] = [];
  const walk = (n: RawNode) => {
    rawNodes.push(n);
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(rawRoot);
  return { sql: fixture.sql, result: fixture.result, rawTop, rawRoot, rawNodes, tree: parsePlan(fixture.result) };
}

const n = (v: unknown) => v as number;

/** Actual Total Time × Actual Loops, straight from the raw fields (no parallel workers in PGlite). */
export function rawInclusiveMs(raw: RawNode): number {
  return n(raw['Actual Total Time']) * n(raw['Actual Loops']);
}

function isRawCte(raw: RawNode): boolean {
  return raw['Parent Relationship'] === 'InitPlan' && String(raw['Subplan Name'] ?? '').startsWith('CTE ');
}

/** The exclusive time rule, recomputed from raw fields (CTE time charged to the one CTE Scan reading it). */
export function rawExclusiveMs(raw: RawNode, all: RawNode[]): number {
  let own = rawInclusiveMs(raw);
  for (const c of raw.Plans ?? []) if (!isRawCte(c)) own -= rawInclusiveMs(c);
  if (raw['Node Type'] === 'CTE Scan') {
    const cte = all.find((x) => x['Subplan Name'] === `CTE ${String(raw['CTE Name'])}`);
    if (cte) own -= Math.min(rawInclusiveMs(cte), Math.max(0, own));
  }
  return Math.max(0, own);
}

/** Every node's basic fields equal PostgreSQL's, and the tree has the raw plan's shape. */
export function expectMatchesRaw({ tree, rawNodes }: LoadedFixture): void {
  expect(tree.nodes.length).toBe(rawNodes.length);
  tree.nodes.forEach((node, i) => {
    const raw = rawNodes[i]!;
    expect(node.id).toBe(i);
    expect(node.nodeType).toBe(raw['Node Type']);
    expect(node.totalCost).toBe(raw['Total Cost']);
    expect(node.startupCost).toBe(raw['Startup Cost']);
    expect(node.planRows).toBe(raw['Plan Rows']);
    expect(node.relationName).toBe(raw['Relation Name']);
    expect(node.indexName).toBe(raw['Index Name']);
    expect(node.parentRelationship).toBe(raw['Parent Relationship']);
    expect(node.children.length).toBe((raw.Plans ?? []).length);
    if (raw['Actual Loops'] !== undefined) {
      expect(node.actualLoops).toBe(raw['Actual Loops']);
      expect(node.actualRows).toBe(raw['Actual Rows']);
      expect(node.actualRowsTotal).toBeCloseTo(n(raw['Actual Rows']) * n(raw['Actual Loops']), 9);
      expect(node.inclusiveTimeMs).toBeCloseTo(rawInclusiveMs(raw), 9);
      expect(node.exclusiveTimeMs).toBeCloseTo(rawExclusiveMs(raw, rawNodes), 9);
    } else {
      expect(node.actualLoops).toBeUndefined();
      expect(node.inclusiveTimeMs).toBeUndefined();
    }
    if (raw['Shared Hit Blocks'] !== undefined) {
      expect(node.buffers?.sharedHit).toBe(raw['Shared Hit Blocks']);
      expect(node.buffers?.sharedRead).toBe(raw['Shared Read Blocks']);
      expect(node.buffers?.tempRead).toBe(raw['Temp Read Blocks']);
      expect(node.buffers?.tempWritten).toBe(raw['Temp Written Blocks']);
    }
  });
}

/**
 * With ANALYZE, the exclusive times add up to the root's inclusive time (what PostgreSQL timed
 * for the whole tree); only clamping of timer noise (a few µs per node) may separate them.
 */
export function expectExclusiveTimesAddUp(tree: PlanTree): void {
  const sum = tree.nodes.reduce((s, x) => s + (x.exclusiveTimeMs ?? 0), 0);
  expect(Math.abs(sum - tree.root.inclusiveTimeMs!)).toBeLessThanOrEqual(0.01 * tree.root.inclusiveTimeMs! + 0.005 * tree.nodes.length);
  expect(tree.measureTotal).toBeCloseTo(sum, 9);
}

/** The costliest node is the argmax of the exclusive measure, recomputed from the raw fields. */
export function expectCostliestFromRaw(loaded: LoadedFixture): PlanTreeNode {
  const { tree, rawNodes } = loaded;
  const measure = (raw: RawNode) => (tree.analyzed ? rawExclusiveMs(raw, rawNodes) : 0);
  if (tree.analyzed) {
    let best = 0;
    rawNodes.forEach((raw, i) => {
      if (measure(raw) > measure(rawNodes[best]!)) best = i;
    });
    expect(tree.costliest.id).toBe(best);
  }
  return tree.costliest;
}

export function nodeOfType(tree: PlanTree, type: string, index = 0): PlanTreeNode {
  const found = tree.nodes.filter((x) => x.nodeType === type)[index];
  if (!found) throw new Error(`no ${type} #${index} in the plan`);
  return found;
}
