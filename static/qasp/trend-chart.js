// Draws a QASP standard's trend from the table under its canvas (the table is what screen
// readers read, and holds the same figures): the observed value by period as a line, the AQL
// as a dashed horizontal line. An unacceptable point is a larger triangle as well as red, so
// colour is never the only cue; the legend and the table's Verdict column name them.
(function () {
  "use strict";
  var OBSERVED = "#005ea2";
  var UNACCEPTABLE = "#b50909";
  var AQL = "#1b1b1b";

  function number(text) {
    var clean = text.replace(/[,%\s]/g, "");
    if (clean === "") { return null; }
    var value = Number(clean);
    return isNaN(value) ? null : value;
  }

  function tableData(table) {
    var heads = table.tHead.rows[0].cells;
    var data = { labels: [], observed: [], aql: [], bad: [], names: [heads[1].textContent.trim(), heads[2].textContent.trim()] };
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      data.labels.push(row.cells[0].textContent.trim());
      data.observed.push(number(row.cells[1].textContent));
      data.aql.push(number(row.cells[2].textContent));
      data.bad.push(row.getAttribute("data-verdict") === "not-acceptable");
    });
    return data;
  }

  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart-table]").forEach(function (canvas) {
      var table = document.getElementById(canvas.getAttribute("data-chart-table"));
      if (!table) { return; }
      var data = tableData(table);
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            {
              label: data.names[0], data: data.observed, borderColor: OBSERVED, spanGaps: true,
              pointStyle: data.bad.map(function (b) { return b ? "triangle" : "circle"; }),
              pointRadius: data.bad.map(function (b) { return b ? 8 : 4; }),
              pointBackgroundColor: data.bad.map(function (b) { return b ? UNACCEPTABLE : OBSERVED; }),
              pointBorderColor: data.bad.map(function (b) { return b ? UNACCEPTABLE : OBSERVED; }),
              backgroundColor: OBSERVED,
            },
            {
              label: data.names[1], data: data.aql, borderColor: AQL, backgroundColor: AQL,
              borderDash: [8, 4], borderWidth: 2, pointRadius: 0, stepped: true,
            },
          ],
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: {
            tooltip: {
              callbacks: {
                afterLabel: function (item) {
                  return item.datasetIndex === 0 && data.bad[item.dataIndex] ? "Not acceptable" : "";
                },
              },
            },
          },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
