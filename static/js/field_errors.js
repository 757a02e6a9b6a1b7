// A page shown again with a field's error (a form sent with a mistake) brings that field into
// view and focuses it, so the message is not left out of sight far down a long page.
(function () {
  "use strict";
  var error = document.querySelector(".field.has-error");
  if (!error) { return; }
  var input = error.querySelector("input:not([type=hidden]), textarea, select");
  error.scrollIntoView({ block: "center" });
  if (input) { input.focus({ preventScroll: true }); }
})();
