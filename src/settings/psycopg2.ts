import { AT_ONCE_MS, describeMs, type PoolParams, idleCapComment } from './poolParams';
import { pythonCallArguments, pythonNumber } from './python';
import { ReadingBuilder, SnippetError, type SettingsReading } from './reading';
import type { PoolLibrary } from './library';

/**
 * psycopg2's pools (`psycopg2.pool.ThreadedConnectionPool(minconn, maxconn, …)`): minconn are
 * opened at once and are the most kept idle (a connection given back beyond them is closed); when
 * maxconn are out, getconn() raises "connection pool exhausted" at once: there is no waiting, no
 * idle timeout, no lifetime and no leak detection.
 */
export const psycopg2Library: PoolLibrary = {
  id: 'psycopg2',
  label: 'psycopg2',
  title: 'psycopg2 ThreadedConnectionPool',
  language: 'python',
  looksLike: (text) => /\b(Threaded|Simple)ConnectionPool\s*\(/.test(text),
  write(p: PoolParams): string {
    const lines = [
      'from psycopg2.pool import ThreadedConnectionPool',
      '',
      ...(p.pooling ? [] : ['# The lab runs without a pool; this is the pool it would use.']),
      `# minconn: opened at start and kept idle; a connection given back beyond them is closed at once.`,
      '# When maxconn are out, getconn() raises PoolError("connection pool exhausted") at once:',
    ];
    if (p.whenExhausted === 'wait') lines.push(`#   psycopg2 cannot wait for a connection${p.borrowTimeoutMs > 0 ? ` (the lab waits up to ${describeMs(p.borrowTimeoutMs)})` : ' (the lab waits for one)'}.`);
    else lines.push('#   as in the lab.');
    if (p.idleTimeoutMs > AT_ONCE_MS && p.poolMin < p.poolMax) lines.push(`# No idle timeout (the lab's is ${describeMs(p.idleTimeoutMs)}): extra connections close when given back.`);
    if (p.maxLifetimeMs > 0) lines.push(`# No max lifetime (the lab's is ${describeMs(p.maxLifetimeMs)}): connections live until closed.`);
    const idleCap = idleCapComment(p, 'psycopg2');
    if (idleCap) lines.push(`# ${idleCap}`);
    if (p.leakDetectionMs > 0) lines.push(`# No leak detection (the lab warns after ${describeMs(p.leakDetectionMs)}).`);
    lines.push(`pool = ThreadedConnectionPool(minconn=${p.poolMin}, maxconn=${p.poolMax}, dsn="postgresql://app@db/app")`);
    return `${lines.join('\n')}\n`;
  },
  read(text: string): SettingsReading {
    const { items, callee, line } = pythonCallArguments(text, ['ThreadedConnectionPool', 'SimpleConnectionPool', 'PersistentConnectionPool'], "psycopg2's ThreadedConnectionPool(minconn, maxconn, …)");
    const b = new ReadingBuilder('psycopg2');
    if (callee !== 'ThreadedConnectionPool') b.note(`${callee} is read as ThreadedConnectionPool (same sizes and behaviour; ${callee === 'SimpleConnectionPool' ? 'not safe across threads' : 'one connection per thread'}).`);
    const positional = ['minconn', 'maxconn'];
    let index = 0;
    for (const item of items) {
      const name = item.name ?? positional[index++] ?? null;
      if (name === 'minconn' || name === 'maxconn') {
        const v = pythonNumber(item, name);
        if (v === null || !Number.isInteger(v) || v < 0) throw new SnippetError(item.line, `${name}: expected a whole number, found ${item.value}`);
        b.set(name === 'minconn' ? 'poolMin' : 'poolMax', v, `${name}=${item.value}`, item.line);
      } else if (name === null) b.ignore(item.value, item.line, 'a connection argument (the DSN), passed to psycopg2.connect: not a pool setting');
      else b.ignore(`${name}=${item.value}`, item.line, 'a connection argument passed to psycopg2.connect: not modelled by the lab');
    }
    if (!b.has('poolMin') || !b.has('poolMax')) throw new SnippetError(line, `${callee} needs minconn and maxconn (psycopg2 has no defaults for them)`);
    b.note('psycopg2 opens minconn at start and closes a connection given back when minconn are already idle; the lab closes it at once when more than minconn are open.');
    return b.finish({
      pooling: { value: true, why: 'a pool' },
      poolMin: { value: 0, why: '' },
      poolMax: { value: 0, why: '' },
      whenExhausted: { value: 'fail', why: 'psycopg2 raises "connection pool exhausted" at once when maxconn are out' },
      borrowTimeoutMs: { value: 0, why: 'psycopg2 never waits for a busy connection' },
      idleTimeoutMs: { value: AT_ONCE_MS, why: 'psycopg2 closes a connection given back beyond minconn at once' },
      maxLifetimeMs: { value: 0, why: 'psycopg2 has no max lifetime: connections live until closed' },
      leakDetectionMs: { value: 0, why: 'psycopg2 has no leak detection' },
      poolMaxIdle: { value: 0, why: "psycopg2's pool has no separate idle cap" },
    });
  },
};
