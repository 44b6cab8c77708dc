import { describeMs, NEVER_S, type PoolParams, idleCapComment } from './poolParams';
import { pythonCallArguments, pythonNumber } from './python';
import { ReadingBuilder, SnippetError, type SettingsReading } from './reading';
import type { PoolLibrary } from './library';
import type { Item } from './text';

const NOT_MODELLED: Record<string, string> = {
  max_waiting: 'a cap on the queue of borrowers (beyond it getconn fails with TooManyRequests): not modelled, the lab lets any number wait',
  reconnect_timeout: 'how long the pool retries a database it cannot reach: not modelled',
  reconnect_failed: 'a callback: not modelled',
  num_workers: 'background threads that open connections: the lab opens them without limit',
  open: 'whether the constructor opens the pool: the lab opens it at start',
  name: 'a name for logs',
  kwargs: 'connection arguments: not a pool setting',
  configure: 'a callback on new connections: not modelled',
  check: 'a check on borrow: not modelled',
  reset: 'a callback on give-back: not modelled',
  connection_class: 'the connection class: not modelled',
  conninfo: 'the connection string: not a pool setting',
};

/** A psycopg_pool timeout in seconds; `None` is not allowed there, so it cannot be read. */
function seconds(item: Item): number {
  const v = pythonNumber(item);
  if (v === null || v < 0) throw new SnippetError(item.line, `${item.name}: expected a number of seconds, found ${item.value}`);
  return v === Infinity ? Infinity : Math.round(v * 1000);
}

/**
 * psycopg 3's `psycopg_pool.ConnectionPool`: min_size connections are kept open (and opened at
 * start), up to max_size (default: min_size); borrowers wait up to `timeout` seconds (30), then
 * get PoolTimeout; idle connections above min_size close after max_idle (600 s); a connection older
 * than max_lifetime (3600 s) is replaced when given back.
 */
export const psycopgLibrary: PoolLibrary = {
  id: 'psycopg',
  label: 'psycopg 3',
  title: 'psycopg 3 psycopg_pool.ConnectionPool',
  language: 'python',
  looksLike: (text) => /(?<!Threaded|Simple|Persistent)\bConnectionPool\s*\(/.test(text) || /psycopg_pool/.test(text),
  write(p: PoolParams): string {
    const never = (ms: number) => (ms === 0 ? `${NEVER_S}` : `${ms / 1000}`);
    const lines = ['from psycopg_pool import ConnectionPool', ''];
    if (!p.pooling) lines.push('# The lab runs without a pool; this is the pool it would use.');
    if (p.whenExhausted === 'fail') lines.push('# psycopg_pool cannot fail at once when the pool is exhausted (psycopg2 does): it waits up to timeout.');
    else if (p.borrowTimeoutMs === 0) lines.push(`# psycopg_pool always has a borrow timeout: ${NEVER_S} s (a week) stands for "wait forever".`);
    if (p.idleTimeoutMs === 0) lines.push(`# max_idle=${NEVER_S} (a week): idle connections are never closed in a run.`);
    if (p.maxLifetimeMs === 0) lines.push(`# max_lifetime=${NEVER_S} (a week): connections are not retired in a run.`);
    const idleCap = idleCapComment(p, 'psycopg_pool');
    if (idleCap) lines.push(`# ${idleCap}`);
    if (p.leakDetectionMs > 0) lines.push(`# psycopg_pool has no leak detection (the lab warns after ${describeMs(p.leakDetectionMs)}).`);
    lines.push(
      'pool = ConnectionPool(',
      '    "postgresql://app@db/app",',
      `    min_size=${p.poolMin},  # kept open, opened at start`,
      `    max_size=${p.poolMax},`,
      `    timeout=${p.whenExhausted === 'fail' ? '0.001' : never(p.borrowTimeoutMs)},  # seconds a borrower waits, then PoolTimeout`,
      `    max_idle=${never(p.idleTimeoutMs)},  # seconds before an idle connection above min_size closes`,
      `    max_lifetime=${never(p.maxLifetimeMs)},  # seconds; replaced when given back, never while in use`,
      ')',
    );
    return `${lines.join('\n')}\n`;
  },
  read(text: string): SettingsReading {
    const { items } = pythonCallArguments(text, ['AsyncConnectionPool', 'ConnectionPool'], "psycopg_pool's ConnectionPool(conninfo, min_size=…, …)");
    const b = new ReadingBuilder('psycopg');
    let positional = 0;
    for (const item of items) {
      const name = item.name ?? (positional++ === 0 ? 'conninfo' : null);
      const from = `${name ?? 'argument'}=${item.value}`;
      if (name === 'min_size' || name === 'max_size') {
        const v = pythonNumber(item);
        if (name === 'max_size' && v === null) continue; // None: the same as min_size, the default
        if (v === null || !Number.isInteger(v) || v < 0) throw new SnippetError(item.line, `${name}: expected a whole number, found ${item.value}`);
        b.set(name === 'min_size' ? 'poolMin' : 'poolMax', v, from, item.line);
      } else if (name === 'timeout') b.set('borrowTimeoutMs', seconds(item), from, item.line);
      else if (name === 'max_idle') b.set('idleTimeoutMs', seconds(item), from, item.line);
      else if (name === 'max_lifetime') b.set('maxLifetimeMs', seconds(item), from, item.line);
      else if (name !== null && NOT_MODELLED[name] !== undefined) b.ignore(from, item.line, NOT_MODELLED[name]);
      else b.ignore(from, item.line, 'not a psycopg_pool setting the lab models');
    }
    const min = b.get('poolMin') ?? 4;
    b.note('psycopg_pool adds ±5% jitter to max_lifetime so connections do not all retire together; the lab does not.');
    return b.finish({
      pooling: { value: true, why: 'a pool' },
      poolMin: { value: 4, why: 'psycopg_pool: min_size=4' },
      poolMax: { value: min, why: `psycopg_pool: max_size defaults to min_size (${min})` },
      whenExhausted: { value: 'wait', why: 'psycopg_pool waits for a connection up to timeout' },
      borrowTimeoutMs: { value: 30000, why: 'psycopg_pool: timeout=30 s' },
      idleTimeoutMs: { value: 600000, why: 'psycopg_pool: max_idle=600 s' },
      maxLifetimeMs: { value: 3600000, why: 'psycopg_pool: max_lifetime=3600 s' },
      leakDetectionMs: { value: 0, why: 'psycopg_pool has no leak detection' },
      poolMaxIdle: { value: 0, why: 'psycopg_pool has no idle cap (max_idle is a time)' },
    });
  },
};
