// ESLint 9 flat config. Type-unaware typescript-eslint rules (fast: no type program is built).
//
// The block that matters most is the engine purity block: src/engine must run unchanged in
// Node and in a browser worker and must be a pure function of (scenario, seed). So it may not
// import UI/database libraries, read a wall clock, draw unseeded randomness or touch the DOM or
// timers. tsconfig.engine.json enforces the same thing at the type level.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const PURE_ENGINE = 'src/engine must stay pure (DESIGN.md §1–2): it runs the same in Node and in the browser and a run depends only on its inputs and seed.';

const PORTABLE = 'Simulation numbers must be bit-identical in Node and every browser, and engines may round Math\'s transcendental functions differently: use ln/exp/pow from src/engine/portableMath.';
/** Math functions whose last bit may differ between JavaScript engines (ECMAScript allows it). */
const NON_PORTABLE_MATH = ['log', 'exp', 'pow', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'log1p', 'expm1', 'log2', 'log10', 'cbrt', 'hypot'].map(
  (property) => ({ object: 'Math', property, message: PORTABLE }),
);
const NO_POWER_OPERATOR = { selector: "BinaryExpression[operator='**'], AssignmentExpression[operator='**=']", message: PORTABLE };

export default tseslint.config(
  {
    ignores: ['dist/', 'dist-*/', '*-results/', 'node_modules/', 'scratch/', 'test-results/', 'playwright-report/', 'blob-report/', 'coverage/', 'bench/results/', '.vite/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The kernel's event and process types are generic over their values; `any` at those
      // boundaries is deliberate (SimEvent<any>), so warn instead of failing the build.
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Generators that yield to the kernel and need no `this` alias are fine; aliasing is not.
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // The service worker template: a worker's globals, and the build's file list written in by vite.config.ts.
  {
    files: ['src/offline/serviceWorker.template.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.serviceworker, __FILES__: 'readonly' } },
  },
  // React: rules of hooks (and the React Compiler checks) for the app's components and hooks.
  {
    files: ['src/**/*.tsx', 'src/**/*.ts'],
    ignores: ['src/engine/**'],
    ...reactHooks.configs.flat.recommended,
  },
  // The engine purity block.
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    languageOptions: {
      // Only the language's own globals: no browser or Node globals are assumed here.
      globals: { ...globals.es2023 },
    },
    rules: {
      // SimEvent<any>, Process<any>: the kernel is generic over event values by design.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'react', message: `${PURE_ENGINE} No React in the engine; the UI subscribes to engine snapshots instead.` },
            { name: 'react-dom', message: `${PURE_ENGINE} No React DOM in the engine.` },
            { name: 'd3', message: `${PURE_ENGINE} d3 belongs to viz/; the engine only produces numbers.` },
            { name: '@electric-sql/pglite', message: `${PURE_ENGINE} PGlite is reached through an external-call event (env.external), never imported by the kernel.` },
            { name: 'zustand', message: `${PURE_ENGINE} The simulation does not live in the store; the runner publishes snapshots to it.` },
          ],
          patterns: [
            { group: ['react/*', 'react-dom/*'], message: `${PURE_ENGINE} No React in the engine.` },
            { group: ['d3-*', 'd3/*'], message: `${PURE_ENGINE} d3 belongs to viz/; the engine only produces numbers.` },
            { group: ['@electric-sql/pglite/*', '@electric-sql/pglite-*'], message: `${PURE_ENGINE} PGlite is reached through an external-call event (env.external), never imported by the kernel.` },
            { group: ['node:*'], message: `${PURE_ENGINE} No Node built-ins: the engine also runs in the browser.` },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: `${PURE_ENGINE} Draw randomness from the injected seeded Rng.` },
        { object: 'Date', property: 'now', message: `${PURE_ENGINE} Use env.now (simulated time), never the wall clock.` },
        { object: 'performance', property: 'now', message: `${PURE_ENGINE} Use env.now (simulated time), never the wall clock.` },
        { object: 'crypto', property: 'getRandomValues', message: `${PURE_ENGINE} Draw randomness from the injected seeded Rng.` },
        { object: 'crypto', property: 'randomUUID', message: `${PURE_ENGINE} Draw randomness from the injected seeded Rng.` },
        { object: 'globalThis', message: `${PURE_ENGINE} Do not reach for host globals through globalThis.` },
        ...NON_PORTABLE_MATH,
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: `${PURE_ENGINE} new Date() reads the wall clock; use env.now (simulated time).` },
        { selector: "CallExpression[callee.name='Date']", message: `${PURE_ENGINE} Date() reads the wall clock; use env.now (simulated time).` },
        NO_POWER_OPERATOR,
      ],
      'no-restricted-globals': [
        'error',
        ...['performance', 'window', 'document', 'self', 'navigator', 'location', 'process', 'crypto'].map((name) => ({
          name,
          message: `${PURE_ENGINE} \`${name}\` is a host global; the engine must not depend on its host.`,
        })),
        ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'requestAnimationFrame', 'requestIdleCallback'].map((name) => ({
          name,
          message: `${PURE_ENGINE} \`${name}\` schedules on wall time; use env.timeout (simulated time). The runner paces sim time to wall time.`,
        })),
      ],
    },
  },
  // Everything that computes a run's numbers outside the kernel: the same portability rule.
  {
    files: ['src/models/**/*.ts', 'src/patterns/**/*.ts', 'src/theory/**/*.ts', 'src/runner/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/patterns/**/*.tsx'],
    rules: {
      'no-restricted-properties': ['error', ...NON_PORTABLE_MATH],
      'no-restricted-syntax': ['error', NO_POWER_OPERATOR],
    },
  },
  // Tests, e2e, bench and config files run in Node.
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'tests/**/*.ts', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
