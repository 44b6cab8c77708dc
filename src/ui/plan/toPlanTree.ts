import { parsePlan } from '../../plan/parsePlan';
import type { PlanTree } from '../../plan/planTypes';

/** A tree parsePlan already made is used as is. */
export function isPlanTree(value: unknown): value is PlanTree {
  return typeof value === 'object' && value !== null && 'root' in value && 'nodes' in value && 'measure' in value && 'costliest' in value;
}

/** The plan as a tree, or the reason it cannot be read. */
export function toPlanTree(plan: unknown): { tree: PlanTree; error?: undefined } | { tree?: undefined; error: string } {
  if (isPlanTree(plan)) return { tree: plan };
  try {
    return { tree: parsePlan(plan) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
