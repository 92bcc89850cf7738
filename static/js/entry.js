/* The entry screens: show "变动说明" where the outlier check will ask for it, select-all boxes.
   No library; the server does every check again (this only saves a round trip). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function parseNumber(text) {
    if (!text) return null;
    var s = String(text).normalize ? String(text).normalize("NFKC") : String(text);
    s = s.trim().replace(/[−–—－]/g, "-").replace(/[,，\s]/g, "").replace(/%$/, "");
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
    return parseFloat(s);
  }

  // The words come from the form's data-outlier-* attributes, in the page's language.
  function said(name, slot, number) {
    var form = document.querySelector(".entry-form");
    var text = (form && form.getAttribute("data-outlier-" + name)) || "";
    return slot ? text.replace("{" + slot + "}", number) : text;
  }

  function outlierText(row, share) {
    var input = row.querySelector(".value-input");
    var last = parseNumber(row.getAttribute("data-last"));
    var value = input ? parseNumber(input.value) : null;
    if (last === null || value === null) return "";
    if (row.getAttribute("data-kind") === "growth_rate") {
      var points = value - last;
      return Math.abs(points) > share * 100 ? said("points", "points", points.toFixed(1)) : "";
    }
    if (last === 0) return value !== 0 ? said("zero") : "";
    var change = (value - last) / Math.abs(last);
    return Math.abs(change) > share ? said("change", "change", (change * 100).toFixed(1)) : "";
  }

  function refresh(row, share) {
    var box = row.querySelector(".explain");
    if (!box) return;
    var text = outlierText(row, share);
    var hint = box.querySelector(".explain-hint");
    var explanation = box.querySelector(".explain-input");
    var keep = box.classList.contains("has-server-note") || (explanation && explanation.value.trim() !== "");
    if (hint) hint.textContent = text;
    box.classList.toggle("needed", text !== "" || keep);
  }

  var form = document.querySelector(".entry-form");
  if (form) {
    var share = parseFloat(form.getAttribute("data-outlier-share")) || 0.5;
    var rows = form.querySelectorAll(".entry-row");
    Array.prototype.forEach.call(rows, function (row) {
      var box = row.querySelector(".explain");
      if (box && box.classList.contains("needed")) box.classList.add("has-server-note");
      refresh(row, share);
      var input = row.querySelector(".value-input");
      if (input) input.addEventListener("input", function () { refresh(row, share); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".select-all"), function (box) {
    box.addEventListener("change", function () {
      var table = box.closest("table");
      Array.prototype.forEach.call(table.querySelectorAll("tbody input[type=checkbox]"), function (cb) {
        cb.checked = box.checked;
      });
    });
  });
})();

// The region-targets page: "采用建议值" copies the suggestion into its region's target input.
document.querySelectorAll("button[data-accept]").forEach(function (button) {
  button.addEventListener("click", function () {
    document.getElementById(button.dataset.accept).value = button.dataset.value;
  });
});
