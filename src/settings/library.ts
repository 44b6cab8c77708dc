import type { PoolParams } from './poolParams';
import type { SettingsReading } from './reading';

/** One pool library: its settings written from the lab's parameters, and read back into them. */
export interface PoolLibrary {
  id: 'psycopg2' | 'psycopg' | 'sqlalchemy' | 'node-postgres' | 'go' | 'hikaricp' | 'hikaricp-yaml' | 'pgbouncer';
  /** Short name for a tab. */
  label: string;
  /** What the snippet is (`HikariCP properties`). */
  title: string;
  language: 'python' | 'javascript' | 'go' | 'properties' | 'yaml' | 'ini';
  /** Whether a pasted snippet is probably this library's. */
  looksLike(text: string): boolean;
  /** The parameters as this library's configuration; what it cannot express is said in comments. */
  write(params: PoolParams): string;
  /** A snippet's settings as the lab's parameters; throws SnippetError naming the line if unreadable. */
  read(text: string): SettingsReading;
}
