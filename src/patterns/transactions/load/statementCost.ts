import { COST_MODEL } from '../../../db/costModel';

/**
 * Planner cost of a primary-key lookup or update of one row of a small table (an Index Scan on
 * accounts_pkey: PostgreSQL prices it at about 8.3), turned into time by the shared cost model.
 * BEGIN, COMMIT and ROLLBACK pay only the per-statement overhead.
 */
const ROW_STATEMENT_COST_UNITS = 8.3;
export const ROW_STATEMENT_MS = COST_MODEL.statementOverheadMs + ROW_STATEMENT_COST_UNITS * COST_MODEL.msPerCostUnit;
export const CONTROL_STATEMENT_MS = COST_MODEL.statementOverheadMs;
