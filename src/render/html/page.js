// Click a column header to sort the table by it (again to reverse). Numbers sort by their
// data-sort value, text in the page language's order. Without script the tables keep their
// printed order (grouped by county), so nothing depends on this.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener("click", function () {
        var desc = th.classList.contains("asc");
        Array.prototype.forEach.call(heads, function (h) { h.classList.remove("asc", "desc"); });
        th.classList.add(desc ? "desc" : "asc");
        var key = function (tr) {
          var td = tr.cells[col];
          if (!td) { return ""; }
          var s = td.getAttribute("data-sort");
          return s === null ? td.textContent : parseFloat(s);
        };
        // Each <tbody> is a group (e.g. one county): rows are sorted within it, under its
        // heading row.
        Array.prototype.forEach.call(table.tBodies, function (body) {
          var rows = Array.prototype.filter.call(body.rows, function (tr) {
            return !tr.classList.contains("group");
          });
          rows.sort(function (a, b) {
            var x = key(a), y = key(b), c;
            if (typeof x === "number" && typeof y === "number") { c = x - y; }
            else { c = String(x).localeCompare(String(y), lang); }
            return desc ? -c : c;
          });
          rows.forEach(function (tr) { body.appendChild(tr); });
        });
      });
    });
  });
})();
