// 70:20:10 bars: widths come from data attributes (no inline style: the CSP forbids it).
(function () {
  "use strict";
  function clamp(value) {
    var number = parseFloat(value);
    if (isNaN(number)) { return 0; }
    return Math.max(0, Math.min(100, number));
  }
  document.querySelectorAll("[data-mix-width]").forEach(function (bar) {
    bar.style.width = clamp(bar.getAttribute("data-mix-width")) + "%";
  });
  document.querySelectorAll("[data-mix-left]").forEach(function (marker) {
    marker.style.left = "calc(" + clamp(marker.getAttribute("data-mix-left")) + "% - 1px)";
  });
})();
