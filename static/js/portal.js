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
})();
