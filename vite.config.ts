import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serviceWorkerSource } from './src/offline/precacheList';

/**
 * Prebuilt PGlite data directories for the labs' datasets (src/db/images/, generated, not
 * committed): built once with initdb in Node, then the browser boots nodes from them.
 */
function pgliteDataImages(): Plugin {
  return {
    name: 'pglite-data-images',
    // A child process, so the config does not load the app's modules (and PGlite) itself.
    async buildStart() {
      const output = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['--import', 'tsx', 'src/db/dataImage.ts'], (error, stdout, stderr) =>
          error ? reject(new Error(`building the PGlite data images failed: ${stderr || error.message}`)) : resolve(stdout),
        ),
      );
      for (const line of output.trim().split('\n')) if (line) this.info(line);
    },
  };
}

/**
 * The service worker that keeps the app working offline after one visit (docs/workshop.md): once
 * the build is written, sw.js lists every file of it (src/offline/serviceWorker.template.js).
 */
function offlineServiceWorker(): Plugin {
  let outDir = 'dist';
  return {
    name: 'offline-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const template = readFileSync('src/offline/serviceWorker.template.js', 'utf8');
      writeFileSync(resolve(outDir, 'sw.js'), serviceWorkerSource(template, outDir));
    },
  };
}

// The app is a static site: hash routing and a relative base let the built files work from any
// path (a sub-folder of a host, a file server, offline). PGlite ships its own wasm and data files
// and must not be pre-bundled (DESIGN.md §4); the simulation worker is an ES module worker.
export default defineConfig({
  base: './',
  plugins: [pgliteDataImages(), react(), offlineServiceWorker()],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  server: { port: 5173 },
  preview: { port: 4173 },
  build: { target: 'es2022', sourcemap: true },
});
