// The reply import's confirmation form: add rows, grey out dropped rows, tick or untick all.
// No library: plain DOM, and the form still works without this script (rows are only added).
(function () {
  "use strict";

  function markDropped(row) {
    var keep = row.querySelector('input[type="checkbox"][name$="-keep"]');
    if (keep) row.classList.toggle("dropped", !keep.checked);
  }

  function renumber(tbody) {
    Array.prototype.forEach.call(tbody.rows, function (row, index) {
      var cell = row.querySelector(".prop-rownum");
      if (cell) cell.textContent = String(index + 1);
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches('input[type="checkbox"][name$="-keep"]')) {
      markDropped(target.closest("tr"));
    }
  });

  document.querySelectorAll(".prop-add").forEach(function (button) {
    button.addEventListener("click", function () {
      var prefix = button.getAttribute("data-add");
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var template = document.getElementById(prefix + "-empty");
      var table = document.querySelector('table[data-prefix="' + prefix + '"] tbody');
      if (!total || !template || !table) return;
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      table.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = table.rows[table.rows.length - 1];
      var keep = row.querySelector('input[type="checkbox"][name$="-keep"]');
      if (keep) keep.checked = true;
      markDropped(row);
      renumber(table);
      var first = row.querySelector("textarea, input[type=text]");
      if (first) first.focus();
    });
  });

  document.querySelectorAll(".prop-toggle-all").forEach(function (button) {
    button.addEventListener("click", function () {
      var table = document.getElementById(button.getAttribute("data-target"));
      if (!table) return;
      var boxes = table.querySelectorAll('input[type="checkbox"][name$="-keep"]');
      var allChecked = Array.prototype.every.call(boxes, function (b) { return b.checked; });
      boxes.forEach(function (box) {
        box.checked = !allChecked;
        markDropped(box.closest("tr"));
      });
    });
  });
})();
