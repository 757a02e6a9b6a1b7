// The live client: one EventSource per page (docs/architecture.md, "Live updates").
// - [data-live-stream]: the stream URL; data-last-event-id: the newest event when the page was
//   rendered, so nothing committed in between is missed. The browser resends Last-Event-ID
//   itself when it reconnects.
// - [data-live-region][data-live-src][data-live-on="phase queue ..."]: a fragment re-fetched
//   (at most one fetch in flight per region) when an event of one of those types arrives.
//   Optional: data-live-pick="#id" takes that element's content out of the fetched HTML (a
//   region of a whole page: data-live-src is then the page itself); data-live-match=
//   "proposal_id=12" refreshes only for events whose data has that value (events without
//   the key still refresh).
// - [data-turnout-ballot]: voted / eligible updated straight from `turnout` ticks.
// - [data-timer]: a countdown run locally from the server's remaining seconds.
// - [data-live-indicator]: shows whether the stream is connected.
// - [data-live-notice="ballot"][data-live-notice-status="open"]: a notice unhidden when an event
//   of that type and status arrives ([data-notice-field="title"] gets the event's title); it is
//   hidden again by a [data-notice-close] click or an event of the same type with another
//   status for the same ballot.
// - A field of a region (by id) keeps what was typed into it and not sent across a refresh.
// Every event is also re-dispatched on document as "live:<type>" for page scripts.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-stream]");
  var indicator = document.querySelector("[data-live-indicator]");

  function setState(state) {
    if (!indicator) { return; }
    indicator.setAttribute("data-state", state);
    indicator.textContent = indicator.getAttribute("data-label-" + state) || state;
  }

  // --- countdowns ---------------------------------------------------------------------------
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(seconds) {
    var s = Math.round(Math.abs(seconds));
    return (seconds < 0 ? "+" : "") + Math.floor(s / 60) + ":" + pad(s % 60);
  }
  function startTimers(scope) {
    Array.prototype.forEach.call((scope || document).querySelectorAll("[data-timer]"), function (el) {
      el.liveStart = performance.now();
    });
  }
  function tick() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-timer]"), function (el) {
      var remaining = parseFloat(el.getAttribute("data-remaining"));
      if (isNaN(remaining)) { return; }
      if (el.getAttribute("data-running") === "1") {
        remaining -= (performance.now() - (el.liveStart || performance.now())) / 1000;
      }
      var out = el.querySelector("[data-timer-value]") || el;
      out.textContent = format(remaining);
      el.classList.toggle("overrun", remaining < 0);
      el.classList.toggle("warning", remaining >= 0 && remaining < 30);
    });
  }
  startTimers(document);
  tick();
  setInterval(tick, 250);

  if (!root || !window.EventSource) { return; }

  // --- regions -------------------------------------------------------------------------------
  var regions = Array.prototype.map.call(document.querySelectorAll("[data-live-region]"), function (el) {
    // what the stream changes is announced to screen readers, politely, unless a region says
    if (!el.hasAttribute("aria-live")) { el.setAttribute("aria-live", "polite"); }
    var match = (el.getAttribute("data-live-match") || "").split("=");
    return { el: el, src: el.getAttribute("data-live-src") || window.location.pathname + window.location.search,
             pick: el.getAttribute("data-live-pick"),
             matchKey: match.length === 2 ? match[0] : null, matchValue: match[1],
             on: (el.getAttribute("data-live-on") || "").split(/\s+/), busy: false, again: false };
  });

  function picked(region, html) {
    if (!region.pick) { return html; }
    var found = new DOMParser().parseFromString(html, "text/html").querySelector(region.pick);
    return found ? found.innerHTML : null;
  }

  function concerns(region, data) {
    if (!region.matchKey || !data || data[region.matchKey] === undefined) { return true; }
    return String(data[region.matchKey]) === region.matchValue;
  }

  // What someone typed into a region's fields and left there (not sent yet) survives the
  // region's refresh: fields are matched by id in the new content.
  function typedValues(el) {
    var typed = [];
    Array.prototype.forEach.call(el.querySelectorAll("input[id], textarea[id], select[id]"), function (field) {
      if (field.type === "hidden") { return; }
      if (field.tagName === "SELECT") {
        var chosen = Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
        if (chosen) { typed.push([field.id, "value", field.value]); }
      } else if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) { typed.push([field.id, "checked", field.checked]); }
      } else if (field.value !== field.defaultValue) {
        typed.push([field.id, "value", field.value]);
      }
    });
    return typed;
  }
  function restoreTyped(el, typed) {
    typed.forEach(function (entry) {
      var field = el.querySelector("#" + CSS.escape(entry[0]));
      if (field) { field[entry[1]] = entry[2]; }
    });
  }

  function refresh(region) {
    if (region.busy) { region.again = true; return; }
    region.busy = true;
    fetch(region.src, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { return html === null ? null : picked(region, html); })
      .then(function (html) {
        if (html !== null && !region.el.contains(document.activeElement)) {
          var typed = typedValues(region.el);
          region.el.innerHTML = html;
          restoreTyped(region.el, typed);
          region.el.setAttribute("data-live-refreshed", String((parseInt(region.el.getAttribute("data-live-refreshed"), 10) || 0) + 1));
          startTimers(region.el);
          tick();
        } else if (html !== null) {
          region.again = true;   // someone is typing here: try again once they leave
          region.el.addEventListener("focusout", function later() {
            region.el.removeEventListener("focusout", later);
            refresh(region);
          });
        }
      })
      .catch(function () {})
      .then(function () {
        region.busy = false;
        if (region.again) { region.again = false; refresh(region); }
      });
  }

  function onEvent(type, data) {
    regions.forEach(function (region) {
      if (region.on.indexOf(type) !== -1 && concerns(region, data)) { refresh(region); }
    });
    if (type === "turnout" && data) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-turnout-ballot="' + data.ballot_id + '"]'), function (box) {
        ["voted", "eligible"].forEach(function (key) {
          var el = box.querySelector('[data-field="' + key + '"]');
          if (el) { el.textContent = data[key]; }
        });
      });
    }
    notices(type, data);
    document.dispatchEvent(new CustomEvent("live:" + type, { detail: data }));
  }

  // --- notices ---------------------------------------------------------------------------------
  function notices(type, data) {
    if (!data) { return; }
    Array.prototype.forEach.call(document.querySelectorAll('[data-live-notice="' + type + '"]'), function (el) {
      if (data.status === el.getAttribute("data-live-notice-status")) {
        Array.prototype.forEach.call(el.querySelectorAll("[data-notice-field]"), function (field) {
          field.textContent = data[field.getAttribute("data-notice-field")] || "";
        });
        el.setAttribute("data-notice-ballot", String(data.ballot_id));
        el.hidden = false;
      } else if (el.getAttribute("data-notice-ballot") === String(data.ballot_id)) {
        el.hidden = true;
      }
    });
  }
  document.addEventListener("click", function (e) {
    var close = e.target.closest && e.target.closest("[data-notice-close]");
    var notice = close && close.closest("[data-live-notice]");
    if (notice) { notice.hidden = true; }
  });

  // --- the stream ------------------------------------------------------------------------------
  // The browser reconnects by itself after a dropped stream (retry: 3000), but gives up on an
  // answer that is not a stream (a 429 rate limit, a 502 while the stream server restarts):
  // then we open a new one ourselves, waiting longer each time (15 s up to 2 min).
  // A `closed` event is the server ending the stream: `signed_out` (the session ended: reload,
  // which leads to the sign-in page) or `replaced` (a newer page of this account took its
  // place: stay offline rather than push that one out in turn).
  var base = root.getAttribute("data-live-stream");
  var last = root.getAttribute("data-last-event-id");
  var types = ["checkin", "phase", "timer", "queue", "debrief", "ballot", "turnout", "proposal",
               "report", "job", "projector", "concern"];
  var source = null;
  var retryDelay = 15000;
  var live = { source: null, refresh: function () { regions.forEach(refresh); } };
  window.congressLive = live;

  function streamUrl() {
    if (!last) { return base; }
    return base + (base.indexOf("?") === -1 ? "?" : "&") + "last_event_id=" + encodeURIComponent(last);
  }

  function connect() {
    source = live.source = new EventSource(streamUrl(), { withCredentials: true });
    setState("connecting");
    source.onopen = function () { setState("live"); retryDelay = 15000; };
    source.onerror = function () {
      if (source.readyState !== 2) { setState("connecting"); return; }
      setState("offline");
      setTimeout(connect, retryDelay + Math.random() * 5000);
      retryDelay = Math.min(retryDelay * 2, 120000);
    };
    types.forEach(function (type) {
      source.addEventListener(type, function (e) {
        if (e.lastEventId) { last = e.lastEventId; }
        var data = null;
        try { data = JSON.parse(e.data); } catch (err) { data = null; }
        onEvent(type, data);
      });
    });
    source.addEventListener("closed", function (e) {
      var data = null;
      try { data = JSON.parse(e.data); } catch (err) { data = null; }
      source.close();
      setState("offline");
      if (data && data.reason === "signed_out") { window.location.reload(); }
    });
  }
  connect();
})();
