// INTAN-WPL realisation page: tick or clear every attendance box at once.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-check-all],[data-uncheck-all]");
    if (!button) {
      return;
    }
    var name = button.getAttribute("data-check-all") || button.getAttribute("data-uncheck-all");
    var checked = button.hasAttribute("data-check-all");
    var form = button.closest("form");
    form.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
      box.checked = checked;
    });
  });
})();
