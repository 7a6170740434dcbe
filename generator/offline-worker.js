/* The guide's service worker, written into the built site by generator/offline.py.
 * Install: keep a copy of the whole site (FILES) in a cache named after VERSION, a hash of
 * every file's content, so a new deployment brings a new worker and a new copy.
 * Fetch: network first. Online, the reader always gets what is deployed (never a stale page);
 * offline, the copy answers. Activate: the older copies are deleted. */
"use strict";
var PREFIX = "pix-guide-";
var CACHE = PREFIX + "__VERSION__";
var FILES = __FILES__;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // "reload": the copy comes from the server, not from the browser's HTTP cache.
    return cache.addAll(FILES.map(function (file) { return new Request(file, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromCopy(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (copy) {
      if (copy || request.mode !== "navigate") return copy || Response.error();
      return cache.match("404.html").then(function (missing) { return missing || Response.error(); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  // "no-cache": the server is asked every time (an unchanged file costs a 304). Otherwise the
  // browser's own cache may answer, for minutes after a deployment, with the page before it
  // (heuristic freshness of files without Cache-Control), and "network first" would not hold.
  // A navigation's redirect stays "manual", as the browser asked.
  var fresh = new Request(request.url, { cache: "no-cache", credentials: "same-origin",
    redirect: request.mode === "navigate" ? "manual" : "follow" });
  event.respondWith(fetch(fresh).then(function (response) {
    // Keep the copy as fresh as what was last read online.
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  }, function () { return fromCopy(request); }));
});
