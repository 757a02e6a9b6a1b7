// An editor with unsaved changes warns before the page is left (a link, a reload, another
// button's form, closing the tab): nothing typed is lost by a mis-click. Forms marked
// data-unsaved-warning; sending the form itself is not a loss.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-unsaved-warning]"), function (form) {
    var dirty = false;
    var note = form.querySelector('[data-field="unsaved-note"]');
    function mark() {
      dirty = true;
      if (note) { note.hidden = false; }
    }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { dirty = false; });
    // a page shown again with errors holds what was typed and not saved
    if (form.querySelector(".has-error")) { mark(); }
    window.addEventListener("beforeunload", function (e) {
      if (!dirty) { return; }
      e.preventDefault();
      e.returnValue = "";
    });
  });
})();
