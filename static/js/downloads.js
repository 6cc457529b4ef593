// Your downloads: while any job on the page is unfinished, polls the status JSON and updates rows in place.
// Polls slowly while the only unfinished jobs wait for the service (the broker is down). Stops as soon as every
// job has finished (the server marks the table data-running only when one has not), and
// gives up after a few failed polls (signed out, or the server is down) with a note to refresh instead.
(function () {
  "use strict";
  var table = document.querySelector("[data-job-table]");
  if (!table || !table.hasAttribute("data-running")) { return; }
  var url = table.getAttribute("data-status-url");
  var POLL_MS = 1500;
  var RETRY_MS = 5000;
  var WAITING_MS = 15000;
  var MAX_FAILURES = 5;
  var failures = 0;
  function text(el, value) { if (el && el.textContent !== value) { el.textContent = value; } }
  function update(jobs) {
    var unfinished = false;
    var moving = false;
    jobs.forEach(function (job) {
      var row = table.querySelector('[data-job-id="' + job.id + '"]');
      if (!row) { return; }  // asked for in another tab: the next page load shows it
      var bar = row.querySelector("progress");
      if (bar) { bar.value = job.progress; bar.textContent = job.progress + "%"; bar.classList.toggle("govuk-!-display-none", !!job.waiting); }
      text(row.querySelector("[data-job-status]"), job.status_text);
      var cell = row.querySelector("[data-job-download]");
      if (job.download_url && cell && !cell.querySelector("a")) {
        cell.textContent = "";
        var link = document.createElement("a");
        link.className = "govuk-link";
        link.href = job.download_url;
        link.textContent = "Download";
        cell.appendChild(link);
      } else if (job.finished && !job.download_url && cell) {
        text(cell, "Not available");
      }
      if (!job.finished) { unfinished = true; }
      if (!job.finished && !job.waiting) { moving = true; }
    });
    if (unfinished) {
      // Only jobs waiting for the service: nothing will move for a while, so ask less often.
      window.setTimeout(poll, moving ? POLL_MS : WAITING_MS);
    } else {
      table.removeAttribute("data-running");
    }
  }
  function giveUp() {
    var note = document.createElement("p");
    note.className = "govuk-body";
    note.setAttribute("data-job-stale", "");
    note.textContent = "This page has stopped updating. Refresh it to see when your file is ready.";
    var wrap = table.closest(".app-table-wrap") || table;
    wrap.parentNode.insertBefore(note, wrap);
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, redirect: "error" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { failures = 0; update(data.jobs); })
      .catch(function () {
        failures += 1;
        if (failures >= MAX_FAILURES) { giveUp(); } else { window.setTimeout(poll, RETRY_MS); }
      });
  }
  window.setTimeout(poll, 1000);
})();
