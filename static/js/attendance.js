// Keeps the attendance numbers on a page current from the live stream's `checkin` events
// (live.js). Without a stream (no EventSource), it falls back to short polling.
(function () {
  "use strict";
  var box = document.querySelector("[data-attendance-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-attendance-url");

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

  document.addEventListener("live:checkin", function (e) {
    if (e.detail && e.detail.attendance) { render(e.detail.attendance); }
  });
  if (!document.querySelector("[data-live-stream]") || !window.EventSource) {
    setInterval(poll, 3000);
    document.addEventListener("visibilitychange", poll);
  }
})();
