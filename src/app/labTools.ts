import type { RequestDetail } from '../lab/labDefinition';
import type { Particle } from '../lab/snapshot';
import { addConsoleEntry, closeConsole, finishConsoleEntry, openConsole, setDbState } from '../store/consoleSlice';
import { selectParticle, setRequestDetail } from '../store/selectionSlice';
import { appStore } from '../store/store';
import { pause } from './commands';
import { inspect, runSql } from './simulationClient';

/**
 * The SQL console and request inspection: module-level actions like those in commands.ts.
 * Both go to the simulation worker, which owns the lab's primary and the run's requests.
 */

let nextEntryId = 1;

/** Open the SQL console on a database node (labs with a dataset only). */
export function openSqlConsole(nodeId: string): void {
  openConsole(nodeId);
}

export function closeSqlConsole(): void {
  closeConsole();
}

/** Run one statement in the console; its result (rows or PostgreSQL's error) joins the console's list. */
export async function runConsoleStatement(text: string): Promise<void> {
  const sql = text.trim();
  if (sql === '') return;
  const id = nextEntryId++;
  addConsoleEntry({ id, sql, wallMs: null, result: { kind: 'running' } });
  // The first statement boots PostgreSQL: say so at once, the worker's progress follows.
  if (appStore.getState().console.db === 'cold') setDbState('booting', 'Starting PostgreSQL (PGlite)');
  const started = performance.now();
  const outcome = await runSql(sql);
  const result = outcome.ok
    ? ({ kind: 'rows', fields: outcome.fields, rows: outcome.rows, rowCount: outcome.rowCount, truncated: outcome.truncated } as const)
    : ({ kind: 'error', error: outcome.error } as const);
  finishConsoleEntry(id, result, performance.now() - started);
}

/**
 * The learner clicked a request. Playback pauses (a request lives for milliseconds of simulated
 * time, so it would be gone before its details could be read); the details come from the worker.
 */
export function chooseParticle(particle: Particle): void {
  const playing = appStore.getState().playback.playing;
  if (playing) pause();
  selectParticle(particle, playing);
  void refreshRequestDetail();
}

/** Ask the worker again for the selected request's story (it may have moved on since). */
export async function refreshRequestDetail(): Promise<void> {
  const id = appStore.getState().selection.particleId;
  if (id === null) return;
  const detail = await inspect(id);
  setRequestDetail(id, detail);
}

/** Select a request by id (the test hook), whether or not it is on screen; resolves to its story. */
export async function inspectRequest(id: number): Promise<RequestDetail | null> {
  const onScreen = appStore.getState().snapshot.latest?.particles.find((p) => p.id === id) ?? null;
  selectParticle(onScreen ?? { id, from: '', to: '', t0: NaN, t1: NaN, state: 'ok' }, false);
  const detail = await inspect(id);
  setRequestDetail(id, detail);
  return detail;
}
