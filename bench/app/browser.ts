/** Where the browser figures build the app: their own folder (git ignores dist-*), beside anyone else's build. */
export const OUT_DIR = 'dist-bench';

/** The flags the e2e tests use (DESIGN.md §6): no sandbox, no GPU, and no network chatter. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * tsx (esbuild, keeping names) wraps functions in `__name(…)`, which the page does not have: a
 * function sent to the page (page.evaluate, init scripts) throws without this stand-in. It is set on
 * globalThis: a `var` in an init script is local to the wrapper Playwright puts around it.
 */
export const NAME_SHIM = 'globalThis.__name = (fn) => fn;';
