// INTAN-WPL service worker: field work without signal. Served by intan_wpl.views.pwa from the
// root (scope "/"). Static files: cache first. Pages a Widyaiswara needs in the field (the
// session form, the assigned OPDs' staff lists, their sessions): network first, the last copy
// kept on the device for when there is no signal. Nothing is ever sent from here: sessions
// recorded offline wait in the page's queue (static/js/offline.js), which sends them itself.
"use strict";

var VERSION = "{{ version }}";
var SHELL_CACHE = "intan-wpl-shell-" + VERSION;
var PAGE_CACHE = "intan-wpl-pages";
var SHELL = {{ shell_json|safe }};
var PAGE_PATTERNS = {{ patterns_json|safe }}.map(function (source) { return new RegExp(source); });
var OFFLINE_URL = {{ offline_url_json|safe }};
var STATIC_PREFIX = {{ static_prefix_json|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return cache.addAll(SHELL);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("intan-wpl-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function keepsPage(url) {
  return url.origin === self.location.origin && PAGE_PATTERNS.some(function (pattern) {
    return pattern.test(url.pathname);
  });
}

function storePage(request, response) {
  // Only a real page: not a redirect to the login page, not an error.
  if (!response || !response.ok || response.redirected || response.type !== "basic") {
    return response;
  }
  var copy = response.clone();
  caches.open(PAGE_CACHE).then(function (cache) { cache.put(request.url, copy); });
  return response;
}

function fromDevice(request) {
  return caches.match(request.url, { ignoreVary: true }).then(function (hit) {
    if (hit) {
      return hit;
    }
    if (request.mode === "navigate") {
      return caches.match(OFFLINE_URL, { ignoreVary: true });
    }
    return Response.error();
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(
      caches.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) {
            var copy = response.clone();
            caches.open(SHELL_CACHE).then(function (cache) { cache.put(request, copy); });
          }
          return response;
        });
      })
    );
    return;
  }
  if (request.mode === "navigate" || keepsPage(url)) {
    event.respondWith(
      fetch(request).then(function (response) {
        return keepsPage(url) ? storePage(request, response) : response;
      }).catch(function () {
        return fromDevice(request);
      })
    );
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep-pages" && Array.isArray(data.urls)) {
    // One page after the other (a phone on weak signal; a small server), each tried twice.
    var kept = [];
    var keepOne = function (cache, path, triesLeft) {
      return fetch(path, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error(path + ": " + response.status);
        }
        return cache.put(new URL(path, self.location.origin).href, response).then(function () {
          kept.push(path);
        });
      }).catch(function () {
        return triesLeft > 0 ? keepOne(cache, path, triesLeft - 1) : null;
      });
    };
    event.waitUntil(
      caches.open(PAGE_CACHE).then(function (cache) {
        return data.urls.reduce(function (chain, path) {
          return chain.then(function () { return keepOne(cache, path, 1); });
        }, Promise.resolve());
      }).then(function () {
        if (event.source) {
          event.source.postMessage({ type: "pages-kept", urls: kept });
        }
      })
    );
  }
  if (data.type === "forget-device") {
    event.waitUntil(
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("intan-wpl-") === 0;
        }).map(function (name) { return caches.delete(name); }));
      })
    );
  }
});
