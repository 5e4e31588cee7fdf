// Roster upload (templates/pilots/roster/import.html): a progress bar while the file goes up,
// then "Memeriksa berkas..." while the server reads every row. The form works as a plain
// POST without JavaScript; htmx sends it with progress events when it is loaded.
(function () {
  "use strict";

  function uploadForm(node) {
    return node && node.closest ? node.closest("form[data-roster-upload]") : null;
  }

  function parts(form) {
    return {
      box: form.querySelector("[data-upload-progress]"),
      bar: form.querySelector("[data-upload-bar]"),
      status: form.querySelector("[data-upload-status]"),
      submit: form.querySelector("[data-upload-submit]")
    };
  }

  function show(form, state, percent) {
    var p = parts(form);
    form.setAttribute("data-state", state);
    p.box.classList.remove("d-none");
    p.submit.disabled = state !== "failed";
    if (state === "uploading") {
      p.bar.value = percent || 0;
      p.status.textContent = form.getAttribute("data-text-uploading") + (percent ? " " + percent + "%" : "");
    } else if (state === "checking") {
      p.bar.removeAttribute("value"); // an indeterminate bar: the server is reading the rows
      p.status.textContent = form.getAttribute("data-text-checking");
    } else if (state === "failed") {
      p.bar.value = 0;
      p.status.textContent = form.getAttribute("data-text-failed");
    }
  }

  // Refuse a file above the cap before it is sent (the server refuses it too).
  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = uploadForm(input);
    if (!form || input.type !== "file") {
      return;
    }
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var file = input.files && input.files[0];
    input.setCustomValidity(file && max && file.size > max ? form.getAttribute("data-text-too-large") : "");
    input.reportValidity();
  });

  document.addEventListener("htmx:validation:halted", function (event) {
    var form = uploadForm(event.target);
    if (form) {
      form.reportValidity();
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = uploadForm(event.target);
    if (form) {
      show(form, "uploading", 0);
    }
  });

  // htmx reports progress of the upload and then of the (small) response: once every byte
  // is up, the rest of the wait is the server checking the file.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = uploadForm(event.target);
    if (!form || form.getAttribute("data-state") !== "uploading" || !event.detail.lengthComputable) {
      return;
    }
    var percent = Math.floor((event.detail.loaded * 100) / Math.max(event.detail.total, 1));
    if (percent >= 100) {
      show(form, "checking");
    } else {
      show(form, "uploading", percent);
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = uploadForm(event.target);
    if (form && document.body.contains(form) && event.detail.failed) {
      show(form, "failed");
    }
  });

  // Without htmx the browser posts the form itself: say that the wait is the checking.
  document.addEventListener("submit", function (event) {
    var form = uploadForm(event.target);
    if (form && !event.defaultPrevented && !window.htmx) {
      show(form, "checking");
    }
  });
})();
