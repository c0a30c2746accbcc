/* Units index: a filter box that works with or without Vietnamese marks ("bien phong lang son"
   finds "Bộ đội Biên phòng tỉnh Lạng Sơn"). Each unit's <li data-k> holds its folded id, names and
   other spellings; a unit stays visible when it, a unit above it or a unit below it matches.
   Without JavaScript the form stays hidden and the whole tree is shown. */
(function () {
  "use strict";
  var form = document.querySelector(".bl-unit-filter");
  if (!form) return;
  var input = form.querySelector("input");
  var out = form.querySelector("output");
  var items = Array.prototype.slice.call(document.querySelectorAll(".bl-unit-group li[data-k]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".bl-unit-group"));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^0-9a-z]+/g, " ").trim();
  }

  function apply() {
    var words = fold(input.value).split(" ").filter(Boolean);
    var shown = 0;
    items.forEach(function (li) { li.dataset.hit = ""; });
    items.forEach(function (li) {
      var key = " " + li.dataset.k + " ";
      var hit = words.every(function (w) { return key.indexOf(w) !== -1; });
      if (!hit) return;
      li.dataset.hit = "1";
    });
    items.forEach(function (li) {
      var visible = !words.length || li.dataset.hit === "1";
      if (!visible) {
        // a unit above it matched, or one below it
        for (var up = li.parentElement.closest("li[data-k]"); up; up = up.parentElement.closest("li[data-k]")) {
          if (up.dataset.hit === "1") { visible = true; break; }
        }
      }
      if (!visible && li.querySelector("li[data-hit='1']")) visible = true;
      li.hidden = !visible;
      if (visible && li.dataset.hit === "1") shown += 1;
    });
    groups.forEach(function (g) { g.hidden = !!words.length && !g.querySelector("li[data-k]:not([hidden])"); });
    out.textContent = words.length ? (shown ? String(shown) : out.dataset.none) : "";
  }

  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("input", apply);
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; apply(); }
})();
