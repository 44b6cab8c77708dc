/* The app's service worker, written into the build by vite.config.ts (offlineServiceWorker):
 * the two placeholders below are replaced with the build's hash and its files. After one visit
 * every file of the app (scripts, styles, PGlite's WebAssembly, the data image) is in the cache,
 * and the app and every lab load and run with the network off. Cache first: a build's files never
 * change (their names carry their hashes); index.html, the only file without a hash, comes from
 * the same build as the rest. A new build installs beside the old one (the page says a new
 * version is available); the last two builds are kept so that a tab still open on the old one
 * can load its lazy chunks. */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const PREFIX = 'dblab-';
const CACHE = PREFIX + VERSION;
const KEEP = 2;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new URL(file, self.registration.scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then(async (names) => {
      const ours = names.filter((n) => n.startsWith(PREFIX) && n !== CACHE);
      // Cache names are created in install order; keep the newest others up to KEEP - 1.
      const stale = ours.slice(0, Math.max(0, ours.length - (KEEP - 1)));
      await Promise.all(stale.map((n) => caches.delete(n)));
      await self.clients.claim();
    }),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const own = await caches.open(CACHE);
      const page = request.mode === 'navigate' ? await own.match(new URL('index.html', self.registration.scope).href, { ignoreVary: true }) : undefined;
      const hit = page ?? (await own.match(request, { ignoreSearch: true, ignoreVary: true })) ?? (await caches.match(request, { ignoreSearch: true, ignoreVary: true }));
      return hit ?? fetch(request);
    })(),
  );
});
