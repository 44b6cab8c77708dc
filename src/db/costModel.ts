import type { PlanNode } from './dbNode';

/**
 * The simulated duration of a statement, from its real plan.
 *
 * PostgreSQL's planner already prices a plan from its node types, estimated rows and pages
 * (seq_page_cost = 1, random_page_cost = 4, cpu_tuple_cost = 0.01, …). The model converts
 * that total cost to time with one calibration constant, plus a fixed per-statement cost for
 * parsing, planning and the protocol. It is computed once per statement template and node
 * state (indexes change the plan, and so the cost) and cached by the caller.
 */
export const COST_MODEL = {
  /** Parse, plan, execute start-up and protocol overhead of any statement, ms. */
  statementOverheadMs: 0.05,
  /** Milliseconds per planner cost unit: one sequential 8 kB page read from cache ≈ 10 µs. */
  msPerCostUnit: 0.01,
} as const;

/** Simulated execution time of a plan, ms (network round trips excluded). */
export function planCostMs(plan: PlanNode): number {
  return COST_MODEL.statementOverheadMs + plan['Total Cost'] * COST_MODEL.msPerCostUnit;
}
