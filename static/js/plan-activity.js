// Activity form: search the OPD's roster, count who is chosen, and prefill JP from the
// development form's default (the server applies the same default when JP is left empty).
(function () {
  "use strict";
  var search = document.getElementById("cari-peserta");
  var counter = document.getElementById("jumlah-peserta");

  function options(container) {
    return container ? container.querySelectorAll(".form-check") : [];
  }

  function updateCount() {
    if (!counter) { return; }
    var container = document.querySelector(counter.getAttribute("data-count-target"));
    var checked = container ? container.querySelectorAll("input[type=checkbox]:checked").length : 0;
    counter.textContent = checked + " " + (counter.getAttribute("data-label") || "");
  }

  if (search) {
    var container = document.querySelector(search.getAttribute("data-filter-target"));
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      options(container).forEach(function (option) {
        var text = option.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        option.classList.toggle("is-hidden", !match);
      });
    });
    // Enter in the search box must not send the form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    if (container) { container.addEventListener("change", updateCount); }
    updateCount();
  }

  var formSelect = document.getElementById("id_form");
  var jp = document.getElementById("id_jp");
  var cost = document.getElementById("id_estimated_cost");
  var info = document.getElementById("info-bentuk");
  function describe(prefill) {
    if (!formSelect) { return; }
    var option = formSelect.options[formSelect.selectedIndex];
    if (!option || !option.value) { if (info) { info.textContent = ""; } return; }
    var defaultJp = option.getAttribute("data-default-jp");
    var typicalCost = option.getAttribute("data-typical-cost");
    if (jp) {
      jp.placeholder = defaultJp || "";
      if (prefill && jp.value === "" && defaultJp) { jp.value = defaultJp; }
    }
    if (info) {
      info.textContent = info.getAttribute("data-label-family") + ": " + (option.getAttribute("data-family") || "-") +
        " · " + info.getAttribute("data-label-jp") + " " + (defaultJp || "0").replace(".", ",") +
        " · " + info.getAttribute("data-label-cost") + " Rp" + Number(typicalCost || 0).toLocaleString("id-ID");
    }
    if (cost && typicalCost) { cost.placeholder = typicalCost; }
  }
  if (formSelect) {
    formSelect.addEventListener("change", function () { describe(true); });
    describe(false);
  }
})();
