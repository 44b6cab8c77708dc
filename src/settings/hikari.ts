import { describeMs, type PoolParams, idleCapComment } from './poolParams';
import { ReadingBuilder, SnippetError, type SettingsReading } from './reading';
import type { PoolLibrary } from './library';

const MODELLED = {
  maximumPoolSize: 'poolMax',
  minimumIdle: 'poolMin',
  connectionTimeout: 'borrowTimeoutMs',
  idleTimeout: 'idleTimeoutMs',
  maxLifetime: 'maxLifetimeMs',
  leakDetectionThreshold: 'leakDetectionMs',
} as const;
const CONNECTION = ['jdbcUrl', 'url', 'username', 'password', 'driverClassName', 'dataSourceClassName', 'poolName', 'schema', 'catalog', 'autoCommit', 'readOnly', 'transactionIsolation', 'connectionInitSql', 'connectionTestQuery'];
const NOT_MODELLED: Record<string, string> = {
  keepaliveTime: 'pings idle connections: not modelled',
  validationTimeout: 'how long a connection check may take: not modelled',
  initializationFailTimeout: 'start-up behaviour when the database is down: not modelled',
  registerMbeans: 'monitoring', metricRegistry: 'monitoring', healthCheckRegistry: 'monitoring',
  allowPoolSuspension: 'pool suspension: not modelled', isolateInternalQueries: 'not modelled',
};

/** `spring.datasource.hikari.maximum-pool-size` and `hikari.maximumPoolSize` as `maximumPoolSize`. */
function propertyName(raw: string): string {
  const tail = raw.replace(/^.*\bhikari\./i, '');
  return tail.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * One HikariCP setting (`maximumPoolSize`, `spring.datasource.hikari.maximum-pool-size`…) with its
 * value as written: read into the lab's parameters, or named and ignored. Shared by the
 * properties form and Spring Boot's application.yml.
 */
export function readHikariSetting(b: ReadingBuilder, key: string, value: string, line: number): void {
  const name = propertyName(key);
  const from = `${key}=${value}`;
  const target = MODELLED[name as keyof typeof MODELLED];
  if (target !== undefined) {
    if (!/^\d+$/.test(value)) {
      const unit = /^\d+(\.\d+)?\s*[a-z]+$/i.test(value) ? ' (HikariCP takes plain milliseconds, not units)' : '';
      throw new SnippetError(line, `${key}: expected a whole number${target === 'poolMax' || target === 'poolMin' ? '' : ' of milliseconds'}, found ${value}${unit}`);
    }
    const n = Number(value);
    if (target === 'borrowTimeoutMs' && n > 0 && n < 250) throw new SnippetError(line, `${key}=${value}: HikariCP refuses a connectionTimeout under 250 ms`);
    b.set(target, n, from, line);
  } else if (CONNECTION.includes(name) || /^dataSource(Properties)?\./.test(name)) b.ignore(from, line, 'a connection setting: not a pool setting');
  else if (NOT_MODELLED[name]) b.ignore(from, line, NOT_MODELLED[name]);
  else if (/^spring\./.test(key) && !/hikari\./i.test(key)) b.ignore(from, line, 'a Spring setting outside spring.datasource.hikari: not a pool setting');
  else b.ignore(from, line, 'not a HikariCP setting the lab models');
}

/** HikariCP's defaults for what the settings left out, and how its meaning differs from the lab's. */
export function finishHikari(b: ReadingBuilder): SettingsReading {
  const max = b.get('poolMax') ?? 10;
  b.note('HikariCP keeps minimumIdle connections idle (opening more while below maximumPoolSize); the lab keeps its minimum open, busy or idle.');
  return b.finish({
    pooling: { value: true, why: 'a pool' },
    poolMin: { value: max, why: `HikariCP: minimumIdle defaults to maximumPoolSize (${max}), a fixed pool` },
    poolMax: { value: 10, why: 'HikariCP: maximumPoolSize=10' },
    poolMaxIdle: { value: 0, why: 'HikariCP has no idle cap (minimumIdle is a floor)' },
    whenExhausted: { value: 'wait', why: 'HikariCP waits up to connectionTimeout' },
    borrowTimeoutMs: { value: 30000, why: 'HikariCP: connectionTimeout=30000 (30 s)' },
    idleTimeoutMs: { value: 600000, why: 'HikariCP: idleTimeout=600000 (10 min)' },
    maxLifetimeMs: { value: 1800000, why: 'HikariCP: maxLifetime=1800000 (30 min)' },
    leakDetectionMs: { value: 0, why: 'HikariCP: leakDetectionThreshold=0 (off)' },
  });
}

/**
 * HikariCP's properties (a hikari.properties file or Spring Boot's spring.datasource.hikari.*):
 * maximumPoolSize (10); minimumIdle (the maximum by default: a fixed pool); connectionTimeout
 * (30000 ms, 250 at least, 0 = wait forever); idleTimeout (600000, only when minimumIdle <
 * maximumPoolSize); maxLifetime (1800000, retired when next idle); leakDetectionThreshold (0 = off).
 * Times are plain milliseconds.
 */
export const hikariLibrary: PoolLibrary = {
  id: 'hikaricp',
  label: 'HikariCP',
  title: 'HikariCP properties',
  language: 'properties',
  // A `hikari:` line is Spring's application.yml (hikariYaml.ts), never a properties file.
  looksLike: (text) => /\b(maximumPoolSize|minimumIdle|maximum-pool-size|minimum-idle|hikari\.)/i.test(text) && !/^\s*hikari\s*:\s*(#.*)?$/m.test(text),
  write(p: PoolParams): string {
    const lines = ['# hikari.properties (Spring Boot: spring.datasource.hikari.maximum-pool-size=… and so on)', 'jdbcUrl=jdbc:postgresql://db/app'];
    if (!p.pooling) lines.push('# The lab runs without a pool; this is the pool it would use.');
    if (p.whenExhausted === 'fail') lines.push('# HikariCP cannot fail at once when the pool is exhausted (psycopg2 does): its shortest wait is 250 ms.');
    else if (p.borrowTimeoutMs > 0 && p.borrowTimeoutMs < 250) lines.push(`# HikariCP refuses a connectionTimeout under 250 ms (the lab's is ${describeMs(p.borrowTimeoutMs)}): 250 is the closest.`);
    const idleCap = idleCapComment(p, 'HikariCP');
    if (idleCap) lines.push(`# ${idleCap}`);
    lines.push(
      `maximumPoolSize=${p.poolMax}`,
      `# kept open, idle or not (HikariCP tops up idle connections to this; the lab counts busy ones too)`,
      `minimumIdle=${p.poolMin}`,
      `# ms a borrower waits, then SQLTransientConnectionException${p.borrowTimeoutMs === 0 && p.whenExhausted === 'wait' ? ' (0: forever)' : ''}`,
      `connectionTimeout=${p.whenExhausted === 'fail' || (p.borrowTimeoutMs > 0 && p.borrowTimeoutMs < 250) ? 250 : p.borrowTimeoutMs}`,
      `# ms before an idle connection above minimumIdle closes (0: never)`,
      `idleTimeout=${p.idleTimeoutMs}`,
      `# ms; retired when next idle, never while in use (0: forever)`,
      `maxLifetime=${p.maxLifetimeMs}`,
      `# ms held before a leak warning (0: off); it reclaims nothing`,
      `leakDetectionThreshold=${p.leakDetectionMs}`,
    );
    return `${lines.join('\n')}\n`;
  },
  read(text: string): SettingsReading {
    const b = new ReadingBuilder('hikaricp');
    const lines = text.split(/\r?\n/);
    for (const [i, raw] of lines.entries()) {
      const line = i + 1;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
      const m = /^([^=:\s]+)\s*(?:[=:]\s*|\s+)(.*)$/.exec(trimmed);
      if (!m) throw new SnippetError(line, `expected key=value, found ${trimmed}`);
      const [, key, rawValue] = m as unknown as [string, string, string];
      readHikariSetting(b, key, rawValue.replace(/\s+#.*$/, '').trim(), line);
    }
    if (b.read.length === 0 && b.ignored.length === 0) throw new SnippetError(1, 'no HikariCP properties found (maximumPoolSize=…, minimumIdle=…)');
    return finishHikari(b);
  },
};
