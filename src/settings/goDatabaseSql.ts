import { AT_ONCE_MS, bounds, describeMs, type PoolParams } from './poolParams';
import { ReadingBuilder, SnippetError, type SettingsReading } from './reading';
import type { PoolLibrary } from './library';
import { blankComments, closingBracket, evaluate, lineAt } from './text';

/** Go's time constants in ms (a bare number is nanoseconds). */
const TIME: Record<string, number> = { 'time.Nanosecond': 1e-6, 'time.Microsecond': 1e-3, 'time.Millisecond': 1, 'time.Second': 1000, 'time.Minute': 60_000, 'time.Hour': 3_600_000 };
const SETTERS = ['SetMaxOpenConns', 'SetMaxIdleConns', 'SetConnMaxLifetime', 'SetConnMaxIdleTime'] as const;

/** A Go duration expression (`5 * time.Minute`, `time.Duration(30) * time.Second`, `90e9`) in ms. */
function goDurationMs(expr: string, line: number, what: string): number {
  const unwrapped = expr.replace(/time\.Duration\s*\(([^()]*)\)/g, '($1)');
  const v = /time\./.test(unwrapped) ? evaluate(unwrapped, TIME) : evaluate(unwrapped);
  if (v === null) throw new SnippetError(line, `${what}(${expr}): expected a duration the lab can read, like 5 * time.Minute`);
  return /time\./.test(unwrapped) ? v : v * 1e-6;
}

function goDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} * time.Hour`;
  if (ms % 60_000 === 0) return `${ms / 60_000} * time.Minute`;
  if (ms % 1000 === 0) return `${ms / 1000} * time.Second`;
  return `${ms} * time.Millisecond`;
}

/**
 * Go's `database/sql`: SetMaxOpenConns (0: unlimited), SetMaxIdleConns (2 by default; a
 * connection given back beyond it is closed at once: the lab's idle cap, poolMaxIdle),
 * SetConnMaxLifetime and SetConnMaxIdleTime (0: forever). Nothing is opened ahead of need (the
 * lab's minimum is 0), and a borrower waits for a connection as long as its context allows:
 * forever without a deadline.
 */
export const goLibrary: PoolLibrary = {
  id: 'go',
  label: 'Go database/sql',
  title: 'Go database/sql Set* calls',
  language: 'go',
  looksLike: (text) => /\.(SetMaxOpenConns|SetMaxIdleConns|SetConnMaxLifetime|SetConnMaxIdleTime)\s*\(/.test(text),
  write(p: PoolParams): string {
    const lines = ['db, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))', 'if err != nil {', '\treturn err', '}'];
    if (!p.pooling) lines.push('// The lab runs without a pool; database/sql always pools: this is the pool it would use.');
    lines.push(`db.SetMaxOpenConns(${p.poolMax})`);
    if (p.poolMin > 0) lines.push(`// Go keeps no minimum and opens connections only when needed (the lab opens ${p.poolMin} at start and keeps them).`);
    const keepsNone = p.poolMaxIdle === 0 && p.idleTimeoutMs === AT_ONCE_MS;
    const cap = p.poolMaxIdle > 0 && p.poolMaxIdle < p.poolMax ? p.poolMaxIdle : keepsNone ? 0 : p.poolMax;
    if (keepsNone) lines.push('// Keeps none idle: every connection given back is closed.');
    else if (cap < p.poolMax) lines.push(`// At most ${cap} kept idle; one given back beyond them is closed at once, and the next burst opens it again.`);
    else lines.push('// Every connection may stay idle (the default, 2, would close the rest as they are given back).');
    lines.push(`db.SetMaxIdleConns(${cap})`);
    if (p.idleTimeoutMs > 0 && !keepsNone) {
      if (p.poolMin > 0) lines.push(`// Go closes every idle connection after this, the lab only those above its ${p.poolMin}.`);
      lines.push(`db.SetConnMaxIdleTime(${goDuration(p.idleTimeoutMs)})`);
    }
    if (p.maxLifetimeMs > 0) lines.push('// Retired when next idle, never while in use.', `db.SetConnMaxLifetime(${goDuration(p.maxLifetimeMs)})`);
    if (p.leakDetectionMs > 0) lines.push(`// database/sql has no leak detection (the lab warns after ${describeMs(p.leakDetectionMs)}); db.Stats().InUse shows leaks.`);
    if (p.whenExhausted === 'fail') lines.push('// database/sql cannot fail at once when every connection is out (psycopg2 does): it waits as long as the context allows.');
    else if (p.borrowTimeoutMs > 0) {
      lines.push('', '// database/sql has no borrow timeout of its own: a context deadline bounds the wait (and the query).');
      lines.push(`ctx, cancel := context.WithTimeout(ctx, ${goDuration(p.borrowTimeoutMs)})`, 'defer cancel()', 'rows, err := db.QueryContext(ctx, query)');
    } else lines.push('// Without a context deadline, a query waits for a free connection forever.');
    return `${lines.join('\n')}\n`;
  },
  read(text: string): SettingsReading {
    const code = blankComments(text, 'c');
    const b = new ReadingBuilder('go');
    const calls = /\b\w+\.(Set\w*)\s*\(/g;
    let maxOpen: number | null = null;
    let maxIdle: { value: number; from: string; line: number } | null = null;
    let idleTime: { value: number; from: string; line: number } | null = null;
    let found = false;
    for (let m = calls.exec(code); m !== null; m = calls.exec(code)) {
      const open = m.index + m[0].length - 1;
      const close = closingBracket(code, open);
      const arg = code.slice(open + 1, close).trim();
      const line = lineAt(code, m.index);
      const from = `${m[1]}(${arg})`;
      const setter = m[1] as (typeof SETTERS)[number];
      if (!SETTERS.includes(setter)) {
        b.ignore(from, line, 'not a database/sql pool setting the lab models');
        continue;
      }
      found = true;
      if (setter === 'SetMaxOpenConns' || setter === 'SetMaxIdleConns') {
        const n = evaluate(arg);
        if (n === null || !Number.isInteger(n)) throw new SnippetError(line, `${from}: expected a whole number the lab can read`);
        if (setter === 'SetMaxOpenConns') {
          maxOpen = n;
          b.set('poolMax', n <= 0 ? bounds('poolMax').max : n, from, line);
          if (n <= 0) b.note(`${from} is no limit: the lab's largest pool, ${bounds('poolMax').max}; PostgreSQL's max_connections refuses first.`);
        } else maxIdle = { value: Math.max(0, n), from, line };
      } else if (setter === 'SetConnMaxLifetime') b.set('maxLifetimeMs', Math.max(0, goDurationMs(arg, line, setter)), from, line);
      else idleTime = { value: Math.max(0, goDurationMs(arg, line, setter)), from, line };
    }
    const deadline = /context\.WithTimeout\s*\(\s*[^,]+,\s*([^)]*(?:\([^)]*\))?[^)]*)\)/.exec(code);
    if (deadline) {
      const line = lineAt(code, deadline.index);
      b.set('borrowTimeoutMs', goDurationMs(deadline[1]!.trim(), line, 'context.WithTimeout'), `context.WithTimeout(…, ${deadline[1]!.trim()})`, line);
      b.note("The context's deadline bounds the wait for a connection and the query together; the lab's borrow timeout bounds the wait.");
    }
    if (!found && !deadline) throw new SnippetError(1, 'no db.SetMaxOpenConns / SetMaxIdleConns / SetConnMaxLifetime / SetConnMaxIdleTime call found');
    const max = b.get('poolMax') ?? bounds('poolMax').max;
    if (idleTime) b.set('idleTimeoutMs', idleTime.value, idleTime.from, idleTime.line);
    if (maxIdle && maxIdle.value === 0) {
      b.set('poolMaxIdle', 0, maxIdle.from, maxIdle.line);
      b.set('idleTimeoutMs', AT_ONCE_MS, maxIdle.from, maxIdle.line);
      b.note(`${maxIdle.from} keeps no connection idle: each is closed when given back (the lab: an idle timeout of ${AT_ONCE_MS} ms).`);
    } else if (maxIdle) b.set('poolMaxIdle', maxIdle.value >= max ? 0 : maxIdle.value, maxIdle.from, maxIdle.line);
    b.note('database/sql opens connections only when needed and keeps no minimum: the lab starts with none open.');
    const defaultCap = 2 < max ? 2 : 0;
    return b.finish({
      pooling: { value: true, why: 'database/sql always pools' },
      poolMin: { value: 0, why: 'database/sql keeps no minimum: it opens connections when needed' },
      poolMax: { value: maxOpen ?? bounds('poolMax').max, why: `database/sql: unlimited open connections (the lab's largest pool, ${bounds('poolMax').max})` },
      poolMaxIdle: { value: defaultCap, why: `database/sql: SetMaxIdleConns defaults to 2${defaultCap === 0 ? `, no cap with at most ${max} open` : ''}` },
      whenExhausted: { value: 'wait', why: 'database/sql waits for a connection' },
      borrowTimeoutMs: { value: 0, why: 'database/sql waits forever without a context deadline' },
      idleTimeoutMs: { value: 0, why: 'database/sql: SetConnMaxIdleTime 0, never' },
      maxLifetimeMs: { value: 0, why: 'database/sql: SetConnMaxLifetime 0, forever' },
      leakDetectionMs: { value: 0, why: 'database/sql has no leak detection' },
    });
  },
};
