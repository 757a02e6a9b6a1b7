// Keeps the chair's turnout (voted / eligible) and the names of who has not voted current while
// a ballot is open. Counts and names only: results are sealed until close. Driven by the live
// stream's `turnout` ticks and `checkin` events (live.js); short polling only without a stream.
(function () {
  "use strict";
  var box = document.querySelector("[data-turnout-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-turnout-url");
  var list = document.querySelector('[data-field="not_voted"]');
  var count = document.querySelector('[data-field="not_voted_count"]');

  function render(data) {
    box.querySelector('[data-field="voted"]').textContent = data.voted;
    box.querySelector('[data-field="eligible"]').textContent = data.eligible;
    if (!list) { return; }
    count.textContent = data.not_voted.length;
    list.replaceChildren.apply(list, data.not_voted.map(function (d) {
      var li = document.createElement("li");
      var small = document.createElement("small");
      li.textContent = d.name + " ";
      small.textContent = d.delegation + (d.seat ? " · " + d.seat : "");
      li.appendChild(small);
      return li;
    }));
  }

  function poll() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () {});
  }
  var pending = false;
  function soon() {  // coalesce a burst of events into one fetch
    if (pending) { return; }
    pending = true;
    setTimeout(function () { pending = false; poll(); }, 300);
  }
  document.addEventListener("live:turnout", soon);
  document.addEventListener("live:checkin", soon);
  if (!document.querySelector("[data-live-stream]") || !window.EventSource) {
    setInterval(poll, 2000);
  }
})();
