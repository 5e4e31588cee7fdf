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

// JP before saving: the same arithmetic as learning_records.services.realisation.jp_for (whole
// half-JPs that fit in the duration for a form counted by duration; the planned JP otherwise).
(function () {
  "use strict";
  var preview = document.querySelector(".jp-preview");
  var input = document.querySelector('input[name="duration_minutes"]');
  if (!preview || !input) {
    return;
  }
  function format(number) {
    return String(number).replace(".", ",");
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_match, name) {
      return values[name];
    });
  }
  function update() {
    var perJp = parseInt(preview.getAttribute("data-minutes-per-jp"), 10) || 0;
    var planned = preview.getAttribute("data-planned-jp");
    var minutes = parseInt(input.value, 10);
    var durationJp = perJp > 0 && minutes > 0 ? Math.floor((minutes * 2) / perJp) / 2 : null;
    var text;
    if (preview.getAttribute("data-jp-rule") === "by_duration") {
      text = durationJp === null
        ? preview.getAttribute("data-text-no-duration")
        : fill(preview.getAttribute("data-text-by-duration"), { jp: format(durationJp), minutes: minutes, per: perJp });
    } else if (durationJp !== null && String(durationJp) !== planned) {
      text = fill(preview.getAttribute("data-text-per-activity-duration"), {
        jp: format(planned), minutes: minutes, duration_jp: format(durationJp),
      });
    } else {
      text = fill(preview.getAttribute("data-text-per-activity"), { jp: format(planned) });
    }
    preview.textContent = text;
  }
  input.addEventListener("input", update);
  update();
})();
