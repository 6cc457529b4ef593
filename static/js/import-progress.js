// An import being checked or saved: polls its status JSON, moves the progress bar, and reloads the page once the
// job is done (the page then shows the problems, or the button to import, or what was imported). Gives up after a
// few failed polls (signed out, or the server is down) and leaves the "Refresh this page" link to do it by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var message = box.querySelector("[data-import-message]");
  var POLL_MS = 1500;
  var failures = 0;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, redirect: "error" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        failures = 0;
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
        var text = data.status_label + (data.message ? ": " + data.message : "");
        if (message && message.textContent !== text) { message.textContent = text; }
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, POLL_MS); }
      })
      .catch(function () {
        failures += 1;
        if (failures < 5) { window.setTimeout(poll, POLL_MS * 3); }
      });
  }
  window.setTimeout(poll, 1000);
})();
