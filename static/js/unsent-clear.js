// Feedback typed while a sign-in expired waits in this tab's sessionStorage ("grassroots-unsent:" keys, written
// by feedback-capture.js) until the person signs in again here. It is health information on shared phones, so
// it goes the moment they sign out, and on any page drawn for someone else. The sign-in page keeps it: that is
// where they are while it waits. base.html loads this on every page.
(function () {
  "use strict";
  var PREFIX = "grassroots-unsent:";
  var store;
  try { store = window.sessionStorage; } catch (e) { return; }  // blocked storage throws on access
  if (!store) { return; }
  var owner = document.body.getAttribute("data-signed-in") || "";

  function ownerOf(key) {
    try { return (JSON.parse(store.getItem(key) || "null") || {}).owner; } catch (e) { return null; }
  }

  function forget(keep) {
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && !(keep && keep(key))) { store.removeItem(key); }
    }
  }

  if (owner) { forget(function (key) { return ownerOf(key) === owner; }); }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-sign-out]"), function (form) {
    form.addEventListener("submit", function () { forget(); });
  });
})();
