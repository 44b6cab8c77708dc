import type { AnyLab } from './defineLab';
import type { ParamValues } from './params';

/**
 * What the app refuses in a lab's parameters: the checks between them, and, for a lab with a
 * dataset (whose runs in the browser execute SQL), the limits of a run with real SQL.
 */
export function pageParamChecks(lab: AnyLab, params: ParamValues): { key: string; message: string }[] {
  return [...(lab.crossCheck?.(params) ?? []), ...(lab.dataset ? (lab.realSqlCheck?.(params) ?? []) : [])];
}
