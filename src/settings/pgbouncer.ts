import { AT_ONCE_MS, describeMs, NEVER_S, type PoolKey, type PoolParams, idleCapComment } from './poolParams';
import { ReadingBuilder, SnippetError, type SettingsReading } from './reading';
import type { PoolLibrary } from './library';
import { durationMs } from './text';

const MODELLED: Record<string, PoolKey> = {
  default_pool_size: 'poolMax',
  pool_size: 'poolMax',
  min_pool_size: 'poolMin',
  query_wait_timeout: 'borrowTimeoutMs',
  server_idle_timeout: 'idleTimeoutMs',
  server_lifetime: 'maxLifetimeMs',
};
const NOT_MODELLED: Record<string, string> = {
  max_client_conn: 'a cap on client connections to PgBouncer: not modelled (the lab has no client limit)',
  reserve_pool_size: 'extra server connections after reserve_pool_timeout: not modelled',
  reserve_pool_timeout: 'when the reserve pool opens: not modelled',
  max_db_connections: 'a cap per database across pools: not modelled (the lab has one pool)',
  max_user_connections: 'a cap per user across pools: not modelled (the lab has one pool)',
  server_connect_timeout: 'a timeout on opening a server connection: not modelled',
  server_check_delay: 'a check before reusing a connection: not modelled',
  server_check_query: 'a check before reusing a connection: not modelled',
  client_idle_timeout: 'closes idle client connections: not modelled',
  idle_transaction_timeout: 'closes idle-in-transaction clients: not modelled',
  query_timeout: 'cancels long queries: not modelled',
  server_reset_query: 'run on give-back in session mode: not modelled',
};

/** A PgBouncer time setting: seconds, or with a unit (`30s`, `10min`, `500ms`). */
function seconds(key: string, value: string, line: number): number {
  const ms = durationMs(value, 1000);
  if (ms === null) throw new SnippetError(line, `${key}: expected seconds (or a time with a unit, like 30s), found ${value}`);
  return ms;
}

/**
 * PgBouncer's pgbouncer.ini: a pool of default_pool_size (20) server connections per database and
 * user, min_pool_size (0) kept open, clients waiting up to query_wait_timeout (120 s; 0 = forever),
 * idle server connections closed after server_idle_timeout (600 s) and retired when released after
 * server_lifetime (3600 s; 0 = used once). Times in seconds; units allowed.
 */
export const pgbouncerLibrary: PoolLibrary = {
  id: 'pgbouncer',
  label: 'PgBouncer',
  title: 'PgBouncer pgbouncer.ini',
  language: 'ini',
  looksLike: (text) => /^\s*\[(pgbouncer|databases)\]/m.test(text) || /\b(default_pool_size|pool_mode|min_pool_size)\s*=/.test(text),
  write(p: PoolParams): string {
    const s = (ms: number) => (Number.isInteger(ms / 1000) ? `${ms / 1000}` : `${ms}ms`);
    const lines = ['[databases]', 'app = host=db dbname=app', '', '[pgbouncer]', 'listen_port = 6432'];
    if (!p.pooling) lines.push('; The lab runs without a pool; this is the pool it would use.');
    lines.push('; transaction: a client holds a server connection for one transaction (one request of the lab)', 'pool_mode = transaction');
    lines.push(`default_pool_size = ${p.poolMax}`, '; kept open even when idle', `min_pool_size = ${p.poolMin}`);
    if (p.whenExhausted === 'fail') lines.push('; PgBouncer cannot fail at once when the pool is full (psycopg2 does): clients wait up to query_wait_timeout (1 s at least).');
    lines.push(`; seconds a client waits for a server connection (0: forever)`, `query_wait_timeout = ${p.whenExhausted === 'fail' ? 1 : s(p.borrowTimeoutMs)}`);
    lines.push(`; seconds before an idle server connection closes (0: never)`, `server_idle_timeout = ${s(p.idleTimeoutMs)}`);
    if (p.maxLifetimeMs === 0) lines.push(`; PgBouncer's server_lifetime=0 means "use once": a week stands for "forever"`);
    else lines.push('; seconds; a server connection this old closes when released, never while in use');
    lines.push(`server_lifetime = ${p.maxLifetimeMs === 0 ? NEVER_S : s(p.maxLifetimeMs)}`);
    const idleCap = idleCapComment(p, 'PgBouncer');
    if (idleCap) lines.push(`; ${idleCap}`);
    if (p.leakDetectionMs > 0) lines.push(`; PgBouncer has no leak detection (the lab warns after ${describeMs(p.leakDetectionMs)}).`);
    lines.push('max_client_conn = 1000');
    return `${lines.join('\n')}\n`;
  },
  read(text: string): SettingsReading {
    const b = new ReadingBuilder('pgbouncer');
    let section = '';
    let sawSection = false;
    // Per-database and per-user pool sizes override default_pool_size wherever they are written: read them last.
    const entries: { section: string; key: string; value: string; line: number }[] = [];
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = i + 1;
      const trimmed = raw.replace(/\s[;#].*$/, '').trim();
      if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
      const header = /^\[([^\]]+)\]$/.exec(trimmed);
      if (header) {
        section = header[1]!.trim().toLowerCase();
        sawSection = true;
        continue;
      }
      const m = /^([\w.*-]+)\s*=\s*(.*)$/.exec(trimmed);
      if (!m) throw new SnippetError(line, `expected key = value or a [section], found ${trimmed}`);
      entries.push({ section: sawSection ? section : 'pgbouncer', key: m[1]!, value: m[2]!, line });
    }
    for (const e of entries) {
      if (e.section === 'pgbouncer') readSetting(b, e.key.toLowerCase(), e.value, e.line);
      else if (e.section !== 'databases' && e.section !== 'users') b.ignore(`[${e.section}] ${e.key}`, e.line, 'a section the lab does not read');
    }
    for (const e of entries) if (e.section === 'databases' || e.section === 'users') readEntry(b, e.section, e.key, e.value, e.line);
    if (b.read.length === 0 && b.ignored.length === 0) throw new SnippetError(1, 'no PgBouncer settings found ([pgbouncer] with default_pool_size = …)');
    return b.finish({
      pooling: { value: true, why: 'a pool' },
      poolMin: { value: 0, why: 'PgBouncer: min_pool_size=0' },
      poolMax: { value: 20, why: 'PgBouncer: default_pool_size=20' },
      whenExhausted: { value: 'wait', why: 'PgBouncer queues clients' },
      borrowTimeoutMs: { value: 120000, why: 'PgBouncer: query_wait_timeout=120 s' },
      idleTimeoutMs: { value: 600000, why: 'PgBouncer: server_idle_timeout=600 s' },
      maxLifetimeMs: { value: 3600000, why: 'PgBouncer: server_lifetime=3600 s' },
      leakDetectionMs: { value: 0, why: 'PgBouncer has no leak detection' },
      poolMaxIdle: { value: 0, why: 'PgBouncer has no idle cap' },
    });
  },
};

function readEntry(b: ReadingBuilder, section: string, name: string, value: string, line: number): void {
  // `app = host=db dbname=app pool_size=30`: per-database (or per-user) settings override the defaults.
  for (const pair of value.split(/\s+/)) {
    const [k, v] = pair.split('=');
    if (k === undefined || v === undefined) continue;
    if (k === 'pool_size' || k === 'min_pool_size') readSetting(b, k, v, line, `[${section}] ${name}: `);
    else if (k === 'pool_mode') readSetting(b, k, v, line, `[${section}] ${name}: `);
    else if (['host', 'port', 'dbname', 'user', 'password', 'auth_user', 'client_encoding', 'datestyle', 'timezone', 'application_name'].includes(k)) b.ignore(`[${section}] ${name}: ${pair}`, line, 'where and how to connect: not a pool setting');
    else b.ignore(`[${section}] ${name}: ${pair}`, line, NOT_MODELLED[k] ?? 'not a PgBouncer setting the lab models');
  }
}

function readSetting(b: ReadingBuilder, key: string, value: string, line: number, prefix = ''): void {
  const from = `${prefix}${key} = ${value}`;
  const target = MODELLED[key];
  if (key === 'pool_mode') {
    if (!['session', 'transaction', 'statement'].includes(value)) throw new SnippetError(line, `pool_mode: expected session, transaction or statement, found ${value}`);
    b.ignore(from, line, modeNote(value));
    return;
  }
  if (target === undefined) {
    b.ignore(from, line, NOT_MODELLED[key] ?? 'not a PgBouncer pool setting the lab models');
    return;
  }
  if (target === 'poolMax' || target === 'poolMin') {
    if (!/^\d+$/.test(value)) throw new SnippetError(line, `${key}: expected a whole number, found ${value}`);
    b.set(target, Number(value), from, line);
    return;
  }
  const ms = seconds(key, value, line);
  if (target === 'maxLifetimeMs' && ms === 0) {
    b.set(target, AT_ONCE_MS, from, line);
    b.note('server_lifetime = 0 means each server connection is used once; the lab retires it as soon as it is idle.');
  } else b.set(target, ms, from, line);
}

function modeNote(mode: string): string {
  if (mode === 'transaction') return 'the pool mode: each request of the lab is one transaction, so transaction mode is what the lab runs';
  if (mode === 'session') return 'the pool mode: a client keeps its server connection for its whole session; the lab treats each request as a session (short-lived clients), the same as transaction mode';
  return 'the pool mode: statement mode gives the connection back after each statement; the lab runs one statement per request, so the same';
}
