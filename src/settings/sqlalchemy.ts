import { AT_ONCE_MS, bounds, describeMs, type PoolParams, idleCapComment } from './poolParams';
import { pythonCallArguments, pythonNumber } from './python';
import { ReadingBuilder, SnippetError, type SettingsReading } from './reading';
import type { PoolLibrary } from './library';

const NOT_MODELLED: Record<string, string> = {
  pool_pre_ping: 'a test query on every checkout: not modelled (it adds a round trip per borrow)',
  pool_use_lifo: 'which idle connection is lent first: the lab does not tell connections apart by age',
  pool_reset_on_return: 'a rollback on give-back: not modelled',
  echo: 'logging', echo_pool: 'logging', connect_args: 'connection arguments: not a pool setting',
  isolation_level: 'a transaction setting: not a pool setting', future: 'an API switch', pool_logging_name: 'logging',
  execution_options: 'statement options: not a pool setting', json_serializer: 'not a pool setting', hide_parameters: 'logging',
};

/**
 * SQLAlchemy's `create_engine(url, pool_size=5, max_overflow=10, pool_timeout=30, pool_recycle=-1)`
 * with its QueuePool: pool_size connections are kept once opened (SQLAlchemy opens them on demand),
 * up to max_overflow more are opened under load and closed as soon as they are given back;
 * borrowers wait up to pool_timeout seconds (None: forever; 0: not at all); a connection older
 * than pool_recycle is replaced at its next checkout. `poolclass=NullPool` is no pool at all.
 */
export const sqlalchemyLibrary: PoolLibrary = {
  id: 'sqlalchemy',
  label: 'SQLAlchemy',
  title: 'SQLAlchemy create_engine pool arguments',
  language: 'python',
  looksLike: (text) => /\bcreate_(async_)?engine\s*\(/.test(text),
  write(p: PoolParams): string {
    const lines = ['from sqlalchemy import create_engine', ''];
    if (!p.pooling) {
      lines.push('from sqlalchemy.pool import NullPool', '', '# No pool: every checkout opens a connection and closes it afterwards.');
      lines.push('engine = create_engine("postgresql+psycopg://app@db/app", poolclass=NullPool)');
      return `${lines.join('\n')}\n`;
    }
    lines.push('# pool_size: kept open once opened (SQLAlchemy opens them on demand; the lab at start).');
    lines.push('# max_overflow: extra connections under load, closed as soon as they are given back.');
    if (p.idleTimeoutMs > AT_ONCE_MS && p.poolMin < p.poolMax) lines.push(`# No idle timeout (the lab's is ${describeMs(p.idleTimeoutMs)}): overflow connections close when given back.`);
    const idleCap = idleCapComment(p, 'SQLAlchemy');
    if (idleCap) lines.push(`# ${idleCap}`);
    if (p.leakDetectionMs > 0) lines.push(`# No leak detection (the lab warns after ${describeMs(p.leakDetectionMs)}).`);
    const timeout = p.whenExhausted === 'fail' ? '0' : p.borrowTimeoutMs === 0 ? 'None' : `${p.borrowTimeoutMs / 1000}`;
    lines.push(
      'engine = create_engine(',
      '    "postgresql+psycopg://app@db/app",',
      `    pool_size=${p.poolMin},`,
      `    max_overflow=${p.poolMax - p.poolMin},`,
      `    pool_timeout=${timeout},  # seconds a checkout waits (None: forever, 0: fails at once)`,
      `    pool_recycle=${p.maxLifetimeMs === 0 ? -1 : p.maxLifetimeMs / 1000},  # seconds; replaced at its next checkout (-1: never)`,
      ')',
    );
    return `${lines.join('\n')}\n`;
  },
  read(text: string): SettingsReading {
    const { items } = pythonCallArguments(text, ['create_async_engine', 'create_engine'], "SQLAlchemy's create_engine(url, pool_size=…, …)");
    const b = new ReadingBuilder('sqlalchemy');
    let size = 5;
    let overflow = 10;
    let sizeLine = 0;
    let sizeFrom = '';
    for (const [i, item] of items.entries()) {
      const name = item.name ?? (i === 0 ? 'url' : null);
      const from = `${name ?? 'argument'}=${item.value}`;
      const whole = () => {
        const v = pythonNumber(item);
        if (v === null || !Number.isInteger(v)) throw new SnippetError(item.line, `${name}: expected a whole number, found ${item.value}`);
        return v;
      };
      if (name === 'pool_size') [size, sizeLine, sizeFrom] = [whole(), item.line, from];
      else if (name === 'max_overflow') [overflow, sizeLine, sizeFrom] = [whole(), item.line, sizeFrom === '' ? from : `${sizeFrom}, ${from}`];
      else if (name === 'pool_timeout') {
        const v = pythonNumber(item);
        if (v !== null && v < 0) throw new SnippetError(item.line, `pool_timeout: expected seconds, None or 0, found ${item.value}`);
        b.set('whenExhausted', v === 0 ? 'fail' : 'wait', from, item.line);
        b.set('borrowTimeoutMs', v === null || v === 0 ? 0 : Math.round(v * 1000), from, item.line);
      } else if (name === 'pool_recycle') {
        const v = pythonNumber(item);
        b.set('maxLifetimeMs', v === null || v < 0 ? 0 : Math.round(v * 1000), from, item.line);
      } else if (name === 'poolclass') {
        if (/NullPool$/.test(item.value)) b.set('pooling', false, from, item.line);
        else if (/QueuePool$/.test(item.value)) b.set('pooling', true, from, item.line);
        else b.ignore(from, item.line, 'only QueuePool (the default) and NullPool are modelled; read as QueuePool');
      } else if (name === 'url') b.ignore(item.value, item.line, 'the database URL: not a pool setting');
      else b.ignore(from, item.line, (name !== null && NOT_MODELLED[name]) || 'not a pool argument the lab models');
    }
    if (sizeFrom !== '') {
      b.set('poolMin', size, sizeFrom, sizeLine);
      b.set('poolMax', overflow < 0 ? bounds('poolMax').max : size + overflow, sizeFrom, sizeLine);
      if (overflow < 0) b.note(`max_overflow=-1 is no limit: the lab's largest pool, ${bounds('poolMax').max}; PostgreSQL's max_connections refuses first.`);
    }
    b.note('SQLAlchemy opens pool_size connections on demand and keeps them; the lab opens them at start.');
    return b.finish({
      pooling: { value: true, why: 'QueuePool, create_engine\'s default' },
      poolMin: { value: size, why: 'SQLAlchemy: pool_size=5' },
      poolMax: { value: size + overflow, why: `SQLAlchemy: pool_size + max_overflow = ${size} + ${overflow}` },
      whenExhausted: { value: 'wait', why: 'SQLAlchemy waits up to pool_timeout' },
      borrowTimeoutMs: { value: 30000, why: 'SQLAlchemy: pool_timeout=30 s' },
      idleTimeoutMs: { value: AT_ONCE_MS, why: 'SQLAlchemy closes an overflow connection as soon as it is given back' },
      maxLifetimeMs: { value: 0, why: 'SQLAlchemy: pool_recycle=-1 (never)' },
      leakDetectionMs: { value: 0, why: 'SQLAlchemy has no leak detection' },
      poolMaxIdle: { value: 0, why: 'SQLAlchemy has no idle cap apart from pool_size' },
    });
  },
};
