// The group recorder's "all present": [data-mark-all="present"] checks that value in every row of
// its form's radio groups (nothing is saved until the form is submitted).
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest && event.target.closest("[data-mark-all]");
  if (!button || !button.form) { return; }
  var value = button.getAttribute("data-mark-all");
  Array.prototype.forEach.call(button.form.querySelectorAll('input[type="radio"]'), function (input) {
    if (input.value === value && !input.disabled) { input.checked = true; }
  });
});
