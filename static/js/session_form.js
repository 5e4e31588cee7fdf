// INTAN-WPL: the session and shift-series forms. Participant picker (search results come
// from htmx; adding and removing chosen staff happens here, without a round trip) and
// extra formset rows (follow-ups, repeats) cloned from <template> elements.
(function () {
  "use strict";

  var chosenList = document.getElementById("peserta-terpilih");
  var rowTemplate = document.getElementById("peserta-template");

  function updateCount() {
    var counter = document.querySelector("[data-chosen-count]");
    if (!counter || !chosenList) {
      return;
    }
    var n = chosenList.querySelectorAll(".chosen-participant").length;
    counter.textContent = n + " " + (counter.getAttribute("data-label") || "");
  }

  function isChosen(id) {
    return chosenList && chosenList.querySelector('.chosen-participant[data-participant-id="' + id + '"]');
  }

  // Add one chosen participant row (id, name, detail, attended). Returns the row.
  function addParticipant(id, name, detail, attended) {
    if (!chosenList || !rowTemplate || !id) {
      return null;
    }
    var existing = isChosen(id);
    if (existing) {
      return existing;
    }
    var row = rowTemplate.content.firstElementChild.cloneNode(true);
    row.setAttribute("data-participant-id", id);
    row.setAttribute("data-name", name);
    row.setAttribute("data-detail", detail || "");
    row.querySelector('input[name="participants_chosen"]').value = id;
    row.querySelector('[data-role="name"]').textContent = name;
    row.querySelector('[data-role="detail"]').textContent = detail || "";
    var removeLabel = row.querySelector('[data-role="remove-label"]');
    if (removeLabel) {
      removeLabel.textContent = " " + name;
    }
    var check = row.querySelector('input[name="participants_attended"]');
    if (check) {
      check.value = id;
      check.id = "hadir-" + id;
      check.checked = attended !== false;
      var label = row.querySelector("label");
      if (label) {
        label.setAttribute("for", check.id);
      }
      if (window.IntanSwitchLabel) {
        window.IntanSwitchLabel(check);
      }
    }
    chosenList.appendChild(row);
    updateCount();
    return row;
  }

  function clearParticipants() {
    if (!chosenList) {
      return;
    }
    chosenList.querySelectorAll(".chosen-participant").forEach(function (row) {
      row.remove();
    });
    updateCount();
  }

  function markResult(button) {
    button.disabled = true;
    button.classList.remove("btn-outline-primary");
    button.classList.add("btn-success");
    var picker = button.closest(".participant-picker") || document.querySelector(".participant-picker");
    button.firstChild.textContent = (picker && picker.getAttribute("data-label-chosen")) || "✓";
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-participant]");
    if (add) {
      addParticipant(add.getAttribute("data-id"), add.getAttribute("data-name"), add.getAttribute("data-detail"), true);
      markResult(add);
      add.closest("form").dispatchEvent(new Event("input", { bubbles: true }));
      return;
    }
    var remove = event.target.closest("[data-remove-participant]");
    if (remove) {
      var form = remove.closest("form");
      remove.closest(".chosen-participant").remove();
      updateCount();
      if (form) {
        form.dispatchEvent(new Event("input", { bubbles: true }));
      }
      return;
    }
    if (event.target.closest("[data-add-follow-up]")) {
      addFormsetRow("tindak-lanjut-baris", "tindak-lanjut-template");
      return;
    }
    if (event.target.closest("[data-add-repeat]")) {
      addFormsetRow("ulangan-baris", "ulangan-template");
    }
  });

  // Search results that are already chosen show as such.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "hasil-pegawai") {
      return;
    }
    event.target.querySelectorAll("[data-add-participant]").forEach(function (button) {
      if (isChosen(button.getAttribute("data-id"))) {
        markResult(button);
      }
    });
  });

  // Enter in the search box searches; it must not send the whole form.
  var search = document.getElementById("cari-pegawai");
  if (search) {
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        search.dispatchEvent(new Event("search"));
      }
    });
  }

  // Append a formset row from its <template>, numbering it with the next form index.
  function addFormsetRow(containerId, templateId) {
    var container = document.getElementById(containerId);
    var template = document.getElementById(templateId);
    if (!container || !template) {
      return null;
    }
    var prefix = container.getAttribute("data-prefix");
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = document.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) {
      return null;
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    container.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), textarea, select");
    if (first) {
      first.focus();
    }
    return row;
  }

  window.IntanSessionForm = {
    addParticipant: addParticipant,
    clearParticipants: clearParticipants,
    addFormsetRow: addFormsetRow,
  };
})();
