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

/**
 * Network round trips between a client (application server, pooler, router) and a node. Not part
 * of the plan: a lab adds them where its topology has them — one per statement sent in its own
 * round trip, none for statements batched into one, one per hop to a replica. Replication's own
 * shipping delay (primary → replica) is a lab parameter, not this.
 */
export const NETWORK = {
  /** A round trip within one availability zone (typical cloud figures: 0.1–0.5 ms). */
  sameZoneRoundTripMs: 0.25,
  /** A round trip between zones of one region (typical: 0.5–2 ms). */
  crossZoneRoundTripMs: 1,
} as const;

/**
 * The simulated duration of one statement as a client sees it: its plan's execution time plus
 * `roundTrips` network round trips of `roundTripMs` each. Computed once per statement template
 * and node state, like {@link planCostMs}.
 */
export function statementMs(plan: PlanNode, roundTrips = 1, roundTripMs: number = NETWORK.sameZoneRoundTripMs): number {
  if (!(roundTrips >= 0) || !(roundTripMs >= 0)) throw new Error(`round trips and their time must be ≥ 0, got ${roundTrips} × ${roundTripMs} ms`);
  return planCostMs(plan) + roundTrips * roundTripMs;
}
