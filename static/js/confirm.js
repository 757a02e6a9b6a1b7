// Forms marked data-confirm ask before they post (destructive buttons: delete, new PIN, undo).
document.addEventListener("submit", function (event) {
  "use strict";
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
