// Croupier service worker: precaches the offline page and the app shell
// (this build's content-hashed bundle, split loader and stylesheet, whose
// names the build writes in place of the ASSETS marker below), serves
// everything under /pkg/ cache-first (content-hashed: a new build has new
// names; the lazily loaded modules are cached when first fetched),
// navigations network-first with /offline.html as the fallback, and never
// caches API or server-function traffic (/api/, /rpc/): balances, bets and
// sessions must always come from the server.
'use strict';

const CACHE = 'croupier-/*VERSION*/';
const OFFLINE_URL = '/offline.html';
const SHELL = [/*ASSETS*/];
const PRECACHE = [
  OFFLINE_URL,
  ...SHELL,
  '/favicon.svg',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // One missing asset (e.g. no stylesheet in a bare dev build) must not
      // prevent the offline page from being cached.
      Promise.allSettled(
        PRECACHE.map((url) =>
          fetch(url, { cache: 'reload' }).then((res) => {
            if (res.ok) {
              return cache.put(url, res);
            }
            return undefined;
          }),
        ),
      ),
    ).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function neverCache(url) {
  return url.pathname.startsWith('/api/') || url.pathname.startsWith('/rpc/');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || neverCache(url)) {
    return; // straight to the network, untouched
  }

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(OFFLINE_URL).then(
          (res) =>
            res ||
            new Response('You are offline', {
              status: 503,
              headers: { 'Content-Type': 'text/plain; charset=utf-8' },
            }),
        ),
      ),
    );
    return;
  }

  if (url.pathname.startsWith('/pkg/')) {
    // Content-hashed (the shell and the lazily loaded modules): the cached
    // copy is always right, and a module is cached the first time it is used.
    event.respondWith(
      caches.match(url.pathname).then(
        (hit) =>
          hit ||
          fetch(request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
            }
            return res;
          }),
      ),
    );
    return;
  }

  if (PRECACHE.includes(url.pathname)) {
    // Network first so new builds show up; the cached copy when offline.
    event.respondWith(
      fetch(request)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
          }
          return res;
        })
        .catch(() => caches.match(url.pathname).then((res) => res || Response.error())),
    );
  }
});
