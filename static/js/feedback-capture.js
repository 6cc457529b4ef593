// Feedback capture on a phone: each item is sent as soon as "Save and add another" is pressed, and the form
// clears at once for the next one. Progressive enhancement: without this script the form posts and the page
// comes back with the item listed.
//
// Nothing typed is lost, and nothing outlives the tab (health information on shared phones, see STYLE.md):
// - each item gets an id here (client_id); the server keeps one item per id, so a retry never makes two;
// - an item the server has not confirmed stays in this page's memory, says "Not saved yet", and is retried with
//   backoff and whenever the phone comes back online;
// - if the sign-in has expired (the server answers 401), the unsaved items go to sessionStorage (this tab only)
//   while the person signs in again; this page re-sends them when it loads and deletes them from storage.
//   Signing out deletes them too (static/js/unsent-clear.js, on every page).
(function () {
  "use strict";
  var form = document.querySelector("form[data-feedback-capture]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.JSON) { return; }

  var KEY = "grassroots-unsent:feedback-" + form.getAttribute("data-session");
  var owner = document.body.getAttribute("data-signed-in") || "";
  var token = (form.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var list = document.querySelector("[data-feedback-list]");
  var empty = document.querySelector("[data-empty]");
  var status = form.querySelector("[data-capture-status]");
  var banner = document.querySelector("[data-capture-expired]");
  var unsavedCount = document.querySelector("[data-capture-unsaved-count]");
  var text = form.querySelector("textarea[name=text]");
  var clientIdInput = form.querySelector("input[name=client_id]");
  var REQUIRED = ["text", "service", "sentiment", "consent"];
  var LABELLED = ["service", "sentiment", "consent"];

  var items = [];  // {clientId, values, labels, el, state: "pending" | "saved" | "rejected", tries, timer, busy}
  var expired = false;

  function storage() {
    try { return window.sessionStorage || null; } catch (e) { return null; }
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "client_id" && el.type !== "submit";
    });
  }

  function read() {
    var values = {};
    var labels = {};
    fields().forEach(function (el) {
      if (el.type === "radio") {
        if (el.checked) {
          values[el.name] = el.value;
          var label = form.querySelector("label[for='" + el.id + "']");
          labels[el.name] = label ? label.textContent.trim() : el.value;
        }
      } else if (el.type === "checkbox") {
        if (el.checked) { values[el.name] = "on"; }
      } else {
        values[el.name] = el.value;
      }
    });
    return { values: values, labels: labels };
  }

  function write(values) {
    fields().forEach(function (el) {
      var value = Object.prototype.hasOwnProperty.call(values, el.name) ? values[el.name] : "";
      if (el.type === "radio") { el.checked = el.value === value; }
      else if (el.type === "checkbox") { el.checked = !!value; }
      else { el.value = value; }
    });
    if (text) { text.dispatchEvent(new Event("input")); }  // the character count
  }

  function complete(values) {
    var max = text ? parseInt(text.getAttribute("maxlength") || "0", 10) : 0;
    return REQUIRED.every(function (name) { return (values[name] || "").trim() !== ""; }) &&
      !(max && values.text.length > max);
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content) { node.textContent = content; }
    return node;
  }

  function draw(item) {
    var li = el("li", "app-feedback-item");
    li.setAttribute("data-client-id", item.clientId);
    li.appendChild(el("p", "govuk-body app-feedback-item__text app-feedback-item__text--typed", item.values.text));
    var meta = el("p", "govuk-body-s app-feedback-item__meta",
      LABELLED.map(function (name) { return item.labels[name] || ""; }).join(" · "));
    if (item.values.safeguarding) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("strong", "govuk-tag govuk-tag--red", "Safeguarding concern"));
    }
    li.appendChild(meta);
    item.actions = el("p", "govuk-body-s app-feedback-item__actions");
    li.appendChild(item.actions);
    item.el = li;
    list.insertBefore(li, list.firstChild);
    if (empty) { empty.hidden = true; }
    drawState(item);
  }

  function link(href, words) {
    var a = el("a", "govuk-link", words);
    a.href = href;
    a.appendChild(el("span", "govuk-visually-hidden", " this feedback"));
    return a;
  }

  function drawState(item) {
    var actions = item.actions;
    actions.textContent = "";
    if (item.state === "saved") {
      actions.appendChild(el("strong", "govuk-tag govuk-tag--green", "Saved"));
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(link(item.editUrl, "Change"));
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(link(item.deleteUrl, "Delete"));
    } else if (item.state === "rejected") {
      actions.appendChild(el("strong", "govuk-tag govuk-tag--red", "Not saved"));
      actions.appendChild(el("span", "govuk-error-message", item.problem));
      var again = el("button", "govuk-button govuk-button--secondary govuk-!-margin-bottom-0", "Put it back in the form");
      again.type = "button";
      again.addEventListener("click", function () { putBack(item); });
      actions.appendChild(again);
    } else {
      actions.appendChild(el("strong", "govuk-tag govuk-tag--yellow",
        item.tries ? "Not saved yet — trying again" : "Not saved yet"));
    }
  }

  function unsaved() {
    return items.filter(function (item) { return item.state === "pending"; });
  }

  function showStatus() {
    var waiting = unsaved().length;
    if (unsavedCount) { unsavedCount.textContent = String(waiting); }
    if (!status) { return; }
    if (expired) {
      status.textContent = "Your sign-in has expired. " + waiting + (waiting === 1 ? " item is" : " items are") +
        " not saved yet.";
    } else if (waiting && items.some(function (item) { return item.tries; })) {
      status.textContent = waiting + (waiting === 1 ? " item is" : " items are") + " not saved yet — trying again.";
    } else if (!waiting && items.length) {
      status.textContent = "Saved.";
    } else {
      status.textContent = "";
    }
  }

  function keepForSignIn() {
    var store = storage();
    if (!store) { return; }
    var waiting = unsaved().map(function (item) {
      return { clientId: item.clientId, values: item.values, labels: item.labels };
    });
    try {
      if (waiting.length) { store.setItem(KEY, JSON.stringify({ owner: owner, items: waiting })); }
      else { store.removeItem(KEY); }
    } catch (e) { /* storage blocked or full: the items stay in this page while it is open */ }
  }

  function signedOut() {
    expired = true;
    items.forEach(function (item) { window.clearTimeout(item.timer); });
    keepForSignIn();
    if (banner) {
      banner.hidden = false;
      banner.focus();
    }
    showStatus();
  }

  function retry(item) {
    item.tries += 1;
    var delay = Math.min(30000, 1000 * Math.pow(2, Math.min(item.tries - 1, 5))) + Math.random() * 500;
    window.clearTimeout(item.timer);
    item.timer = window.setTimeout(function () { send(item); }, delay);
    drawState(item);
    showStatus();
  }

  function isJson(resp) {
    return (resp.headers.get("Content-Type") || "").indexOf("application/json") === 0;
  }

  function problemOf(data) {
    if (data && data.message) { return data.message; }
    var errors = (data && data.errors) || {};
    var messages = [];
    Object.keys(errors).forEach(function (name) {
      errors[name].forEach(function (e) { messages.push(e.message); });
    });
    return messages.join(" ") || "The server could not save this.";
  }

  function send(item) {
    if (item.busy || item.state !== "pending" || expired) { return; }
    item.busy = true;
    window.clearTimeout(item.timer);
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", token);
    body.append("client_id", item.clientId);
    Object.keys(item.values).forEach(function (name) { body.append(name, item.values[name]); });
    window.fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual", cache: "no-store",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (resp) {
      item.busy = false;
      // A redirect means the sign-in page; a 403 that is not ours is the CSRF check, whose token changes when
      // someone signs in again (in another tab): either way, sign in and come back to this page.
      if (resp.status === 401 || resp.type === "opaqueredirect" || (resp.status === 403 && !isJson(resp))) {
        signedOut();
        return null;
      }
      if (resp.status >= 500 || !isJson(resp)) { retry(item); return null; }
      return resp.json().then(function (data) {
        if (resp.ok && data.ok) {
          item.state = "saved";
          item.editUrl = data.edit_url;
          item.deleteUrl = data.delete_url;
        } else {
          item.state = "rejected";
          item.problem = problemOf(data);
        }
        drawState(item);
        showStatus();
      });
    }).catch(function () {
      item.busy = false;
      if (item.state === "pending") { retry(item); }
    });
  }

  function add(entry) {
    var item = { clientId: entry.clientId, values: entry.values, labels: entry.labels || {}, state: "pending",
                 tries: 0, timer: null, busy: false };
    items.push(item);
    draw(item);
    return item;
  }

  function putBack(item) {
    write(item.values);
    if (clientIdInput) { clientIdInput.value = item.clientId; }
    items.splice(items.indexOf(item), 1);
    item.el.parentNode.removeChild(item.el);
    showStatus();
    if (text) { text.focus(); }
  }

  var MISSING = { text: "Enter what was said", service: "Select which service it is about",
                  sentiment: "Select how they felt about it", consent: "Select what they agreed to" };
  var summary = null;

  // Only while items wait to be saved (leaving the page would lose them): the same messages as the server's.
  function showMissing(values) {
    if (summary) { summary.parentNode.removeChild(summary); }
    summary = el("div", "govuk-error-summary");
    summary.tabIndex = -1;
    var alert = el("div");
    alert.setAttribute("role", "alert");
    alert.appendChild(el("h2", "govuk-error-summary__title", "There is a problem"));
    var listed = el("ul", "govuk-list govuk-error-summary__list");
    REQUIRED.forEach(function (name) {
      if ((values[name] || "").trim() !== "") { return; }
      var target = form.querySelector("[name=" + name + "]");
      var a = el("a", "", MISSING[name]);
      a.href = "#" + (target ? target.id : "");
      var li = el("li");
      li.appendChild(a);
      listed.appendChild(li);
    });
    var body = el("div", "govuk-error-summary__body");
    body.appendChild(listed);
    alert.appendChild(body);
    summary.appendChild(alert);
    form.insertBefore(summary, form.firstChild);
    summary.focus();
  }

  form.addEventListener("submit", function (event) {
    var entry = read();
    if (!complete(entry.values)) {
      // An incomplete item goes to the server as a plain form, which answers with the error summary.
      var missing = REQUIRED.some(function (name) { return (entry.values[name] || "").trim() === ""; });
      if (missing && unsaved().length) { event.preventDefault(); showMissing(entry.values); }
      return;
    }
    event.preventDefault();
    if (summary) { summary.parentNode.removeChild(summary); summary = null; }
    entry.clientId = (clientIdInput && clientIdInput.value) || uuid();
    var item = add(entry);
    write({});
    if (clientIdInput) { clientIdInput.value = uuid(); }
    if (text) { text.focus(); }
    if (expired) { keepForSignIn(); } else { send(item); }
    showStatus();
  });

  window.addEventListener("online", function () {
    items.forEach(function (item) { send(item); });
  });

  window.addEventListener("beforeunload", function (event) {
    if (!expired && unsaved().length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Back from signing in again: send what was kept (the same ids, so anything that did arrive is not made twice).
  var store = storage();
  if (store) {
    var kept = null;
    try { kept = JSON.parse(store.getItem(KEY) || "null"); } catch (e) { kept = null; }
    store.removeItem(KEY);
    if (kept && kept.owner === owner && Array.isArray(kept.items)) {
      kept.items.forEach(function (entry) {
        if (!/^[0-9a-f-]{36}$/i.test(entry.clientId || "") || !entry.values) { return; }
        if (list.querySelector("[data-client-id='" + entry.clientId + "']")) { return; }  // already listed
        send(add(entry));
      });
      showStatus();
    }
  }
  if (clientIdInput && !clientIdInput.value) { clientIdInput.value = uuid(); }
})();
