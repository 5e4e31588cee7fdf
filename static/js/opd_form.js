// OPD form: the "dinas induk" field only matters for a UPT, so it shows only then.
// The server enforces the rule either way; this only spares the admin a needless field.
(function () {
  "use strict";
  var form = document.querySelector("form[data-opd-form]");
  if (!form) {
    return;
  }
  var kind = form.querySelector("#id_kind");
  var parent = form.querySelector("#id_parent");
  var wrapper = form.querySelector("#div_id_parent");
  if (!kind || !parent || !wrapper) {
    return;
  }
  var uptKind = form.getAttribute("data-upt-kind") || "upt";

  function sync(showErrors) {
    var isUpt = kind.value === uptKind;
    // A field the server marked wrong stays visible on the first render, so its message is read.
    var show = isUpt || (showErrors && parent.classList.contains("is-invalid"));
    wrapper.hidden = !show;
    // A hidden field is disabled so a Dinas never carries a parent chosen earlier by mistake.
    parent.disabled = !show;
    parent.required = isUpt;
  }

  kind.addEventListener("change", function () {
    sync(false);
  });
  sync(true);
})();
