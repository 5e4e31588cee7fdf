// INTAN-WPL: the why-why cause tree and the checklists of the problem-map forms.
// Loaded as a file (the Content-Security-Policy forbids inline scripts).
(function () {
  "use strict";

  // "Batal" in a form opened inline under a cause: close it instead of leaving the page.
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-cause-form-cancel]");
    if (!cancel) {
      return;
    }
    var slot = cancel.closest(".cause-slot");
    if (slot) {
      event.preventDefault();
      var opener = slot.previousElementSibling;
      slot.innerHTML = "";
      if (opener) {
        var button = opener.querySelector("[hx-get]");
        if (button) {
          button.focus();
        }
      }
    }
  });

  // One inline form at a time: opening another closes the first (their field ids would clash).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList || !target.classList.contains("cause-slot")) {
      return;
    }
    document.querySelectorAll(".cause-slot").forEach(function (slot) {
      if (slot !== target) {
        slot.innerHTML = "";
      }
    });
  });

  // Focus the first field of a form that htmx just opened, and the cause just added.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) {
      return;
    }
    var field = target.querySelector(".cause-form-inline textarea");
    if (field) {
      field.focus();
    }
    var added = document.querySelector("#cause-tree [data-added]");
    if (added) {
      added.scrollIntoView({ block: "nearest" });
      added.setAttribute("tabindex", "-1");
      added.focus({ preventScroll: true });
    }
  });

  // A search box that filters a long checklist (e.g. target staff) as one types.
  document.addEventListener("input", function (event) {
    var input = event.target;
    var selector = input.getAttribute && input.getAttribute("data-filter-checklist");
    if (!selector) {
      return;
    }
    var list = document.querySelector(selector);
    if (!list) {
      return;
    }
    var needle = input.value.trim().toLowerCase();
    list.querySelectorAll(".form-check").forEach(function (item) {
      var text = item.textContent.toLowerCase();
      item.hidden = needle !== "" && text.indexOf(needle) === -1;
    });
  });
})();
