// Jobs on the records centre: the progress bars follow the live `job` events (live.js
// re-dispatches them as "live:job"; no polling). When a job ends, or one appears that the
// page does not show yet, the jobs fragment ([data-jobs-src]) is fetched again, which shows
// the download link or the error.
(function () {
  "use strict";
  var box = document.querySelector("[data-jobs]");
  if (!box) { return; }
  var busy = false, again = false;

  function reload() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(box.getAttribute("data-jobs-src"), { credentials: "same-origin",
                                               headers: { "X-Requested-With": "live" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () {})
      .then(function () { busy = false; if (again) { again = false; reload(); } });
  }

  document.addEventListener("live:job", function (e) {
    var job = e.detail;
    if (!job || !job.id) { return; }
    var item = box.querySelector('[data-job="' + job.id + '"]');
    if (!item || job.status === "done" || job.status === "failed" ||
        item.getAttribute("data-status") !== job.status) {
      reload();
      return;
    }
    var bar = item.querySelector("[data-job-progress]");
    if (bar) {
      bar.value = job.progress;
      bar.textContent = Math.round(job.progress * 100) + "%";
    }
  });
})();
