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

/**
 * src/labs.ts lists each lab's definition, its lazily loaded view and its optional CLI command.
 * A bundle that cannot use a kind of these gets a stub in its place (an error if ever loaded):
 * the workers never show a view (without this each worker bundle built its own copy of every
 * view chunk and its CSS, and Rolldown warned FILE_NAME_CONFLICT for each CSS file written twice),
 * and no browser bundle runs a CLI command (Node's modules were externalized into the page's build).
 */
function keepOutOfThisBundle(what: 'views' | 'cli commands', pattern: RegExp): Plugin {
  const stub = `\0${what.replace(' ', '-')}-not-in-this-bundle`;
  return {
    name: `lab-${what.replace(' ', '-')}-not-in-this-bundle`,
    // Before Vite's own resolver, which would otherwise resolve the relative path first.
    enforce: 'pre',
    resolveId(source, importer) {
      return importer !== undefined && /[\\/]src[\\/]labs\.ts$/.test(importer) && pattern.test(source) ? stub : null;
    },
    load(id) {
      return id === stub ? `throw new Error(${JSON.stringify(`lab ${what} are not part of this bundle`)});` : null;
    },
  };
}

const labViews = /\/view\//;
const labCliCommands = /\/cli$/;

// The app is a static site: hash routing and a relative base let the built files work from any
// path (a sub-folder of a host, a file server, offline). PGlite ships its own wasm and data files
// and must not be pre-bundled (DESIGN.md §4); the simulation worker is an ES module worker.
export default defineConfig({
  base: './',
  plugins: [pgliteDataImages(), keepOutOfThisBundle('cli commands', labCliCommands), react(), offlineServiceWorker()],
  worker: { format: 'es', plugins: () => [keepOutOfThisBundle('views', labViews), keepOutOfThisBundle('cli commands', labCliCommands)] },
  optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  server: { port: 5173 },
  preview: { port: 4173 },
  build: { target: 'es2022', sourcemap: true },
});
