/**
 * The plan viewer, for any lab:
 *
 *   <PlanViewer plan={explainOutput} />            one plan (EXPLAIN JSON in any shape, or a PlanTree)
 *   <PlanCompare before={plan1} after={plan2} />   two plans side by side, differences marked
 *
 * `explainOutput` is what `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) …` or `EXPLAIN (FORMAT JSON) …`
 * returns through PGlite, pg or the app's runSql (rows included). See src/plan for the parser.
 */
export { PlanViewer, type PlanViewerProps } from './PlanViewer';
export { PlanCompare, type PlanCompareProps } from './PlanCompare';
export type { PlanNodeMark } from './planViewerTypes';
export { parsePlan, PlanParseError } from '../../plan/parsePlan';
export { diffPlans, type PlanDiff, type PlanNodeChange } from '../../plan/planDiff';
export type { PlanTree, PlanTreeNode } from '../../plan/planTypes';
