// Draws each IV&V chart from the table under it (the table is what screen readers read, and
// holds the same figures): a canvas names its table in data-chart-table. Bars carry a
// pattern of borders as well as a colour, and the legend names each series, so colour is
// never the only cue.
(function () {
  "use strict";
  var COLOURS = ["#005ea2", "#b50909", "#216e1f"];
  function tableData(table) {
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) {
      return c.textContent.trim();
    });
    var labels = [];
    var series = heads.slice(1).map(function (name) { return { label: name, data: [] }; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      labels.push(row.cells[0].textContent.trim());
      series.forEach(function (s, i) { s.data.push(Number(row.cells[i + 1].textContent)); });
    });
    return { labels: labels, series: series };
  }
  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart-table]").forEach(function (canvas) {
      var table = document.getElementById(canvas.getAttribute("data-chart-table"));
      if (!table) { return; }
      var data = tableData(table);
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.series.map(function (s, i) {
            return {
              label: s.label,
              data: s.data,
              backgroundColor: COLOURS[i % COLOURS.length],
              borderColor: "#1b1b1b",
              borderWidth: i,
            };
          }),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: data.series.length > 1 } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
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
