// Keeps the attendance numbers on a page current. Short polling for now; the live-room work
// replaces it with the EventSource stream (ARCHITECTURE.md, live updates).
(function () {
  "use strict";
  var box = document.querySelector("[data-attendance-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-attendance-url");
  var INTERVAL_MS = 3000;

  function render(data) {
    ["due", "present", "on_leave", "quorum_needed"].forEach(function (key) {
      var el = box.querySelector('[data-field="' + key + '"]');
      if (el && String(data[key]) !== el.textContent) { el.textContent = data[key]; }
    });
    var quorum = box.querySelector('[data-field="quorum_met"]');
    if (quorum) {
      quorum.classList.toggle("met", data.quorum_met);
      quorum.classList.toggle("unmet", !data.quorum_met);
      quorum.textContent = quorum.getAttribute(data.quorum_met ? "data-met" : "data-unmet");
    }
  }

  function poll() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* offline for a moment: the next tick tries again */ });
  }
  setInterval(poll, INTERVAL_MS);
  document.addEventListener("visibilitychange", poll);
})();
