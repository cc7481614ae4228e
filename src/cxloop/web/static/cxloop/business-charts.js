/* Revenue per customer per band (ECharts) for the CX and business page.
   Each <div data-band-chart="ID"> reads its data from <script id="ID"
   type="application/json"> ({labels, values, lows, highs, faint, unit}) and
   its height in pixels from data-height. Bars carry their value as text and
   a line with end ticks shows the 95 % interval, so nothing depends on
   colour; a group with too few customers is hatched and pale, as its table
   row is grey. Labels are SVG text and tooltips plain text. */
(function () {
  "use strict";
  var INK = "#1b2330";
  var MUTED = "#5b6575";

  function whisker(params, api) {
    var low = api.value(1);
    var high = api.value(2);
    if (low === null || high === null || isNaN(low) || isNaN(high)) return null;
    var from = api.coord([low, api.value(0)]);
    var to = api.coord([high, api.value(0)]);
    var tick = api.size([0, 1])[1] * 0.18;
    var style = { stroke: INK, lineWidth: 1.5 };
    return {
      type: "group",
      children: [
        { type: "line", shape: { x1: from[0], y1: from[1], x2: to[0], y2: to[1] }, style: style },
        { type: "line", shape: { x1: from[0], y1: from[1] - tick, x2: from[0], y2: from[1] + tick }, style: style },
        { type: "line", shape: { x1: to[0], y1: to[1] - tick, x2: to[0], y2: to[1] + tick }, style: style },
      ],
    };
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-band-chart"));
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    if (!data.values.length) return;
    // The height comes as data (the page's policy refuses style attributes).
    var height = parseFloat(element.getAttribute("data-height"));
    if (isFinite(height)) element.style.height = height + "px";
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 32, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      xAxis: {
        type: "value",
        name: data.unit,
        nameLocation: "middle",
        nameGap: 24,
        splitNumber: 3,
        min: 0,
        nameTextStyle: { color: MUTED },
        axisLabel: { color: MUTED, hideOverlap: true },
        splitLine: { lineStyle: { color: "#eef1f5" } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.labels,
        axisTick: { show: false },
        axisLabel: { width: 170, overflow: "truncate", color: INK },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 18,
          label: { show: true, position: "insideLeft", color: "#ffffff", formatter: "{c}" },
          data: data.values.map(function (value, index) {
            var faint = data.faint[index];
            return {
              value: value,
              label: faint ? { color: INK, position: "right" } : undefined,
              itemStyle: {
                color: faint ? "#c9d1dc" : "#3b6ea5",
                decal: faint
                  ? { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: "#ffffff" }
                  : undefined,
              },
            };
          }),
        },
        {
          type: "custom",
          renderItem: whisker,
          encode: { x: [1, 2], y: 0 },
          tooltip: { show: false },
          z: 3,
          data: data.values.map(function (value, index) {
            return [index, data.lows[index], data.highs[index]];
          }),
        },
      ],
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-band-chart]").forEach(draw);
  });
})();
