// The RACI grid as an ARIA grid: one cell in the tab order (roving tabindex), arrow keys move
// between cells, a code letter sets the focused cell and Delete or Backspace clears it; each
// change is posted with htmx to the cell's own endpoint with the revision it was made from.
// Without JavaScript every cell is a link to its own form.
(function () {
  "use strict";

  var grid = document.querySelector("[data-raci-grid]");
  if (!grid || !window.htmx) {
    return;
  }
  var codes = (grid.dataset.codes || "").toUpperCase();

  function cells() {
    return Array.prototype.slice.call(grid.querySelectorAll("td.raci-cell"));
  }

  function prepare(cell, active) {
    cell.tabIndex = active ? 0 : -1;
    var link = cell.querySelector("a");
    if (link) {
      link.tabIndex = -1;
    }
  }

  var all = cells();
  all.forEach(function (cell, index) {
    prepare(cell, index === 0);
  });

  function focusCell(cell) {
    if (!cell) {
      return;
    }
    grid.querySelectorAll("td.raci-cell[tabindex='0']").forEach(function (other) {
      other.tabIndex = -1;
    });
    cell.tabIndex = 0;
    cell.focus();
  }

  function rowCells(cell) {
    return Array.prototype.slice.call(cell.parentElement.querySelectorAll("td.raci-cell"));
  }

  // The cell of the same column ``step`` rows down (up when negative), by the cells' ids
  // ("cell-<row>-<column>") and the row headers' ("row-<row>") in document order.
  function vertical(cell, step) {
    var rows = Array.prototype.map.call(grid.querySelectorAll("th.raci-row-header"), function (th) {
      return th.id.slice(4);
    });
    var parts = cell.id.split("-");
    var index = rows.indexOf(parts[1]) + step;
    if (index < 0 || index >= rows.length) {
      return null;
    }
    return document.getElementById("cell-" + rows[index] + "-" + parts[2]);
  }

  function say(text) {
    var status = document.getElementById("raci-status");
    if (status) {
      status.textContent = text;
    }
  }

  function save(cell, code) {
    if (cell.getAttribute("aria-readonly") === "true") {
      say("Only editors of the party that owns this row set its codes.");
      return;
    }
    window.htmx.ajax("POST", cell.dataset.url, {
      source: cell,
      target: "#" + cell.id,
      swap: "outerHTML",
      values: { code: code, revision: cell.dataset.revision },
    });
  }

  grid.addEventListener("keydown", function (event) {
    var cell = event.target.closest ? event.target.closest("td.raci-cell") : null;
    if (!cell || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var row = rowCells(cell);
    var at = row.indexOf(cell);
    var key = event.key;
    if (key === "ArrowRight") {
      focusCell(row[at + 1]);
    } else if (key === "ArrowLeft") {
      focusCell(row[at - 1]);
    } else if (key === "ArrowDown" || key === "ArrowUp") {
      focusCell(vertical(cell, key === "ArrowDown" ? 1 : -1));
    } else if (key === "Home") {
      focusCell(row[0]);
    } else if (key === "End") {
      focusCell(row[row.length - 1]);
    } else if (key === "Delete" || key === "Backspace") {
      save(cell, "");
    } else if (key.length === 1 && codes.indexOf(key.toUpperCase()) >= 0) {
      save(cell, key.toUpperCase());
    } else if (key === "Enter") {
      var link = cell.querySelector("a");
      if (link) {
        link.click();
      }
    } else {
      return;
    }
    event.preventDefault();
  });

  grid.addEventListener("click", function (event) {
    var cell = event.target.closest ? event.target.closest("td.raci-cell") : null;
    if (cell) {
      focusCell(cell);
    }
  });

  // A refused change (stale, not allowed, a second A) answers the cell as it now is and the
  // reason: swap it like a success.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 403 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  var pendingFocus = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var cell = event.detail.elt;
    if (cell && cell.classList && cell.classList.contains("raci-cell")) {
      pendingFocus = cell.id;
    }
  });
  // The answered cell takes the focus back as soon as it is in the page (afterSwap, not
  // afterSettle: between the two the saved status is already said and the focus would be on
  // the page's body).
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var cell = event.target;
    if (!pendingFocus || !cell || cell.id !== pendingFocus) {
      return;
    }
    pendingFocus = null;
    prepare(cell, true);
    focusCell(cell);
  });
})();
