// Draws each RAID chart (a risk's score history, the program's exposure trend) from the
// table under it, which screen readers read and which holds the same figures: a canvas names
// its table in data-chart-table. Lines differ by dash pattern and point shape as well as by
// colour, and the legend names each.
(function () {
  "use strict";
  var STYLES = [
    { color: "#b50909", dash: [], point: "rect" },
    { color: "#005ea2", dash: [6, 4], point: "circle" },
  ];
  function tableData(table) {
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) {
      return c.textContent.trim();
    });
    var labels = [];
    var series = heads.slice(1).map(function (name) { return { label: name, data: [] }; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      labels.push(row.cells[0].textContent.trim());
      series.forEach(function (s, i) {
        var text = row.cells[i + 1].textContent.trim();
        s.data.push(text === "" || text === "None" ? null : Number(text));
      });
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
        type: "line",
        data: {
          labels: data.labels,
          datasets: data.series.map(function (s, i) {
            var style = STYLES[i % STYLES.length];
            return {
              label: s.label,
              data: s.data,
              borderColor: style.color,
              backgroundColor: style.color,
              borderDash: style.dash,
              pointStyle: style.point,
              pointRadius: 4,
              stepped: canvas.hasAttribute("data-stepped"),
              spanGaps: true,
            };
          }),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
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
