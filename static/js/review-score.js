// Scoring page: count the criteria scored so far and warn before leaving with unsaved changes.
(function () {
  "use strict";
  var form = document.querySelector("[data-review-form]");
  if (!form) { return; }
  var status = form.querySelector("[data-review-status]");
  var names = [];
  Array.prototype.forEach.call(form.querySelectorAll("input[type=radio][name^='score_']"), function (input) {
    if (names.indexOf(input.name) === -1) { names.push(input.name); }
  });
  var dirty = false;

  function update() {
    var scored = names.filter(function (name) {
      return form.querySelector("input[name='" + name + "']:checked");
    }).length;
    if (status) { status.textContent = scored + " of " + names.length + " criteria scored."; }
  }

  form.addEventListener("change", function () { dirty = true; update(); });
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  update();
}());
