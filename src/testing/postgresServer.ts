import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway PostgreSQL cluster on 127.0.0.1, for tests. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication). */
  url: string;
  version: string;
  stop(): Promise<void>;
}

/**
 * The directory holding initdb and pg_ctl: `$PG_BIN` if set, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian's layout; `.ci/run` installs the package when missing).
 */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, 'pg_ctl')) ? fromEnv : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : null;
}

/** Why the differential tests cannot run here, or null if they can. */
export function postgresUnavailableReason(): string | null {
  if (findPostgresBin() === null) {
    return 'PostgreSQL server binaries not found (looked for initdb and pg_ctl in $PG_BIN and /usr/lib/postgresql/*/bin); install Debian\'s postgresql package (.ci/run does) to run the differential tests';
  }
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    return 'running as root and there is no "postgres" user to run initdb and pg_ctl as (they refuse to run as root)';
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * initdb a cluster in a temporary directory and start it on a free port of 127.0.0.1 with trust
 * authentication. As root, initdb and pg_ctl run as the `postgres` user (they refuse root), and
 * the directory is handed to that user. `deadlock_timeout` is low so lock-wait tests stay fast;
 * autovacuum is off so nothing but the schedule touches the tables.
 */
export async function startPostgresServer(options: { deadlockTimeoutMs?: number } = {}): Promise<PostgresServer> {
  const reason = postgresUnavailableReason();
  if (reason !== null) throw new Error(reason);
  const bin = findPostgresBin()!;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'dplab-pg-'));
  const run = (program: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, program);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
    return execFileSync(command, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const settings = [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-c unix_socket_directories=${dir}`,
      `-c deadlock_timeout=${options.deadlockTimeoutMs ?? 20}ms`,
      `-c autovacuum=off`,
      `-c fsync=off`,
      `-c synchronous_commit=off`,
      `-c full_page_writes=off`,
      `-c max_connections=40`,
      `-c shared_buffers=16MB`,
    ].join(' ');
    run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    const e = error as { stderr?: string; message: string };
    throw new Error(`could not start a throwaway PostgreSQL: ${e.stderr?.trim() || e.message}${log ? `\n${log}` : ''}`);
  }
  const version = run('pg_ctl', ['--version']).trim();
  let stopped = false;
  // If the test process dies without calling stop(), do not leave a server running behind it.
  const stopOnExit = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    async stop() {
      process.removeListener('exit', stopOnExit);
      stopOnExit();
    },
  };
}
