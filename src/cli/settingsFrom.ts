import { existsSync, readFileSync, statSync } from 'node:fs';
import { labs } from '../labs';
import { readPoolSettings } from '../settings/libraries';
import { POOL_KEYS } from '../settings/poolParams';
import { SnippetError, type SettingsReading } from '../settings/reading';
import { UsageError } from './args';

/** The labs whose parameters include a whole pool (every key a pool library sets). */
function poolLabs(): string[] {
  return labs.filter((lab) => POOL_KEYS.every((key) => lab.params.some((p) => p.key === key))).map((lab) => lab.id);
}

/**
 * `--settings-from FILE`: the pool settings of a snippet (any of the seven libraries) as the lab's
 * parameters. Throws {@link UsageError} naming the file and line when it cannot be read.
 */
export function readSettingsFile(file: string, labId: string): SettingsReading {
  const pools = poolLabs();
  if (!pools.includes(labId)) throw new UsageError(`--settings-from: the ${labId} lab has no connection pool to set (pool settings are read by: ${pools.join(', ')})`);
  if (!existsSync(file)) throw new UsageError(`--settings-from ${file}: no such file`);
  if (!statSync(file).isFile()) throw new UsageError(`--settings-from ${file}: not a file`);
  try {
    return readPoolSettings(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof SnippetError) throw new UsageError(`--settings-from ${file}:${error.line}: ${error.reason}`);
    throw error;
  }
}

/** What was read, which defaults stood in and what was ignored, for stderr (stdout stays the result). */
export function describeReading(file: string, r: SettingsReading): string {
  const lines = [`settings from ${file} (${r.library}):`];
  for (const s of r.read) lines.push(`  read     ${s.key} = ${String(s.value)}  (line ${s.line}: ${s.from})`);
  for (const d of r.defaults) lines.push(`  default  ${d.key} = ${String(d.value)}  (${d.why})`);
  for (const i of r.ignored) lines.push(`  ignored  ${i.setting}  (line ${i.line}: ${i.why})`);
  for (const n of r.notes) lines.push(`  note     ${n}`);
  return `${lines.join('\n')}\n`;
}
