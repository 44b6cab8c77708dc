import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const VITE = resolve('node_modules/vite/bin/vite.js');

/** Run `node vite.js …args` to its end; rejects with its output if it fails. */
function vite(args: string[], log: (message: string) => void): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [VITE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code === 0) done();
      else {
        log(output.trim().split('\n').slice(-20).join('\n'));
        fail(new Error(`vite ${args.join(' ')} exited with ${code}`));
      }
    });
  });
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** The built app served by `vite preview`, as the e2e tests use it; `stop()` ends the server. */
export interface Preview {
  url: string;
  stop(): void;
}

/**
 * Build the app into `outDir` (its own folder, beside anyone else's dist) unless `reuse` and it
 * exists, then serve it with `vite preview` on a free port until `stop()`.
 */
export async function buildAndPreview(outDir: string, options: { reuse: boolean; log: (message: string) => void }): Promise<Preview> {
  if (options.reuse && existsSync(resolve(outDir, 'index.html'))) options.log(`app: reusing the build in ${outDir}/`);
  else {
    options.log(`app: building into ${outDir}/ (vite build)`);
    await vite(['build', '--outDir', outDir, '--logLevel', 'warn'], options.log);
  }
  const port = await freePort();
  // Its own process group, so stop() ends the server and nothing else.
  const server: ChildProcess = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  const url = `http://localhost:${port}`;
  const stop = () => {
    if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  };
  for (let waited = 0; ; waited += 250) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    if (waited > 60_000) {
      stop();
      throw new Error(`vite preview did not answer on ${url} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
