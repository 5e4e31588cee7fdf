// INTAN-WPL: nothing typed into a long form is lost (sessions, problems, causes, needs, plans,
// activities, realisations, evaluations). Every input is kept in this browser's localStorage
// under the form's data-draft-key (always "intan-wpl:...", so signing out clears it: offline.js);
// opening the form again (after a dropped connection, a closed tab, a trip to another page or a
// new login) restores it with a visible notice. The draft is cleared only when the page after a
// successful save says so (data-clear-draft), never on submit: a submit may still fail.
// Loaded on every page (base.html); the session form adds its participants through
// window.IntanSessionForm.
(function () {
  "use strict";

  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("intan-wpl:probe", "1");
    storage.removeItem("intan-wpl:probe");
  } catch (error) {
    return; // No storage (private mode, quota): the form still works, without drafts.
  }

  document.querySelectorAll("[data-clear-draft]").forEach(function (cleared) {
    storage.removeItem(cleared.getAttribute("data-clear-draft"));
  });

  var form = document.querySelector("form[data-draft-key]");
  if (!form) {
    return;
  }
  var key = form.getAttribute("data-draft-key");
  var status = form.querySelector('[data-role="draft-status"]');

  function isDraftField(element) {
    if (!element.name || element.disabled || element.hasAttribute("data-draft-ignore")) {
      return false;
    }
    if (element.name === "csrfmiddlewaretoken" || element.name === "participants_chosen") {
      return false;
    }
    var type = (element.type || "").toLowerCase();
    return ["hidden", "file", "submit", "button", "reset"].indexOf(type) === -1;
  }

  function fieldKey(element) {
    var type = (element.type || "").toLowerCase();
    if (type === "checkbox" || type === "radio") {
      return element.name + "::" + element.value;
    }
    return element.name;
  }

  function formsetTotals() {
    var totals = {};
    form.querySelectorAll('input[name$="-TOTAL_FORMS"]').forEach(function (input) {
      totals[input.name] = parseInt(input.value, 10) || 0;
    });
    return totals;
  }

  function collect() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isDraftField(element)) {
        return;
      }
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        fields[fieldKey(element)] = element.checked;
      } else if (element.multiple) {
        fields[fieldKey(element)] = Array.prototype.filter
          .call(element.options, function (option) {
            return option.selected;
          })
          .map(function (option) {
            return option.value;
          });
      } else {
        fields[fieldKey(element)] = element.value;
      }
    });
    var participants = [];
    form.querySelectorAll(".chosen-participant").forEach(function (row) {
      var check = row.querySelector('input[name="participants_attended"]');
      participants.push({
        id: row.getAttribute("data-participant-id"),
        name: row.getAttribute("data-name"),
        detail: row.getAttribute("data-detail"),
        attended: check ? check.checked : true,
      });
    });
    return { version: 1, savedAt: new Date().toISOString(), fields: fields, participants: participants, totals: formsetTotals() };
  }

  function timeLabel(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) {
      return "";
    }
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    return "(" + pad(date.getHours()) + "." + pad(date.getMinutes()) + ")";
  }

  var saveTimer = null;
  // Signing out cleared the device (offline.js): leaving the page must not write the draft back.
  var forgotten = false;
  document.addEventListener("intan-wpl:device-forgotten", function () {
    forgotten = true;
    window.clearTimeout(saveTimer);
  });
  function save() {
    if (forgotten) {
      return;
    }
    try {
      storage.setItem(key, JSON.stringify(collect()));
      if (status) {
        status.textContent = form.getAttribute("data-draft-saved-label") || "";
      }
    } catch (error) {
      // Quota exceeded: keep working without the draft.
    }
  }
  function scheduleSave() {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, 150);
  }

  function sameParticipants(draft) {
    var current = collect().participants;
    if (current.length !== draft.length) {
      return false;
    }
    return draft.every(function (item, index) {
      return current[index].id === item.id && current[index].attended === item.attended;
    });
  }

  // Put the draft back into the form. Returns true when anything differed.
  function restore(draft) {
    var changed = false;
    var tools = window.IntanSessionForm;
    // Recreate formset rows the draft had (e.g. follow-ups added before the page was lost).
    Object.keys(draft.totals || {}).forEach(function (totalName) {
      var input = form.querySelector('input[name="' + totalName + '"]');
      if (!input || !tools) {
        return;
      }
      var prefix = totalName.replace(/-TOTAL_FORMS$/, "");
      var container = form.querySelector('[data-prefix="' + prefix + '"]');
      var template = container && container.parentElement.querySelector("template");
      while (container && template && (parseInt(input.value, 10) || 0) < draft.totals[totalName]) {
        if (!tools.addFormsetRow(container.id, template.id)) {
          break;
        }
        changed = true;
      }
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isDraftField(element)) {
        return;
      }
      var stored = draft.fields[fieldKey(element)];
      if (stored === undefined) {
        return;
      }
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (element.checked !== stored) {
          element.checked = stored;
          changed = true;
          if (window.IntanSwitchLabel) {
            window.IntanSwitchLabel(element);
          }
        }
      } else if (element.multiple && Array.isArray(stored)) {
        Array.prototype.forEach.call(element.options, function (option) {
          var selected = stored.indexOf(option.value) !== -1;
          if (option.selected !== selected) {
            option.selected = selected;
            changed = true;
          }
        });
      } else if (element.value !== stored) {
        element.value = stored;
        changed = true;
      }
    });
    if (tools && draft.participants && !sameParticipants(draft.participants)) {
      tools.clearParticipants();
      draft.participants.forEach(function (item) {
        tools.addParticipant(item.id, item.name, item.detail, item.attended);
      });
      changed = true;
    }
    return changed;
  }

  function showNotice(draft) {
    var notice = document.getElementById("draft-notice");
    if (!notice) {
      return;
    }
    var time = notice.querySelector('[data-role="draft-time"]');
    if (time) {
      time.textContent = timeLabel(draft.savedAt);
    }
    notice.hidden = false;
    var discard = notice.querySelector("[data-discard-draft]");
    if (discard) {
      discard.addEventListener("click", function () {
        storage.removeItem(key);
        // Reload without the draft: the form shows what the server has.
        window.location.replace(window.location.href);
      });
    }
  }

  // After a failed save the server sends back everything that was typed: that is the
  // newest state, so it replaces the draft instead of being overwritten by it.
  if (form.getAttribute("data-draft-bound") === "1") {
    save();
  } else {
    var raw = storage.getItem(key);
    if (raw) {
      try {
        var draft = JSON.parse(raw);
        if (draft && draft.fields && restore(draft)) {
          showNotice(draft);
        }
      } catch (error) {
        storage.removeItem(key);
      }
    }
  }

  // The recording went into the device's queue (offline.js): its draft is done with.
  form.addEventListener("intan-wpl:draft-done", function () {
    window.clearTimeout(saveTimer);
    storage.removeItem(key);
    if (status) {
      status.textContent = "";
    }
    var notice = document.getElementById("draft-notice");
    if (notice) {
      notice.hidden = true;
    }
  });

  form.addEventListener("input", scheduleSave);
  form.addEventListener("change", scheduleSave);
  // Save immediately when the page is hidden (tab closed, phone locked, app switched).
  window.addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save();
    }
  });
})();
