import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { execFile } from 'node:child_process';

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

// The app is a static site: hash routing and a relative base let the built files work from any
// path (a sub-folder of a host, a file server, offline). PGlite ships its own wasm and data files
// and must not be pre-bundled (DESIGN.md §4); the simulation worker is an ES module worker.
export default defineConfig({
  base: './',
  plugins: [pgliteDataImages(), react()],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  server: { port: 5173 },
  preview: { port: 4173 },
  build: { target: 'es2022', sourcemap: true },
});
