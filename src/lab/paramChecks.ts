import type { AnyLab } from './defineLab';
import type { ParamValues } from './params';
import type { ValidationIssue } from '../scenario/formatIssues';

/**
 * What the app refuses in a lab's parameters: the checks between them, and, for a lab with a
 * dataset (whose runs in the browser execute SQL), the limits of a run with real SQL.
 */
export function pageParamChecks(lab: AnyLab, params: ParamValues): { key: string; message: string }[] {
  return [...(lab.crossCheck?.(params) ?? []), ...(lab.dataset ? (lab.realSqlCheck?.(params) ?? []) : [])];
}

/** A run with real SQL's limits (a lab with a dataset), as scenario issues at `parameters.<key>`. */
export function realSqlIssues(lab: AnyLab, params: ParamValues): ValidationIssue[] {
  if (!lab.dataset) return [];
  return (lab.realSqlCheck?.(params) ?? []).map((i) => ({ path: `parameters.${i.key}`, message: i.message }));
}
