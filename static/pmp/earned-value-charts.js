// Draws the earned value charts from the tables under them (each canvas names its table in
// data-chart-table, its kind in data-chart-kind). The tables hold the same figures for screen
// readers and print. Every line differs by dash pattern and point shape as well as colour,
// and the legend names each; the bands of the index chart are thin dashed lines.
(function () {
  "use strict";
  var STYLES = [
    { color: "#005ea2", dash: [], point: "circle" },
    { color: "#00a91c", dash: [8, 4], point: "rect" },
    { color: "#d54309", dash: [2, 3], point: "triangle" },
    { color: "#1b1b1b", dash: [12, 4, 2, 4], point: "crossRot" },
  ];
  var BAND = { color: "#71767a", dash: [3, 3] };

  function number(text) {
    var clean = text.replace(/\u2212/g, "-").replace(/[$,%\s]/g, "");
    if (clean === "" || clean === "Undefined") { return null; }
    var value = Number(clean);
    return isNaN(value) ? null : value;
  }

  function tableData(table) {
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) {
      return c.textContent.trim();
    });
    var labels = [];
    var series = heads.slice(1).map(function (name) { return { label: name, data: [] }; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      labels.push(row.cells[0].textContent.trim());
      series.forEach(function (s, i) { s.data.push(number(row.cells[i + 1].textContent.trim())); });
    });
    return { labels: labels, series: series };
  }

  function lineSet(s, i) {
    var style = STYLES[i % STYLES.length];
    return {
      label: s.label, data: s.data, borderColor: style.color, backgroundColor: style.color,
      borderDash: style.dash, pointStyle: style.point, pointRadius: 4, spanGaps: true,
    };
  }

  function bandSet(s) {
    return {
      label: s.label, data: s.data, borderColor: BAND.color, backgroundColor: BAND.color,
      borderDash: BAND.dash, borderWidth: 1, pointRadius: 0, spanGaps: true,
    };
  }

  function config(kind, data) {
    if (kind === "variance") {
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.series.map(function (s, i) {
            var style = STYLES[i % STYLES.length];
            return {
              label: s.label, data: s.data, backgroundColor: style.color,
              borderColor: "#1b1b1b", borderWidth: i === 0 ? 0 : 2,
            };
          }),
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false },
      };
    }
    var datasets = data.series.map(function (s, i) {
      return kind === "indices" && i >= 3 ? bandSet(s) : lineSet(s, i);
    });
    return {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: kind !== "indices" } },
      },
    };
  }

  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart-table]").forEach(function (canvas) {
      var table = document.getElementById(canvas.getAttribute("data-chart-table"));
      if (!table) { return; }
      new window.Chart(canvas, config(canvas.getAttribute("data-chart-kind"), tableData(table)));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
