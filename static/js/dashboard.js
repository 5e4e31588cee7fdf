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

  // Chart.js (200 kB) is fetched only when the first chart comes near the screen, and each
  // chart is drawn when it becomes visible: a phone opening the dashboard parses no chart code
  // before the figures (and their tables) are on screen. Printing draws them all first.
  var self = document.currentScript;
  var chartSrc = (self && self.getAttribute("data-chartjs-src")) || "";
  var drawEverything = Boolean(self && self.hasAttribute("data-draw-all"));
  var loading = null;
  var chartData = null;

  function loadChart() {
    if (window.Chart) {
      return Promise.resolve();
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = chartSrc;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function drawOne(canvas) {
    if (canvas.getAttribute("data-drawn") === "true" || typeof window.Chart === "undefined") {
      return;
    }
    var spec = chartData && chartData[canvas.getAttribute("data-chart")];
    if (!spec || !spec.labels.length) {
      canvas.closest(".chart-box").classList.add("d-none");
      return;
    }
    var kind = canvas.getAttribute("data-kind") || "bar";
    canvas.chart = new window.Chart(canvas, {
      type: kind,
      data: { labels: spec.labels, datasets: datasets(spec, kind) },
      options: options(spec, kind)
    });
    canvas.setAttribute("data-drawn", "true");
  }

  function drawAll() {
    return loadChart().then(function () {
      document.querySelectorAll("canvas[data-chart]").forEach(drawOne);
    });
  }

  function start() {
    chartData = readData();
    var canvases = document.querySelectorAll("canvas[data-chart]");
    if (!chartData || !canvases.length) {
      return;
    }
    if (drawEverything || !("IntersectionObserver" in window)) {
      drawAll();
      return;
    }
    // One chart per task, each when it is on screen: no single long task blocks the page.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && entry.intersectionRatio > 0) {
          observer.unobserve(entry.target);
          loadChart().then(function () {
            window.setTimeout(function () { drawOne(entry.target); }, 0);
          });
        }
      });
    }, { threshold: 0.1 });
    canvases.forEach(function (canvas) { observer.observe(canvas); });
  }

  // Charts redraw at paper width when printing.
  window.addEventListener("beforeprint", function () {
    if (window.Chart) {
      document.querySelectorAll("canvas[data-chart]").forEach(drawOne);
      Object.values(window.Chart.instances).forEach(function (chart) {
        chart.resize();
      });
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      drawAll().then(function () { window.print(); }, function () { window.print(); });
    }
  });

  // The totals arrive after the page when a worker computes them: the body is swapped in by htmx
  // (templates/insights/dashboard/_totals_pending.html) with its charts, which are drawn then.
  document.addEventListener("htmx:afterSettle", function () {
    if (document.querySelector("canvas[data-chart]:not([data-drawn])")) {
      start();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
