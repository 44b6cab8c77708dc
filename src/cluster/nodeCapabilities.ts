import type { NodeCapability } from '../lab/labDefinition';

/**
 * The postgresql.conf lines each capability needs (added to every node's own settings).
 * Two-phase commit: PostgreSQL refuses PREPARE TRANSACTION while max_prepared_transactions is 0,
 * its default; PGlite supports it once set (DESIGN.md §4).
 */
const SETTINGS: Record<NodeCapability, readonly string[]> = {
  'two-phase-commit': ['max_prepared_transactions=10'],
};

/** The settings a node with these capabilities boots with, every time it boots (restarts and clones included). */
export function capabilitySettings(capabilities: readonly NodeCapability[] = []): string[] {
  return [...new Set(capabilities)].sort().flatMap((c) => SETTINGS[c]);
}

/** Whether a node with these capabilities can hold prepared transactions (a reset must look for ones in doubt). */
export function holdsPreparedTransactions(capabilities: readonly NodeCapability[] = []): boolean {
  return capabilities.includes('two-phase-commit');
}
