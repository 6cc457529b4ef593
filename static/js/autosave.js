// Keeps what a person types in a long form (data-autosave) in this tab until the server has saved it, so a
// dropped signal or a reload loses nothing. Progressive enhancement: the form works without it.
//
// Drafts can hold health information, and computers are shared, so (see STYLE.md):
// - they live in sessionStorage (this tab only, gone when it closes), never in localStorage;
// - each carries its owner and the end of the server session it was typed in (from <body>): a draft of
//   another person, or past that end, is deleted on the next page load, and so is every draft on a page
//   drawn for nobody signed in;
// - pressing "Sign out" deletes them all before the request leaves.
// base.html loads this on every page (for the clean-up); a form page may load it again: it runs once.
(function () {
  "use strict";
  if (window.grassrootsDrafts) { return; }
  window.grassrootsDrafts = true;

  var PREFIX = "grassroots:";
  var body = document.body;
  var owner = body.getAttribute("data-signed-in") || "";
  var sessionEnds = parseInt(body.getAttribute("data-session-ends") || "0", 10) * 1000;

  function storage(kind) {
    try { return window[kind] || null; } catch (e) { return null; }  // blocked storage throws on access
  }

  function forget(store, keep) {
    if (!store) { return; }
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && !(keep && keep(key))) { store.removeItem(key); }
    }
  }

  function readDraft(store, key) {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }

  function stillValid(draft) {
    return !!draft && !!owner && draft.owner === owner && draft.until > Date.now();
  }

  var drafts = storage("sessionStorage");
  // Older versions kept drafts in localStorage, which outlives sign-out and the browser: remove them all.
  forget(storage("localStorage"));
  forget(drafts, function (key) { return stillValid(readDraft(drafts, key)); });

  Array.prototype.forEach.call(document.querySelectorAll("form[data-sign-out]"), function (form) {
    form.addEventListener("submit", function () {
      forget(drafts);
      forget(storage("localStorage"));
    });
  });

  var forms = document.querySelectorAll("form[data-autosave]");
  if (!forms.length || !drafts || !owner) { return; }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit" &&
        el.type !== "button" && el.type !== "hidden" && el.type !== "password";
    });
  }

  function read(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { values[el.name] = el.value; }
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function write(form, values) {
    var changed = false;
    fieldsOf(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(values, el.name)) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        var on = values[el.name] === el.value;
        if (el.checked !== on) { el.checked = on; changed = true; }
      } else if (el.value !== values[el.name]) {
        el.value = values[el.name];
        changed = true;
      }
    });
    return changed;
  }

  Array.prototype.forEach.call(forms, function (form) {
    var key = PREFIX + form.getAttribute("data-autosave");
    // The server's last save, in seconds; anything typed before it is already saved (or superseded).
    var serverSaved = parseInt(form.getAttribute("data-server-saved") || "0", 10) * 1000;
    var stored = readDraft(drafts, key);

    if (form.getAttribute("data-saved") === "true" || !stillValid(stored) || stored.at <= serverSaved) {
      drafts.removeItem(key);
    } else if (write(form, stored.values || {})) {
      var notice = document.querySelector("[data-autosave-notice]");
      if (notice) { notice.hidden = false; }
    }

    var timer = null;
    function remember() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          drafts.setItem(key, JSON.stringify({ at: Date.now(), owner: owner, until: sessionEnds, values: read(form) }));
        } catch (e) { /* storage full or blocked: the server-side save still works */ }
      }, 300);
    }
    form.addEventListener("input", remember);
    form.addEventListener("change", remember);
  });
})();
