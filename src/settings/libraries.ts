import { goLibrary } from './goDatabaseSql';
import { hikariLibrary } from './hikari';
import { hikariYamlLibrary } from './hikariYaml';
import type { PoolLibrary } from './library';
import { nodePostgresLibrary } from './nodePostgres';
import { pgbouncerLibrary } from './pgbouncer';
import { psycopg2Library } from './psycopg2';
import { psycopgLibrary } from './psycopg';
import { SnippetError, type SettingsReading } from './reading';
import { sqlalchemyLibrary } from './sqlalchemy';

/** The pool libraries, in the order the Code panel shows them. */
export const poolLibraries: readonly PoolLibrary[] = [psycopg2Library, psycopgLibrary, sqlalchemyLibrary, nodePostgresLibrary, goLibrary, hikariLibrary, hikariYamlLibrary, pgbouncerLibrary];

/** The library with this id, or undefined. */
export function findPoolLibrary(id: string): PoolLibrary | undefined {
  return poolLibraries.find((l) => l.id === id);
}

/**
 * The library a snippet is written for, told from its own words (a call, a property name, an ini
 * section). psycopg2 is tried before psycopg 3, whose `ConnectionPool(` psycopg2's names contain.
 */
export function detectPoolLibrary(text: string): PoolLibrary {
  const found = poolLibraries.find((l) => l.looksLike(text));
  if (found) return found;
  const first = text.split(/\r?\n/).findIndex((l) => l.trim() !== '');
  throw new SnippetError(
    first < 0 ? 1 : first + 1,
    `not a pool configuration the lab knows: expected one of ${poolLibraries.map((l) => l.title).join(', ')}`,
  );
}

/** Read a snippet of any known library (or of `libraryId`, when given). */
export function readPoolSettings(text: string, libraryId?: string): SettingsReading {
  const library = libraryId !== undefined ? findPoolLibrary(libraryId) : detectPoolLibrary(text);
  if (library === undefined) throw new Error(`no pool library "${libraryId}"`);
  return library.read(text);
}
