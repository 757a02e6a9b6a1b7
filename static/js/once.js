// A confirm form posts once: a second tap while the first is on its way does nothing. (A resend
// after a dropped connection carries the same idempotency key and gets the same receipt.)
document.addEventListener("submit", function (event) {
  "use strict";
  var form = event.target;
  if (!form.classList || !form.classList.contains("confirm-form")) { return; }
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
});
