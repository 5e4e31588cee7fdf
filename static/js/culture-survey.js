// INTAN-WPL learning-culture survey: before/after bar chart. Data comes from the
// <script type="application/json" id="data-grafik-survei"> block (no inline script: CSP).
(function () {
  "use strict";
  var source = document.getElementById("data-grafik-survei");
  var canvas = document.getElementById("grafik-survei");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#9db4cf", "#0b5394"];
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (dataset, index) {
        return {
          label: dataset.label,
          data: dataset.data,
          backgroundColor: colours[index % colours.length]
        };
      })
    },
    options: {
      responsive: true,
      scales: {
        y: { min: 0, max: 5, title: { display: true, text: data.axis } }
      }
    }
  });
})();
