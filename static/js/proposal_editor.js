// The proposal editor: a live character count and title check, and autosave so no draft is
// lost. Every keystroke is kept in localStorage at once (a closed tab or a dropped connection
// loses nothing); after a pause the draft is saved to the server through the API (PATCH, or a
// POST that creates the draft the first time). The server's revision number tells a copy kept
// on this tablet from one the server has already superseded.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var FIELDS = ["title", "category", "grounds", "measures"];
  var DELAY_MS = 1200;
  var TITLE_FORM = /^关于[\s\S]+的提案$/;
  var key = form.dataset.storageKey;
  var revision = parseInt(form.dataset.revision, 10) || 0;
  var updateUrl = form.dataset.updateUrl;
  var max = parseInt(form.dataset.max, 10);
  var state = form.querySelector('[data-field="save-state"]');
  var counter = form.querySelector('[data-field="count"]');
  var titleCheck = form.querySelector('[data-field="title-check"]');
  var again_link = form.querySelector('[data-field="sign-in"]');
  var timer = null, inflight = false, again = false;

  function values() {
    var v = {};
    FIELDS.forEach(function (name) { v[name] = form.elements[name].value; });
    return v;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function show(kind, extra) {
    state.textContent = state.dataset[kind] + (extra ? " " + extra : "");
    state.dataset.state = kind;
    // signed out (401) or a page whose security token is stale (403 csrf_failed): the text
    // stays in localStorage; a link signs in again (or reloads) and comes back to this page
    var here = location.pathname + location.search;
    if (kind === "signedOut") {
      again_link.href = again_link.dataset.loginUrl + "?next=" + encodeURIComponent(here);
      again_link.textContent = again_link.dataset.signIn;
    } else if (kind === "expired") {
      again_link.href = here;
      again_link.textContent = again_link.dataset.reload;
    }
    again_link.hidden = kind !== "signedOut" && kind !== "expired";
  }
  function refresh() {
    var v = values();
    var n = v.grounds.trim().length + v.measures.trim().length;
    counter.textContent = n;
    counter.parentNode.classList.toggle("over", n > max);
    var ok = TITLE_FORM.test(v.title.trim());
    titleCheck.textContent = v.title.trim() ? titleCheck.dataset[ok ? "ok" : "bad"] : "";
    titleCheck.classList.toggle("bad", !ok && !!v.title.trim());
  }
  function keepLocal() {
    try {
      localStorage.setItem(key, JSON.stringify({ values: values(), base: revision, at: Date.now() }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }
  function dropLocal() { try { localStorage.removeItem(key); } catch (e) {} }

  function created(data) {
    updateUrl = form.dataset.updateTemplate.replace("/0", "/" + data.id);
    var editUrl = form.dataset.editUrl.replace("/0/", "/" + data.id + "/");
    form.setAttribute("action", editUrl);
    form.dataset.proposalId = data.id;
    dropLocal();
    key = key.replace(/new-\d+$/, String(data.id));
    history.replaceState(null, "", editUrl);
  }

  function save() {
    if (inflight) { again = true; return; }
    var sent = values();
    if (!sent.title.trim()) { return; }  // a draft starts with its title
    inflight = true;
    show("saving");
    var body = updateUrl ? Object.assign({ revision: revision }, sent) : sent;
    fetch(updateUrl || form.dataset.createUrl, {
      method: updateUrl ? "PATCH" : "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return { r: r, data: data }; });
    }).then(function (answer) {
      var r = answer.r, data = answer.data;
      if (r.ok) {
        if (!updateUrl) { created(data); }
        revision = data.revision;
        form.dataset.revision = revision;
        if (same(values(), sent)) { dropLocal(); show("saved"); } else { keepLocal(); again = true; }
      } else if (r.status === 409 && data.error && data.error.code === "stale_revision") {
        show("stale");
      } else if (r.status === 422 && data.error) {
        show("invalid", data.error.message);
      } else if (r.status === 401) {
        keepLocal();
        show("signedOut");
      } else if (r.status === 403 && data.error && data.error.code === "csrf_failed") {
        keepLocal();
        show("expired");
      } else {
        show("offline");
      }
    }).catch(function () { show("offline"); })
      .then(function () {
        inflight = false;
        if (again) { again = false; schedule(); }
      });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(save, DELAY_MS); }
  function edited() { keepLocal(); refresh(); schedule(); }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  window.addEventListener("online", function () { schedule(); });

  // A copy kept on this tablet that the server never got: put it back and save it.
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
  if (kept && kept.base === revision && !same(kept.values, values())) {
    FIELDS.forEach(function (name) {
      if (kept.values[name] !== undefined) { form.elements[name].value = kept.values[name]; }
    });
    show("restored");
    schedule();
  } else if (kept && kept.base !== revision) {
    dropLocal();  // the server has a newer version, saved after this copy
  }
  refresh();
})();
