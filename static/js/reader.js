// The report reader on the tablet: adjustable font size (kept for every report), the reading
// position (kept per report version), and "Comment" on a paragraph, which brings the comment
// form under that paragraph with the paragraph chosen. Without JavaScript the form at the end
// of the page does the same with its paragraph list.
(function () {
  "use strict";
  var reader = document.querySelector("[data-reader-key]");
  if (!reader) { return; }
  var text = reader.querySelector(".report-text");
  var FONT_KEY = "congress.reader.font";
  var POS_KEY = "congress.reader.pos." + reader.getAttribute("data-reader-key");
  var SIZES = [16, 18, 20, 22, 25, 28, 32];
  var store = window.localStorage;

  function get(key) { try { return store.getItem(key); } catch (e) { return null; } }
  function set(key, value) { try { store.setItem(key, value); } catch (e) { /* private mode */ } }

  // --- font size
  var size = parseInt(get(FONT_KEY), 10);
  if (SIZES.indexOf(size) < 0) { size = 20; }
  function applySize() {
    text.style.fontSize = size + "px";
    reader.setAttribute("data-font-size", size);
  }
  applySize();
  reader.querySelectorAll("[data-font]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = parseInt(button.getAttribute("data-font"), 10);
      var index = SIZES.indexOf(size);
      size = step === 0 ? 20 : SIZES[Math.max(0, Math.min(SIZES.length - 1, index + step))];
      set(FONT_KEY, String(size));
      applySize();
    });
  });

  // --- reading position: the first block whose bottom is below the top of the window
  var blocks = Array.prototype.slice.call(text.querySelectorAll(".para, .rh"));
  function topBlock() {
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].getBoundingClientRect().bottom > 60) { return blocks[i]; }
    }
    return null;
  }
  var timer = null;
  window.addEventListener("scroll", function () {
    if (timer) { return; }
    timer = setTimeout(function () {
      timer = null;
      var block = topBlock();
      if (block) {
        set(POS_KEY, block.id);
        reader.setAttribute("data-position", block.id);  // what was kept, readable without eval
      }
    }, 250);
  }, { passive: true });
  var saved = get(POS_KEY);
  // a comment sent with a mistake comes back with its message: show that, not the old place
  var commentError = document.querySelector("#comment-card .has-error");
  if (!commentError && !window.location.hash && saved && document.getElementById(saved) && saved !== "b0") {
    document.getElementById(saved).scrollIntoView();
    reader.setAttribute("data-restored", saved);
  }

  // --- comment on a paragraph
  var card = document.getElementById("comment-card");
  var form = card && card.querySelector(".comment-form");
  if (!form) { return; }
  var select = form.querySelector("select[name=block_id]");
  var home = card;
  function bringTo(para) {
    para.after(form);
    form.classList.add("inline-comment");
  }
  text.addEventListener("click", function (event) {
    var button = event.target.closest(".comment-here");
    if (!button) { return; }
    select.value = button.getAttribute("data-block");
    bringTo(button.closest(".para"));
    form.querySelector("textarea").focus();
  });
  if (commentError) {
    // back under the paragraph it was for, the message in view and the field focused
    var chosen = select.value && text.querySelector('.comment-here[data-block="' + select.value + '"]');
    if (chosen) { bringTo(chosen.closest(".para")); }
    commentError.scrollIntoView({ block: "center" });
    var input = commentError.querySelector("textarea, select, input:not([type=hidden])");
    if (input) { input.focus({ preventScroll: true }); }
  }
  select.addEventListener("change", function () {
    if (!select.value && form.parentNode !== home) {
      home.appendChild(form);
      form.classList.remove("inline-comment");
    }
  });
})();
