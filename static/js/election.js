// An election's paper on the tablet (templates/ballots/_election_paper.html): counts the 赞成
// marks plus names written in against the seats, shows "赞成 N / 应选 M", and once the seats are
// full disables every 赞成 not yet marked and every empty name field; a name is written in only
// beside 不赞成. The server refuses an over-marked paper all the same (ballots/casting.py).
(function () {
  "use strict";
  var form = document.querySelector("form[data-election]");
  if (!form) { return; }
  var seats = parseInt(form.getAttribute("data-seats"), 10);
  var count = document.querySelector("[data-testid=election-count]");

  function update() {
    var marked = 0;
    Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-candidate]"), function (set) {
      var against = set.querySelector("input[data-against]");
      var name = set.querySelector("input[data-write-in]");
      if (name) {
        name.disabled = !(against && against.checked);
        if (name.disabled) { name.value = ""; }
      }
      if (set.querySelector("input[data-favourable]:checked")) { marked += 1; }
      if (name && !name.disabled && name.value.trim()) { marked += 1; }
    });
    var full = marked >= seats;
    Array.prototype.forEach.call(form.querySelectorAll("input[data-favourable]"), function (input) {
      input.disabled = full && !input.checked;
      input.closest("label").classList.toggle("disabled", input.disabled);
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[data-write-in]"), function (input) {
      var against = input.closest("fieldset").querySelector("input[data-against]");
      if (against && against.checked && full && !input.value.trim()) { input.disabled = true; }
    });
    if (count) {
      count.querySelector("[data-field=marked]").textContent = String(marked);
      count.setAttribute("data-full", full ? "true" : "false");
      count.classList.toggle("full", full);
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}());
