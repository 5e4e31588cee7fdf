// INTAN-WPL dashboard: draws every canvas[data-chart] with Chart.js from the JSON that the
// page put in <script type="application/json" id="dashboard-chart-data"> (json_script), so no
// inline script is needed (CSP). The tables beside the charts carry the same figures.
(function () {
  "use strict";

  var COLOURS = ["#0b5394", "#e69138", "#6aa84f", "#a64d79", "#3d85c6", "#cc0000", "#674ea7", "#45818e", "#bf9000"];

  function readData() {
    var node = document.getElementById("dashboard-chart-data");
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  function datasets(spec, kind) {
    return spec.series.map(function (series, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: series.label,
        data: series.values,
        backgroundColor: kind === "doughnut" ? COLOURS.slice(0, series.values.length) : colour,
        borderColor: kind === "doughnut" ? "#ffffff" : colour,
        borderWidth: 1
      };
    });
  }

  function options(spec, kind) {
    var opts = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: kind === "doughnut" || spec.series.length > 1, position: "bottom" } }
    };
    if (kind !== "doughnut") {
      var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
      if (spec.max) {
        valueAxis.max = spec.max;
      }
      opts.indexAxis = spec.horizontal ? "y" : "x";
      opts.scales = spec.horizontal ? { x: valueAxis } : { y: valueAxis };
    }
    return opts;
  }

  function draw() {
    var data = readData();
    if (!data || typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = data[canvas.getAttribute("data-chart")];
      if (!spec || !spec.labels.length) {
        canvas.closest(".chart-box").classList.add("d-none");
        return;
      }
      var kind = canvas.getAttribute("data-kind") || "bar";
      var chart = new window.Chart(canvas, {
        type: kind,
        data: { labels: spec.labels, datasets: datasets(spec, kind) },
        options: options(spec, kind)
      });
      canvas.setAttribute("data-drawn", "true");
      canvas.chart = chart;
    });
  }

  // Charts redraw at paper width when printing.
  window.addEventListener("beforeprint", function () {
    Object.values(window.Chart ? window.Chart.instances : {}).forEach(function (chart) {
      chart.resize();
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
