// A [data-print] button prints the page (the page's print CSS leaves out the controls).
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) { window.print(); }
});
