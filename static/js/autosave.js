// Keeps what a group types in an application form in this browser until the server has saved it,
// so a dropped signal or an expired sign-in loses nothing. Progressive enhancement: the form works without it.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-autosave]");
  if (!forms.length || !window.localStorage) { return; }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit" &&
        el.type !== "button" && el.type !== "hidden";
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
    var key = "grassroots:" + form.getAttribute("data-autosave");
    // The server's last save, in seconds; anything typed before it is already saved (or superseded).
    var serverSaved = parseInt(form.getAttribute("data-server-saved") || "0", 10) * 1000;
    var stored = null;
    try { stored = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { stored = null; }

    if (form.getAttribute("data-saved") === "true" || !stored || stored.at <= serverSaved) {
      window.localStorage.removeItem(key);
    } else if (write(form, stored.values || {})) {
      var notice = document.querySelector("[data-autosave-notice]");
      if (notice) { notice.hidden = false; }
    }

    var timer = null;
    function remember() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          window.localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: read(form) }));
        } catch (e) { /* storage full or blocked: the server-side save still works */ }
      }, 300);
    }
    form.addEventListener("input", remember);
    form.addEventListener("change", remember);
  });
})();
