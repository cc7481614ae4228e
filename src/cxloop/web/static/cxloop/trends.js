/* Weekly trend charts (ECharts) for the Overview.

   Each <div data-trend="ID"> reads {labels, titles, values, low, high, n,
   value_texts, interval_texts (as the page writes them, e.g. "4,5"), decimal,
   minimum, percent, value_label, band_label, small_label, n_label} from
   <script id="ID" type="application/json">. The line is the weekly figure,
   the shaded band its 95 % interval; a week with fewer answers than the
   minimum is a hollow grey point, so the chart reads without colour.
   Tooltips are plain text (richText), so no label can become markup. The
   same numbers are in the table under each chart. */
(function () {
  "use strict";
  var INK = "#1b2330", MUTED = "#5b6575", BRAND = "#0f766e", GREY = "#98a2b3";

  function missing(value) {
    return value === null || value === undefined;
  }

  // An axis number as the page writes numbers: its decimal separator and a
  // real minus sign.
  function written(value, decimal) {
    return String(value).replace(".", decimal).replace(/^-/, "\u2212");
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-trend"));
    if (!source || !window.echarts) return;
    var d = JSON.parse(source.textContent);
    var suffix = d.percent ? " %" : "";
    var lows = d.low.map(function (low) { return missing(low) ? "-" : low; });
    var spans = d.high.map(function (high, i) {
      return missing(high) || missing(d.low[i]) ? "-" : high - d.low[i];
    });
    var points = d.values.map(function (value, i) {
      if (missing(value)) return "-";
      if (d.n[i] >= d.minimum) return value;
      return { value: value, symbol: "emptyCircle", symbolSize: 7, itemStyle: { color: GREY, borderColor: GREY } };
    });
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 24, right: 28, top: 12, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        formatter: function (items) {
          var i = items[0].dataIndex;
          var lines = [d.titles[i]];
          if (missing(d.values[i])) {
            lines.push(d.n_label + ": 0");
          } else {
            lines.push(d.value_label + ": " + d.value_texts[i]);
            if (d.interval_texts[i]) lines.push(d.band_label + ": " + d.interval_texts[i]);
            lines.push(d.n_label + ": " + d.n[i] + (d.n[i] < d.minimum ? " (" + d.small_label + ")" : ""));
          }
          return lines.join("\n");
        },
      },
      xAxis: {
        type: "category",
        data: d.labels,
        boundaryGap: false,
        axisTick: { show: false },
        axisLabel: { color: MUTED, hideOverlap: true },
        axisLine: { lineStyle: { color: "#cfd5de" } },
      },
      yAxis: {
        type: "value",
        scale: true,
        splitNumber: 4,
        axisLabel: { color: MUTED, formatter: function (v) { return written(v, d.decimal || ".") + suffix; } },
        splitLine: { lineStyle: { color: "#eef1f5" } },
      },
      series: [
        {
          name: "low",
          type: "line",
          data: lows,
          stack: "interval",
          stackStrategy: "all",
          symbol: "none",
          lineStyle: { opacity: 0 },
          silent: true,
          tooltip: { show: false },
        },
        {
          name: d.band_label,
          type: "line",
          data: spans,
          stack: "interval",
          stackStrategy: "all",
          symbol: "none",
          lineStyle: { opacity: 0 },
          areaStyle: { color: "rgba(15, 118, 110, 0.16)" },
          silent: true,
        },
        {
          name: d.value_label,
          type: "line",
          data: points,
          symbol: "circle",
          symbolSize: 5,
          lineStyle: { color: BRAND, width: 2 },
          itemStyle: { color: BRAND },
          connectNulls: false,
          z: 3,
        },
      ],
      aria: { enabled: false },
      textStyle: { color: INK },
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-trend]").forEach(draw);
  });
})();
