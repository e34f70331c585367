// Draws the dashboard's charts from the JSON beside them (no inline script: the CSP allows none).
(function () {
  "use strict";
  var source = document.getElementById("stats-charts");
  if (!source || !window.echarts) { return; }
  var charts = JSON.parse(source.textContent);
  var drawn = [];
  // The accessibility floor for text, larger in 长辈版 (ECharts draws 12 by default).
  var size = document.documentElement.classList.contains("elder") ? 18 : 14;
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var chart = charts[box.getAttribute("data-chart")];
    if (!chart || !chart.labels.length) { box.hidden = true; return; }
    var instance = echarts.init(box, null, { renderer: "svg" });
    var option = {
      animation: false,
      textStyle: { fontSize: size },
      tooltip: { trigger: chart.type === "pie" ? "item" : "axis", renderMode: "richText" },
      legend: chart.series.length > 1 ? { top: 0, textStyle: { fontSize: size } } : undefined,
      grid: { left: 8, right: 8, top: chart.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    };
    if (chart.type === "pie") {
      option.series = [{
        type: "pie", radius: ["35%", "65%"], label: { fontSize: size },
        data: chart.labels.map(function (label, i) { return { name: label, value: chart.series[0].values[i] }; }),
      }];
    } else {
      option.xAxis = { type: "category", data: chart.labels, axisLabel: { fontSize: size, interval: 0, hideOverlap: true, rotate: chart.labels.length > 4 ? 30 : 0 } };
      option.yAxis = { type: "value", minInterval: 1, axisLabel: { fontSize: size } };
      option.series = chart.series.map(function (s) { return { type: chart.type, name: s.name, data: s.values }; });
    }
    instance.setOption(option);
    drawn.push(instance);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
}());
