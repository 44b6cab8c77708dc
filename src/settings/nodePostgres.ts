import { describeMs, type PoolParams, idleCapComment } from './poolParams';
import { ReadingBuilder, SnippetError, type SettingsReading } from './reading';
import type { PoolLibrary } from './library';
import { blankComments, closingBracket, evaluate, splitItems, type Item } from './text';

const CONNECTION = ['connectionString', 'host', 'port', 'user', 'password', 'database', 'ssl', 'application_name', 'options', 'types', 'stream', 'client_encoding', 'fallback_application_name', 'keepAlive', 'keepAliveInitialDelayMillis', 'binary', 'Client', 'Promise', 'log'];
const NOT_MODELLED: Record<string, string> = {
  maxUses: 'retires a connection after this many uses: not modelled (the lab retires by age: maxLifetimeSeconds)',
  allowExitOnIdle: 'lets Node exit while clients are idle: not a pool behaviour the lab models',
  statement_timeout: 'a server-side query timeout: not modelled', query_timeout: 'a client-side query timeout: not modelled',
  idle_in_transaction_session_timeout: 'a server-side timeout: not modelled', lock_timeout: 'a server-side timeout: not modelled',
};

/** The object literal given to `new Pool(…)` (directly or through a variable), or the snippet's first one. */
function poolObject(code: string): { start: number; end: number } {
  const call = /\bPool\s*\(\s*/.exec(code);
  let open = -1;
  if (call) {
    const at = call.index + call[0].length;
    if (code[at] === '{') open = at;
    else {
      const variable = /^[A-Za-z_$][\w$]*/.exec(code.slice(at))?.[0];
      const declared = variable ? new RegExp(`\\b${variable}\\s*(?::[^=]+)?=\\s*\\{`).exec(code) : null;
      if (declared) open = declared.index + declared[0].length - 1;
      else if (code[at] === ')') return { start: at, end: at }; // new Pool(): all defaults
    }
  }
  if (open < 0) open = code.indexOf('{');
  if (open < 0) throw new SnippetError(1, 'no new Pool({ … }) found: expected node-postgres settings');
  return { start: open + 1, end: closingBracket(code, open) };
}

function whole(item: Item, scale = 1): number {
  const v = evaluate(item.value);
  if (v === null || v < 0) throw new SnippetError(item.line, `${item.name}: ${item.value}: expected a number the lab can read (a literal or arithmetic on literals)`);
  return v * scale;
}

/**
 * node-postgres's `new Pool({ max: 10, min: 0, idleTimeoutMillis: 10000, connectionTimeoutMillis: 0,
 * maxLifetimeSeconds: 0 })` (pg-pool): up to `max` clients; `min` are not closed by the idle timeout
 * (pg-pool opens them on demand); a borrower waits forever unless connectionTimeoutMillis is set
 * (then it gets "timeout exceeded when trying to connect"); an idle client older than
 * maxLifetimeSeconds is closed.
 */
export const nodePostgresLibrary: PoolLibrary = {
  id: 'node-postgres',
  label: 'node-postgres',
  title: 'node-postgres new Pool({...})',
  language: 'javascript',
  looksLike: (text) => /\bnew\s+(pg\.)?Pool\s*\(/.test(text) || /\b(idleTimeoutMillis|connectionTimeoutMillis|maxLifetimeSeconds)\b/.test(text),
  write(p: PoolParams): string {
    const lines = ["import pg from 'pg';", ''];
    if (!p.pooling) lines.push('// The lab runs without a pool; this is the pool it would use.');
    if (p.whenExhausted === 'fail') lines.push('// pg.Pool cannot fail at once when every client is out (psycopg2 does): the shortest wait is 1 ms.');
    const idleCap = idleCapComment(p, 'pg.Pool');
    if (idleCap) lines.push(`// ${idleCap}`);
    if (p.leakDetectionMs > 0) lines.push(`// pg.Pool has no leak detection (the lab warns after ${describeMs(p.leakDetectionMs)}).`);
    if (p.maxLifetimeMs % 1000 !== 0) lines.push(`// maxLifetimeSeconds is whole seconds: the lab's ${p.maxLifetimeMs} ms is rounded.`);
    const wait = p.whenExhausted === 'fail' ? 1 : p.borrowTimeoutMs;
    lines.push(
      'const pool = new pg.Pool({',
      "  connectionString: process.env.DATABASE_URL,",
      `  max: ${p.poolMax},`,
      `  min: ${p.poolMin}, // not closed when idle (pg opens them on demand; the lab at start)`,
      `  connectionTimeoutMillis: ${wait}, // ${wait === 0 ? 'wait forever for a client' : 'wait this long for a client, then fail'}`,
      `  idleTimeoutMillis: ${p.idleTimeoutMs}, // ${p.idleTimeoutMs === 0 ? 'never close idle clients' : 'close idle clients above min after this'}`,
      `  maxLifetimeSeconds: ${Math.round(p.maxLifetimeMs / 1000)}, // ${p.maxLifetimeMs === 0 ? 'no lifetime limit' : 'close a client this old when it is next idle'}`,
      '});',
    );
    return `${lines.join('\n')}\n`;
  },
  read(text: string): SettingsReading {
    const code = blankComments(text, 'c');
    const { start, end } = poolObject(code);
    const b = new ReadingBuilder('node-postgres');
    for (const item of splitItems(code, start, end, ':')) {
      const name = item.name;
      const from = name === null ? item.value : `${name}: ${item.value}`;
      if (name === 'max') b.set('poolMax', whole(item), from, item.line);
      else if (name === 'min') b.set('poolMin', whole(item), from, item.line);
      else if (name === 'connectionTimeoutMillis') b.set('borrowTimeoutMs', whole(item), from, item.line);
      else if (name === 'idleTimeoutMillis') b.set('idleTimeoutMs', whole(item), from, item.line);
      else if (name === 'maxLifetimeSeconds') b.set('maxLifetimeMs', whole(item, 1000), from, item.line);
      else if (name !== null && CONNECTION.includes(name)) b.ignore(from, item.line, 'a connection setting: not a pool setting');
      else if (name !== null && NOT_MODELLED[name]) b.ignore(from, item.line, NOT_MODELLED[name]);
      else if (name === null && item.value.startsWith('...')) b.ignore(from, item.line, 'spread from elsewhere: the lab cannot see its values');
      else if (name === null) throw new SnippetError(item.line, `expected name: value, found ${item.value}`);
      else b.ignore(from, item.line, 'not a pg.Pool setting the lab models');
    }
    if (b.has('borrowTimeoutMs')) b.note("connectionTimeoutMillis bounds the wait for a client and the connecting together; the lab's borrow timeout bounds the wait.");
    b.note('pg.Pool opens clients on demand, min included; the lab opens min at start.');
    return b.finish({
      pooling: { value: true, why: 'a pool' },
      poolMin: { value: 0, why: 'pg.Pool: min=0' },
      poolMax: { value: 10, why: 'pg.Pool: max=10' },
      whenExhausted: { value: 'wait', why: 'pg.Pool queues borrowers' },
      borrowTimeoutMs: { value: 0, why: 'pg.Pool: connectionTimeoutMillis=0, wait forever' },
      idleTimeoutMs: { value: 10000, why: 'pg.Pool: idleTimeoutMillis=10000' },
      maxLifetimeMs: { value: 0, why: 'pg.Pool: maxLifetimeSeconds=0, no limit' },
      leakDetectionMs: { value: 0, why: 'pg.Pool has no leak detection' },
      poolMaxIdle: { value: 0, why: 'pg.Pool has no idle cap' },
    });
  },
};
