// Decisions page: show how much the selected awards add up to against what is left in the round.
(function () {
  "use strict";
  var form = document.querySelector("[data-decisions-form]");
  var summary = form && form.querySelector("[data-decisions-summary]");
  if (!summary) { return; }
  var money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

  function update() {
    var count = 0;
    var total = 0;
    Array.prototype.forEach.call(form.querySelectorAll("input[name=selected]:checked"), function (box) {
      var amount = form.querySelector("input[name='amount_" + box.value + "']");
      var value = amount ? parseFloat(amount.value.replace(/[£,\s]/g, "")) : NaN;
      count += 1;
      if (!isNaN(value)) { total += value; }
    });
    summary.textContent = count ? count + " selected, awards adding up to " + money.format(total) + "." : "";
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}());
