// INTAN-WPL: small behaviours shared by every page (no inline scripts: CSP forbids them).
(function () {
  "use strict";
  // Ask before a form marked data-confirm is sent (e.g. a delete button).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // A table that scrolls sideways (on a phone) can be scrolled from the keyboard too.
  function focusableScrollers() {
    document.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (box) {
      box.setAttribute("tabindex", "0");
    });
  }
  focusableScrollers();
  document.addEventListener("htmx:afterSettle", focusableScrollers);
  // A form sent back with errors: the keyboard (and a screen reader) lands on the first field
  // to fix, which names its error through aria-describedby.
  // After "load": jumping to a #fragment in the address would otherwise take the focus back.
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      var invalid = document.querySelector("main .is-invalid:not([type=hidden])");
      if (invalid && !document.querySelector("[autofocus]")) {
        invalid.focus();
      }
    }, 0);
  });
  // htmx: send Django's CSRF token with every request htmx makes.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("meta[name=csrf-token]");
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
    }
  });
  // htmx follows redirects silently: after an expired login its answer is the login page.
  // Never swap that into a fragment of this page; open the login page itself, returning here.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var answered;
    try {
      answered = new URL(xhr.responseURL, window.location.href);
    } catch (error) {
      return;
    }
    if (answered.origin !== window.location.origin || !/\/accounts\/login\/$/.test(answered.pathname)) {
      return;
    }
    event.detail.shouldSwap = false;
    var here = encodeURIComponent(window.location.pathname + window.location.search).replace(/%2F/g, "/");
    window.location.assign(answered.pathname + "?next=" + here);
  });
  // A double-clicked submit must not create two records: every form that posts carries a
  // one-time token (intan_wpl.middleware.SubmitOnceMiddleware answers a repeat with the
  // first answer). Added to forms that htmx swaps in later as well.
  function oneTimeToken() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function addTokens(root) {
    var forms = (root || document).querySelectorAll("form[method=post], form[method=POST]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.querySelector("input[name=_sekali]")) {
        return;
      }
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "_sekali";
      input.value = oneTimeToken();
      form.appendChild(input);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { addTokens(document); });
  document.addEventListener("htmx:load", function (event) { addTokens(event.target); });
})();
// The idle timeout (SESSION_IDLE_MINUTES): a warning SESSION_IDLE_WARNING_SECONDS before the
// session ends, with a button that keeps it; when it has ended, say so before anything typed is
// sent into a login page and lost.
(function () {
  "use strict";
  var idleMeta = document.querySelector("meta[name=session-idle-seconds]");
  if (!idleMeta) {
    return;
  }
  var idle = parseInt(idleMeta.getAttribute("content"), 10) * 1000;
  var warnBefore = parseInt(document.querySelector("meta[name=session-warning-seconds]").getAttribute("content"), 10) * 1000;
  var keepaliveUrl = document.querySelector("meta[name=session-keepalive-url]").getAttribute("content");
  var lastActivity = Date.now();
  var bar = null;

  function csrf() {
    var token = document.querySelector("meta[name=csrf-token]");
    return token ? token.getAttribute("content") : "";
  }
  function hide() {
    if (bar) {
      bar.remove();
      bar = null;
    }
  }
  function show(expired) {
    var state = expired ? "expired" : "warning";
    if (bar && bar.getAttribute("data-state") === state) {
      return;
    }
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "alert alert-warning shadow fixed-bottom m-3 session-warning";
      bar.setAttribute("role", "alertdialog");
      bar.setAttribute("aria-live", "assertive");
      document.body.appendChild(bar);
    }
    bar.setAttribute("data-state", state);
    bar.textContent = "";
    var text = document.createElement("p");
    text.className = "mb-2";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-primary btn-sm";
    if (expired) {
      text.textContent = "Sesi Anda sudah berakhir karena lama tidak aktif. Isian di halaman ini belum tersimpan: salin dulu bila perlu, lalu masuk lagi.";
      button.textContent = "Masuk lagi";
      button.addEventListener("click", function () {
        window.open("/accounts/login/", "_blank");
      });
    } else {
      text.textContent = "Sesi Anda akan berakhir sebentar lagi karena lama tidak aktif. Isian yang belum disimpan bisa hilang.";
      button.textContent = "Tetap masuk";
      button.addEventListener("click", keepAlive);
    }
    bar.appendChild(text);
    bar.appendChild(button);
    button.focus();
  }
  function keepAlive() {
    fetch(keepaliveUrl, {method: "POST", headers: {"X-CSRFToken": csrf()}, credentials: "same-origin"})
      .then(function (response) {
        if (response.ok && !response.redirected) {
          lastActivity = Date.now();
          hide();
        } else {
          show(true);
        }
      })
      .catch(function () { /* offline: the warning stays */ });
  }
  document.addEventListener("htmx:afterRequest", function () { lastActivity = Date.now(); });
  window.setInterval(function () {
    var left = idle - (Date.now() - lastActivity);
    if (left <= 0) {
      show(true);
    } else if (left <= warnBefore) {
      show(false);
    }
  }, 5000);
})();

// Switches whose label says their state ("Hadir" / "Tidak hadir"): the label follows the switch
// (data-label-on / data-label-off on the input), also for rows added by scripts later.
(function () {
  "use strict";
  function follow(input) {
    var on = input.getAttribute("data-label-on");
    var off = input.getAttribute("data-label-off");
    var label = input.id ? document.querySelector('label[for="' + input.id + '"]') : null;
    if (label && on && off) {
      label.textContent = input.checked ? on : off;
    }
  }
  window.IntanSwitchLabel = follow;
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[data-label-on]")) {
      follow(event.target);
    }
  });
})();
