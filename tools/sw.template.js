// Fieldbook's service worker: keeps the app shell in a cache named after this build, serves it
// with no network, and on a new deployment takes over and deletes the caches of older builds.
// tools/postbuild.mjs fills in the build id and the file list; do not edit the generated sw.js.

const BUILD = '__FIELDBOOK_BUILD__';
const CACHE_PREFIX = 'fieldbook-shell-';
const CACHE = CACHE_PREFIX + BUILD;
const PRECACHE = __FIELDBOOK_PRECACHE__;
const SCOPE = new URL(self.registration.scope);
const SHELL = new URL('index.html', SCOPE).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // 'reload' skips the HTTP cache, so a new build never precaches an older file.
      await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

// Deep links such as /crm/customers are served the app shell. A <base> pointing at the
// deployment's root keeps its relative asset URLs and the router's base correct there.
async function shellResponse(cache) {
  const cached = await cache.match(SHELL);
  if (!cached) return fetch(SHELL);
  const html = (await cached.text()).replace('<head>', `<head><base href="${SCOPE.pathname}">`);
  return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const asset = await cache.match(request, { ignoreSearch: true });
      if (asset && request.mode !== 'navigate') return asset;
      if (request.mode === 'navigate') {
        const isAsset = asset && !url.pathname.endsWith('/') && !url.pathname.endsWith('.html');
        return isAsset ? asset : shellResponse(cache);
      }
      return fetch(request);
    })(),
  );
});
