// Keeps server-rendered fragments current by short polling: an element with data-refresh-url
// gets its content replaced by that URL's HTML every data-refresh-seconds (default 5), paused
// in hidden tabs. Its one user is the group sessions' progress table (reports/groups.html):
// group sessions publish no live event, so it cannot follow the stream as live.js regions do
// (data-live-region / data-live-on). Once they publish one, that table becomes a live region
// and this file can go.
(function () {
  "use strict";
  document.querySelectorAll("[data-refresh-url]").forEach(function (box) {
    var url = box.getAttribute("data-refresh-url");
    var seconds = parseFloat(box.getAttribute("data-refresh-seconds")) || 5;

    function refresh() {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null && html !== box.innerHTML) { box.innerHTML = html; } })
        .catch(function () { /* offline for a moment: the next tick tries again */ });
    }
    setInterval(refresh, seconds * 1000);
    document.addEventListener("visibilitychange", refresh);
  });
})();
