// INTAN-WPL: field work without signal.
// - Registers the service worker (/sw.js) and, for a Widyaiswara, asks it once per sign-in to
//   keep the session form and staff lists of every assigned OPD on the device.
// - A session form sent while offline is queued on the device (IndexedDB, with participants,
//   follow-ups and photos), shown as "waiting to send", and sent when the connection returns.
//   Each recording carries an idempotency key, so the server saves it exactly once however
//   often it is sent; what the server refuses stays on the device with its reasons.
// - The participant search works offline from the OPD's staff list kept on the device.
// - Signing out warns of unsent work, then clears the device's drafts, queue and caches.
(function () {
  "use strict";

  var DB_NAME = "intan-wpl-offline";
  var STORE = "queue";
  var QUEUED_HEADER = "X-Intan-Queued";
  var userMeta = document.querySelector('meta[name="portal-user"]');
  var roleMeta = document.querySelector('meta[name="portal-role"]');
  var user = userMeta ? userMeta.getAttribute("content") : "";
  var role = roleMeta ? roleMeta.getAttribute("content") : "";

  function text(key, fallback) {
    var holder = document.getElementById("offline-texts");
    return (holder && holder.getAttribute("data-" + key)) || fallback;
  }

  // --- IndexedDB queue ------------------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) {
        reject(new Error("no indexedDB"));
        return;
      }
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function queueAll() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).filter(function (item) { return item.user === user; }).sort(function (a, b) {
        return a.createdAt < b.createdAt ? -1 : 1;
      });
    }).catch(function () { return []; });
  }

  function queuePut(item) {
    return withStore("readwrite", function (store) { store.put(item); });
  }

  function queueDelete(key) {
    return withStore("readwrite", function (store) { store["delete"](key); });
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- The queue panel ------------------------------------------------------------------------

  var STATE_LABELS = {
    waiting: function () { return text("waiting", "Menunggu dikirim"); },
    sending: function () { return text("sending", "Mengirim…"); },
    login: function () { return text("login", "Masuk lagi untuk mengirim"); },
    conflict: function () { return text("conflict", "Perlu diperbaiki"); },
  };
  var sentThisPage = [];

  function render() {
    var panel = document.querySelector("[data-offline-queue-panel]");
    if (!panel) {
      return Promise.resolve();
    }
    return queueAll().then(function (items) {
      var list = panel.querySelector("ul");
      list.innerHTML = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "list-group-item queued-session queued-" + item.state;
        li.setAttribute("data-queue-key", item.key);
        var title = document.createElement("div");
        title.className = "fw-semibold";
        title.textContent = (item.topic || "—") + (item.date ? " · " + item.date : "");
        var badge = document.createElement("span");
        badge.className = "badge ms-2 " + (item.state === "conflict" ? "text-bg-danger" : "text-bg-warning");
        badge.textContent = (STATE_LABELS[item.state] || STATE_LABELS.waiting)();
        title.appendChild(badge);
        li.appendChild(title);
        var detail = document.createElement("div");
        detail.className = "small text-muted";
        detail.textContent = item.participantCount + " " + text("participants", "peserta") +
          (item.fileCount ? " · " + item.fileCount + " " + text("files", "lampiran") : "");
        li.appendChild(detail);
        if (item.state === "conflict") {
          var reasons = document.createElement("ul");
          reasons.className = "small text-danger mb-1";
          if (item.message) {
            var head = document.createElement("li");
            head.textContent = item.message;
            reasons.appendChild(head);
          }
          Object.keys(item.errors || {}).forEach(function (label) {
            item.errors[label].forEach(function (message) {
              var row = document.createElement("li");
              row.textContent = label + ": " + message;
              reasons.appendChild(row);
            });
          });
          li.appendChild(reasons);
          if (item.conflictUrl) {
            var link = document.createElement("a");
            link.href = item.conflictUrl;
            link.className = "small me-2";
            link.textContent = text("open-existing", "Lihat sesi yang sudah tersimpan");
            li.appendChild(link);
          }
          var reopen = document.createElement("button");
          reopen.type = "button";
          reopen.className = "btn btn-sm btn-outline-primary me-2";
          reopen.setAttribute("data-queue-reopen", item.key);
          reopen.textContent = text("reopen", "Buka di formulir");
          li.appendChild(reopen);
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "btn btn-sm btn-outline-danger";
          discard.setAttribute("data-queue-discard", item.key);
          discard.textContent = text("discard", "Buang");
          li.appendChild(discard);
        }
        list.appendChild(li);
      });
      sentThisPage.forEach(function (sent) {
        var li = document.createElement("li");
        li.className = "list-group-item queued-sent";
        var link = document.createElement("a");
        link.href = sent.url;
        link.textContent = sent.topic;
        li.appendChild(link);
        var badge = document.createElement("span");
        badge.className = "badge text-bg-success ms-2";
        badge.textContent = sent.duplicate ? text("duplicate", "Sudah tersimpan sebelumnya") : text("sent", "Terkirim");
        li.appendChild(badge);
        list.appendChild(li);
      });
      panel.hidden = items.length === 0 && sentThisPage.length === 0;
      var count = panel.querySelector("[data-queue-count]");
      if (count) {
        count.textContent = String(items.length);
      }
    });
  }

  // --- Queueing a session form while offline --------------------------------------------------

  function keyInput(form) {
    return form.querySelector('input[name="idempotency_key"]');
  }

  function freshKey(form) {
    var input = keyInput(form);
    if (input) {
      input.value = newKey();
    }
  }

  function participantsOf(form) {
    return Array.prototype.map.call(form.querySelectorAll(".chosen-participant"), function (row) {
      var check = row.querySelector('input[name="participants_attended"]');
      return {
        id: row.getAttribute("data-participant-id"),
        name: row.getAttribute("data-name"),
        detail: row.getAttribute("data-detail"),
        attended: check ? check.checked : true,
      };
    });
  }

  function queueForm(form) {
    var data = new FormData(form);
    var entries = [];
    var files = 0;
    data.forEach(function (value, name) {
      if (value instanceof File) {
        if (!value.name && !value.size) {
          return;
        }
        files += 1;
      }
      entries.push([name, value]);
    });
    var item = {
      key: keyInput(form).value || newKey(),
      user: user,
      url: form.getAttribute("action") || window.location.pathname,
      draftKey: form.getAttribute("data-draft-key") || "",
      topic: data.get("topic") || "",
      date: data.get("date") || "",
      participants: participantsOf(form),
      participantCount: form.querySelectorAll(".chosen-participant").length,
      fileCount: files,
      entries: entries,
      createdAt: new Date().toISOString(),
      state: "waiting",
    };
    return queuePut(item).then(function () {
      // The recording now lives in the queue: the form starts afresh, without the draft.
      form.dispatchEvent(new CustomEvent("intan-wpl:draft-done", { bubbles: true }));
      form.reset();
      if (window.IntanSessionForm) {
        window.IntanSessionForm.clearParticipants();
      }
      freshKey(form);
      var status = document.getElementById("offline-status");
      if (status) {
        status.textContent = text("queued", "Tidak ada sinyal: sesi disimpan di perangkat ini dan menunggu dikirim.");
        status.hidden = false;
      }
      return render();
    });
  }

  function setupForm() {
    var form = document.querySelector("form[data-offline-queue]");
    if (!form || !keyInput(form)) {
      return;
    }
    freshKey(form);
    form.addEventListener("submit", function (event) {
      if (navigator.onLine || event.defaultPrevented) {
        return;
      }
      event.preventDefault();
      queueForm(form).catch(function () {
        window.alert(text("queue-failed", "Perangkat ini tidak dapat menyimpan sesi tanpa sinyal. Draf tetap tersimpan."));
      });
    });
  }

  // --- Sending the queue ----------------------------------------------------------------------

  var sending = false;

  function csrfToken() {
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.getAttribute("content") : "";
  }

  function sendOne(item) {
    var body = new FormData();
    item.entries.forEach(function (entry) {
      if (entry[0] === "csrfmiddlewaretoken") {
        return;
      }
      if (entry[1] instanceof Blob) {
        body.append(entry[0], entry[1], entry[1].name || "berkas");
      } else {
        body.append(entry[0], entry[1]);
      }
    });
    body.append("csrfmiddlewaretoken", csrfToken());
    var headers = { "X-CSRFToken": csrfToken() };
    headers[QUEUED_HEADER] = "1";
    return fetch(item.url, { method: "POST", body: body, headers: headers, credentials: "same-origin" }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected && /\/accounts\/login\//.test(response.url)) {
        item.state = "login";
        return queuePut(item);
      }
      if (type.indexOf("application/json") === -1) {
        item.state = response.status === 403 ? "login" : "waiting";
        return queuePut(item);
      }
      return response.json().then(function (answer) {
        if (answer.status === "saved" || answer.status === "duplicate") {
          sentThisPage.push({ url: answer.url, topic: answer.topic || item.topic, duplicate: answer.status === "duplicate" });
          return queueDelete(item.key);
        }
        item.state = "conflict";
        item.message = answer.message || "";
        item.errors = answer.errors || {};
        item.conflictUrl = answer.status === "conflict" ? answer.url : "";
        return queuePut(item);
      });
    });
  }

  function sendQueue() {
    if (sending || !navigator.onLine || !user) {
      return Promise.resolve();
    }
    sending = true;
    return queueAll().then(function (items) {
      var todo = items.filter(function (item) { return item.state === "waiting" || item.state === "login" || item.state === "sending"; });
      return todo.reduce(function (chain, item) {
        return chain.then(function () {
          item.state = "sending";
          return queuePut(item).then(render).then(function () {
            return sendOne(item);
          }).catch(function () {
            item.state = "waiting"; // no connection after all: try again later
            return queuePut(item);
          });
        });
      }, Promise.resolve());
    }).then(function () {
      sending = false;
      return render();
    }, function () {
      sending = false;
    });
  }

  function reopen(key) {
    queueAll().then(function (items) {
      var item = items.filter(function (candidate) { return candidate.key === key; })[0];
      if (!item) {
        return;
      }
      var fields = {};
      item.entries.forEach(function (entry) {
        if (typeof entry[1] === "string" && entry[0] !== "csrfmiddlewaretoken" && entry[0] !== "participants_chosen" && entry[0] !== "participants_attended") {
          fields[entry[0]] = entry[1];
        }
      });
      // Checkboxes (Widyaiswara present) are kept as name::value in a draft.
      item.entries.forEach(function (entry) {
        if (entry[0] === "widyaiswara") {
          fields["widyaiswara::" + entry[1]] = true;
          delete fields.widyaiswara;
        }
      });
      if (item.draftKey) {
        window.localStorage.setItem(item.draftKey, JSON.stringify({
          version: 1, savedAt: item.createdAt, fields: fields, participants: item.participants, totals: {},
        }));
      }
      return queueDelete(key).then(function () {
        window.location.assign(item.url);
      });
    });
  }

  document.addEventListener("click", function (event) {
    var again = event.target.closest("[data-queue-reopen]");
    if (again) {
      reopen(again.getAttribute("data-queue-reopen"));
      return;
    }
    var discard = event.target.closest("[data-queue-discard]");
    if (discard && window.confirm(text("confirm-discard", "Buang sesi ini dari perangkat? Isinya hilang."))) {
      queueDelete(discard.getAttribute("data-queue-discard")).then(render);
    }
  });

  // --- Participant search without signal ------------------------------------------------------

  var rosterCache = {};

  function roster(url) {
    if (!rosterCache[url]) {
      rosterCache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) {
          throw new Error("roster " + response.status);
        }
        return response.json();
      });
      rosterCache[url].catch(function () { delete rosterCache[url]; });
    }
    return rosterCache[url];
  }

  function searchOffline(input) {
    var target = document.getElementById("hasil-pegawai");
    var query = input.value.trim().toLowerCase();
    var url = input.getAttribute("data-offline-roster");
    if (!target || !url) {
      return;
    }
    if (query.length < 2) {
      target.innerHTML = "";
      return;
    }
    roster(url).then(function (data) {
      var digits = query.replace(/\D/g, "");
      var matches = data.staff.filter(function (person) {
        return person.name.toLowerCase().indexOf(query) !== -1 || (digits.length >= 4 && person.nip.indexOf(digits) !== -1);
      }).slice(0, 20);
      var list = document.createElement("ul");
      list.className = "list-group participant-results";
      matches.forEach(function (person) {
        var li = document.createElement("li");
        li.className = "list-group-item d-flex align-items-center gap-2";
        var who = document.createElement("div");
        who.className = "flex-grow-1";
        who.textContent = person.name;
        var small = document.createElement("div");
        small.className = "small text-muted";
        small.textContent = person.detail;
        who.appendChild(small);
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-outline-primary";
        button.setAttribute("data-add-participant", "");
        button.setAttribute("data-id", String(person.id));
        button.setAttribute("data-name", person.name);
        button.setAttribute("data-detail", person.detail);
        button.appendChild(document.createTextNode(text("add", "Tambah")));
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = " " + person.name;
        button.appendChild(hidden);
        li.appendChild(who);
        li.appendChild(button);
        list.appendChild(li);
      });
      if (!matches.length) {
        var none = document.createElement("li");
        none.className = "list-group-item text-muted";
        none.textContent = text("no-match", "Tidak ada pegawai yang cocok.");
        list.appendChild(none);
      }
      target.innerHTML = "";
      target.appendChild(list);
      var chosen = document.getElementById("peserta-terpilih");
      target.querySelectorAll("[data-add-participant]").forEach(function (button) {
        if (chosen && chosen.querySelector('.chosen-participant[data-participant-id="' + button.getAttribute("data-id") + '"]')) {
          button.disabled = true;
        }
      });
    }).catch(function () {
      target.textContent = text("no-roster", "Daftar pegawai belum tersimpan di perangkat ini.");
    });
  }

  function setupSearch() {
    var input = document.getElementById("cari-pegawai");
    if (!input || !input.getAttribute("data-offline-roster")) {
      return;
    }
    // Without signal htmx cannot ask the server: search the staff list kept on the device.
    document.addEventListener("htmx:beforeRequest", function (event) {
      if (!navigator.onLine && event.detail.elt === input) {
        event.preventDefault();
        searchOffline(input);
      }
    });
    document.addEventListener("htmx:sendError", function (event) {
      if (event.detail.elt === input) {
        searchOffline(input);
      }
    });
  }

  // --- Service worker -------------------------------------------------------------------------

  // <html data-offline-ready="1">: this page is controlled by the worker and the pages for work
  // without signal are on the device (the session form shows it; tests wait for it).
  function markReady(urls) {
    function mark() {
      document.documentElement.setAttribute("data-offline-ready", "1");
    }
    // Ready only when this page itself finds every kept page on the device.
    function check(triesLeft) {
      Promise.all((urls || []).map(function (path) {
        return window.caches.match(new URL(path, window.location.href).href, { ignoreVary: true });
      })).then(function (hits) {
        if (hits.every(Boolean)) {
          if (navigator.serviceWorker.controller) {
            mark();
          } else {
            navigator.serviceWorker.addEventListener("controllerchange", mark);
          }
        } else if (triesLeft > 0) {
          window.setTimeout(function () { check(triesLeft - 1); }, 250);
        }
      });
    }
    check(120);
  }

  function setupWorker() {
    var enabled = document.querySelector('meta[name="portal-offline"]');
    if (!("serviceWorker" in navigator) || !user || !enabled || enabled.getAttribute("content") !== "1") {
      return;
    }
    var flag = "intan-wpl:pages-kept:" + user;
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "pages-kept") {
        window.sessionStorage.setItem(flag, JSON.stringify(event.data.urls || []));
        markReady(event.data.urls);
      }
    });
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (role !== "widyaiswara") {
        return;
      }
      var kept = window.sessionStorage.getItem(flag);
      if (kept || !navigator.onLine) {
        markReady(kept ? JSON.parse(kept) : []);
        return;
      }
      return fetch("/sesi/luring/halaman/", { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data && registration.active) {
          registration.active.postMessage({ type: "keep-pages", urls: data.urls });
        }
      });
    }).catch(function () {});
  }

  // --- Signing out: warn, then forget the device's work ---------------------------------------

  function draftKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var name = window.localStorage.key(i);
        if (name && name.indexOf("intan-wpl:") === 0) {
          keys.push(name);
        }
      }
    } catch (error) {
      return [];
    }
    return keys;
  }

  function forgetDevice() {
    document.dispatchEvent(new CustomEvent("intan-wpl:device-forgotten"));
    draftKeys().forEach(function (name) { window.localStorage.removeItem(name); });
    try {
      window.sessionStorage.clear();
    } catch (error) { /* nothing kept */ }
    var jobs = [];
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var request = window.indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = function () { resolve(); };
        // Blocked by another tab still holding it: it is deleted when that tab lets go.
        request.onblocked = function () { window.setTimeout(resolve, 2000); };
      }));
    }
    if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }).catch(function () {}));
    }
    if (window.caches) {
      jobs.push(window.caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("intan-wpl-") === 0; }).map(function (name) {
          return window.caches["delete"](name);
        }));
      }));
    }
    return Promise.all(jobs);
  }

  function countDrafts() {
    return draftKeys().filter(function (name) {
      return name.indexOf("intan-wpl:sesi:") === 0 || name.indexOf("intan-wpl:draf:") === 0;
    }).length;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-logout") || form.getAttribute("data-device-cleared") === "1") {
      return;
    }
    event.preventDefault();
    queueAll().then(function (items) {
      var drafts = countDrafts();
      if (items.length || drafts) {
        var message = text("logout-warning", "Perangkat ini masih menyimpan %(queued)s sesi yang belum terkirim dan %(drafts)s draf. Keluar akan menghapus semuanya dari perangkat ini. Tetap keluar?")
          .replace("%(queued)s", String(items.length)).replace("%(drafts)s", String(drafts));
        if (!window.confirm(message)) {
          return null;
        }
      }
      return forgetDevice().then(function () {
        form.setAttribute("data-device-cleared", "1");
        form.submit();
      });
    });
  });

  // --- Start ----------------------------------------------------------------------------------

  setupForm();
  setupSearch();
  setupWorker();
  render().then(sendQueue);
  window.addEventListener("online", function () { sendQueue(); });

  window.IntanOffline = { queueAll: queueAll, sendQueue: sendQueue, forgetDevice: forgetDevice };
})();
