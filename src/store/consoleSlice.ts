import type { Row } from '../db/dbNode';
import type { DbErrorInfo } from '../db/dbWorkerProtocol';
import { appStore, patchSlice } from './store';

/** One statement run in the SQL console, with what PostgreSQL (PGlite) answered. */
export interface ConsoleEntry {
  id: number;
  sql: string;
  /** Wall-clock ms from sending to the answer (includes booting PostgreSQL on first use). */
  wallMs: number | null;
  result:
    | { kind: 'running' }
    | { kind: 'rows'; fields: string[]; rows: Row[]; rowCount: number; truncated: boolean }
    | { kind: 'error'; error: DbErrorInfo };
}

/**
 * The database's state as the page knows it: 'cold' until the first statement (or a run with real
 * SQL) boots it, 'restarting' after the watchdog ended a runaway statement.
 */
export type DbState = 'cold' | 'booting' | 'ready' | 'restarting';

/** The SQL console: open or not, the statements of this session, the database's state. */
export interface ConsoleSlice {
  open: boolean;
  /** The node the console talks to (only 'primary' so far). */
  nodeId: string | null;
  /** Newest last; kept for the whole page session, across labs. */
  entries: ConsoleEntry[];
  /** Statements run, newest last, without repeats in a row (for ↑/↓ recall). */
  history: string[];
  db: DbState;
  /** What the database worker is doing ("Starting PostgreSQL (PGlite)"), or null. */
  dbLabel: string | null;
}

/** Results kept on screen; older ones drop off (their statements stay in the history). */
export const CONSOLE_ENTRIES = 20;
const HISTORY_LIMIT = 100;

export function initialConsole(): ConsoleSlice {
  return { open: false, nodeId: null, entries: [], history: [], db: 'cold', dbLabel: null };
}

export function openConsole(nodeId: string): void {
  patchSlice('console', { open: true, nodeId });
}

export function closeConsole(): void {
  patchSlice('console', { open: false });
}

export function addConsoleEntry(entry: ConsoleEntry): void {
  const s = appStore.getState().console;
  const history = s.history[s.history.length - 1] === entry.sql ? s.history : [...s.history, entry.sql].slice(-HISTORY_LIMIT);
  patchSlice('console', { entries: [...s.entries, entry].slice(-CONSOLE_ENTRIES), history });
}

export function finishConsoleEntry(id: number, result: ConsoleEntry['result'], wallMs: number): void {
  const entries = appStore.getState().console.entries.map((e) => (e.id === id ? { ...e, result, wallMs } : e));
  patchSlice('console', { entries });
}

export function clearConsoleEntries(): void {
  patchSlice('console', { entries: [] });
}

export function setDbState(db: DbState, dbLabel: string | null = null): void {
  patchSlice('console', { db, dbLabel });
}

export function setDbLabel(dbLabel: string | null): void {
  patchSlice('console', { dbLabel });
}
