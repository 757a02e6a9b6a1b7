// Forms marked data-confirm ask before they post (destructive buttons: delete, new PIN, undo).
// With data-confirm-from="<selector>", each {name} in the question is replaced by the current text
// of that element's [data-field="name"] (the live turnout: "173 present, 10 voted").
// With data-confirm-if="name=value" the question is asked only when the form's checked or
// entered value of that field is value (a rating of "unsatisfied").
document.addEventListener("submit", function (event) {
  "use strict";
  var form = event.target;
  var message = form.getAttribute && form.getAttribute("data-confirm");
  if (!message) { return; }
  var condition = (form.getAttribute("data-confirm-if") || "").split("=");
  if (condition.length === 2) {
    var value = new FormData(form).getAll(condition[0]);
    if (value.indexOf(condition[1]) === -1) { return; }
  }
  var from = form.getAttribute("data-confirm-from");
  var box = from ? document.querySelector(from) : null;
  if (box) {
    message = message.replace(/\{(\w+)\}/g, function (all, name) {
      var field = box.querySelector('[data-field="' + name + '"]');
      return field ? field.textContent.trim() : all;
    });
  }
  if (!window.confirm(message)) { event.preventDefault(); }
});
