/* Behaviour every page shares, bound here rather than in inline handlers (onchange=, onclick=),
   which the Content-Security-Policy refuses (docs/security.md, "Deployment"):
   - <select data-autosubmit>: submits its form when changed (year, region, language pickers);
   - <button data-print>: prints the page;
   - <form data-confirm="…">: asks that question before submitting;
   - <button data-nav-toggle aria-controls="…">: on narrow screens, opens and closes the menu
     (without script the menu is a plain list: the class js-nav on <html> is what folds it);
   - table.data: the first column whose cells show a status (.badge, .prop-status) is marked
     status-col, so that narrow.css can pin it to the right edge of the table's scrolling box
     on a phone: the status stays in view while the details scroll. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });

  document.documentElement.classList.add("js-nav");

  function markStatusColumns() {
    var tables = document.querySelectorAll("table.data");
    Array.prototype.forEach.call(tables, function (table) {
      var cell = table.querySelector("tbody td .badge, tbody td .prop-status");
      cell = cell && cell.closest("td");
      if (!cell || cell.cellIndex < 1) return;
      var index = cell.cellIndex;
      Array.prototype.forEach.call(table.rows, function (row) {
        // Rows whose cells span columns (group headings, empty notes) keep their layout.
        if (row.cells.length > index && row.cells.length === cell.parentNode.cells.length) {
          row.cells[index].classList.add("status-col");
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markStatusColumns);
  } else {
    markStatusColumns();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) window.print();
    var toggle = event.target.closest ? event.target.closest("[data-nav-toggle]") : null;
    if (toggle) {
      var menu = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (menu) menu.classList.toggle("open", open);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
