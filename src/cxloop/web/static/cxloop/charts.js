/* Small horizontal bar charts (ECharts) for the Irritants and Drivers pages.
   Each <div data-chart="ID"> reads its data from <script id="ID"
   type="application/json"> ({labels, values, unit}) and its height in
   pixels from data-height. Labels are drawn as
   SVG text and tooltips as plain text, so user-written topic names can
   never become markup. */
(function () {
  "use strict";
  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    // The height comes as data (the page's policy refuses style attributes).
    var height = parseFloat(element.getAttribute("data-height"));
    if (isFinite(height)) element.style.height = height + "px";
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 32, top: 8, bottom: 32, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        renderMode: "richText",
      },
      xAxis: {
        type: "value",
        name: data.unit,
        nameLocation: "middle",
        nameGap: 24,
        splitNumber: 3,
        nameTextStyle: { color: "#5b6575" },
        axisLabel: { color: "#5b6575", hideOverlap: true },
        splitLine: { lineStyle: { color: "#eef1f5" } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.labels,
        axisTick: { show: false },
        axisLabel: { width: 200, overflow: "truncate", color: "#1b2330" },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 16,
          data: data.values.map(function (value) {
            return {
              value: value,
              itemStyle: { color: value >= 0 ? "#d9534f" : "#12a37f" },
            };
          }),
        },
      ],
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
