// Your downloads: polls the status JSON while any job is unfinished and updates rows in place.
(function () {
  "use strict";
  var table = document.querySelector("[data-job-table]");
  if (!table || !table.hasAttribute("data-running")) { return; }
  var url = table.getAttribute("data-status-url");
  function text(el, value) { if (el && el.textContent !== value) { el.textContent = value; } }
  function update(jobs) {
    var unfinished = false;
    jobs.forEach(function (job) {
      var row = table.querySelector('[data-job-id="' + job.id + '"]');
      if (!row) { if (!job.finished) { unfinished = true; } return; }
      var bar = row.querySelector("progress");
      if (bar) { bar.value = job.progress; bar.textContent = job.progress + "%"; }
      text(row.querySelector("[data-job-status]"), job.status_label + (job.message ? ": " + job.message : ""));
      var cell = row.querySelector("[data-job-download]");
      if (job.download_url && cell && !cell.querySelector("a")) {
        cell.textContent = "";
        var link = document.createElement("a");
        link.className = "govuk-link";
        link.href = job.download_url;
        link.textContent = "Download";
        cell.appendChild(link);
      } else if (job.status === "failed" && cell) {
        text(cell, "Not available");
      }
      if (!job.finished) { unfinished = true; }
    });
    if (unfinished) { window.setTimeout(poll, 1500); }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { update(data.jobs); })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
