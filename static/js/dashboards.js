/* wzsci dashboards: draw the figures the server embedded as JSON, with plotly.js served from
   this server (no CDN). Each chart is <div data-figure="ID" data-config="{...}"> next to
   <script type="application/json" id="ID">{data, layout}</script>. */
(function () {
  "use strict";

  // Plotly's toolbar and hover texts in Chinese.
  var zhCN = {
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      "Autoscale": "自动缩放",
      "Box Select": "矩形选择",
      "Click to enter Colorscale title": "点击输入色标标题",
      "Click to enter Component A title": "点击输入组件A标题",
      "Click to enter Component B title": "点击输入组件B标题",
      "Click to enter Component C title": "点击输入组件C标题",
      "Click to enter Plot title": "点击输入图表标题",
      "Click to enter X axis title": "点击输入X轴标题",
      "Click to enter Y axis title": "点击输入Y轴标题",
      "Compare data on hover": "悬停时比较数据",
      "Double-click on legend to isolate one trace": "双击图例只显示该系列",
      "Double-click to zoom back out": "双击恢复缩放",
      "Download plot as a png": "下载图片（PNG）",
      "Download plot as a PNG": "下载图片（PNG）",
      "Download plot": "下载图片",
      "Lasso Select": "套索选择",
      "Orbital rotation": "轨道旋转",
      "Pan": "平移",
      "Produced with Plotly": "由 Plotly 生成",
      "Reset": "重置",
      "Reset axes": "重置坐标轴",
      "Reset camera to default": "重置视角",
      "Reset camera to last save": "恢复上次保存的视角",
      "Reset view": "重置视图",
      "Reset views": "重置视图",
      "Show closest data on hover": "悬停时显示最近的数据",
      "Snapshot succeeded": "图片已生成",
      "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载失败！",
      "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
      "Toggle Spike Lines": "显示/隐藏辅助线",
      "Toggle show closest data on hover": "切换悬停显示最近数据",
      "Turntable rotation": "转台旋转",
      "Zoom": "缩放",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "close:": "收盘：",
      "high:": "最高：",
      "low:": "最低：",
      "open:": "开盘：",
      "trace": "系列"
    },
    format: {
      days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
      shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      date: "%Y-%m-%d",
      decimal: ".",
      thousands: ","
    }
  };

  // A map's own style names its sprite and glyphs by path on this server (see
  // indicators/compute/charts/status_grids.py, blank_map_style); MapLibre needs them absolute.
  // Concatenated, not resolved with URL(), which would escape the {fontstack}/{range} slots.
  function absoluteMapAssets(layout) {
    var style = layout && layout.map && layout.map.style;
    if (!style || typeof style !== "object") {
      return;
    }
    ["sprite", "glyphs"].forEach(function (key) {
      if (typeof style[key] === "string" && style[key].charAt(0) === "/") {
        style[key] = window.location.origin + style[key];
      }
    });
  }

  // On a phone (a chart box narrower than this, in CSS pixels) the legend goes below the plot,
  // where it can wrap onto more lines without covering the title, the side margins shrink, and a
  // heatmap's long column headers become the indicators' numbers (as on the overview's cards;
  // hovering a cell still names the indicator in full).
  var NARROW = 560;
  var SHORT = 10;

  function narrowLayout(figure) {
    var layout = figure.layout || (figure.layout = {});
    var margin = layout.margin || (layout.margin = {});
    margin.l = Math.min(margin.l === undefined ? 60 : margin.l, 40);
    margin.r = Math.min(margin.r === undefined ? 20 : margin.r, 12);
    if (layout.title && layout.title.font) {
      layout.title.font.size = 14;
    }
    // A long title is cut at the chart's edge: break it after its colon, onto a second line.
    var title = layout.title && layout.title.text;
    if (title && title.length > 18 && title.indexOf("：") > 0 && title.indexOf("<br>") < 0) {
      layout.title.text = title.replace("：", "：<br>");
      margin.t = (margin.t || 40) + 18;
    }
    var legendShown = layout.showlegend !== false && (figure.data || []).some(function (trace) {
      return trace.showlegend !== false && trace.type !== "heatmap" && trace.name;
    });
    if (legendShown) {
      layout.legend = Object.assign({}, layout.legend, {
        orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom",
        font: { size: 11 }
      });
      var entries = figure.data.filter(function (t) { return t.showlegend !== false && t.name; }).length;
      margin.b = Math.max(margin.b || 0, 70 + 18 * Math.ceil(entries / 2));
      layout.height = (layout.height || 380) + 18 * Math.ceil(entries / 2);
    }
    if (layout.title && typeof layout.title === "object") {
      layout.title.pad = Object.assign({}, layout.title.pad, { l: 8 });
    }
    // Long category names on a horizontal bar chart leave no room for the bars: shorten them
    // to SHORT characters (the hover text keeps the full name).
    var categories = [];
    (figure.data || []).forEach(function (trace) {
      if (trace.type === "bar" && trace.orientation === "h" && trace.y) {
        trace.y.forEach(function (name) {
          if (categories.indexOf(name) < 0) categories.push(name);
        });
      }
    });
    if (categories.some(function (name) { return String(name).length > SHORT; })) {
      layout.yaxis = Object.assign({}, layout.yaxis, {
        tickmode: "array",
        tickvals: categories,
        ticktext: categories.map(function (name) {
          name = String(name);
          return name.length > SHORT ? name.slice(0, SHORT - 1) + "…" : name;
        })
      });
    }
    // A chart that names its own short axis labels for a phone (the 序时进度 chart: 9月 for
    // 1–9月; indicators/compute/charts/pace.py) gets them.
    var shortTicks = layout.meta && layout.meta.short_ticktext;
    if (shortTicks && layout.xaxis && layout.xaxis.ticktext) {
      layout.xaxis = Object.assign({}, layout.xaxis, { ticktext: shortTicks });
    }
    (figure.data || []).forEach(function (trace) {
      if (trace.type === "heatmap" && trace.x && trace.x.length > 4) {
        layout.xaxis = Object.assign({}, layout.xaxis, {
          tickmode: "array",
          tickvals: trace.x,
          ticktext: trace.x.map(function (_, i) { return String(i + 1); })
        });
        margin.t = Math.min(margin.t || 60, layout.title ? 80 : 40);
      }
    });
  }

  function drawAll() {
    if (!window.Plotly) {
      return;
    }
    window.Plotly.register(zhCN);
    var boxes = document.querySelectorAll("[data-figure]");
    Array.prototype.forEach.call(boxes, function (box) {
      var source = document.getElementById(box.getAttribute("data-figure"));
      if (!source) {
        return;
      }
      var figure = JSON.parse(source.textContent);
      absoluteMapAssets(figure.layout);
      var config = JSON.parse(box.getAttribute("data-config") || "{}");
      if (box.clientWidth < NARROW) {
        narrowLayout(figure);
      }
      window.Plotly.newPlot(box, figure.data, figure.layout, config).then(function () {
        box.setAttribute("data-drawn", "true");
      });
    });
  }

  // A <select class="js-autosubmit"> submits its form on change (the button stays for no-JS use).
  function autosubmit() {
    var selects = document.querySelectorAll("select.js-autosubmit");
    Array.prototype.forEach.call(selects, function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); autosubmit(); });
  } else {
    drawAll();
    autosubmit();
  }
})();
