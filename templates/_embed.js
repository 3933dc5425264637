// Replace each static chart with its interactive version; without JavaScript the static SVG
// and the data table stay. On a screen narrower than the chart, a single view is laid out again
// to the screen's width (text keeps its size); a composed view is scaled down as a whole.
// `drawChart(id, rows)` draws a chart again with other rows (the filters), or as built (null);
// a change of the screen's width (a phone turned) draws the charts again for it.
function fitSpec(spec, width) {
  var single = !(spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat);
  if (single && typeof spec.width === "number") {
    spec.width = width;
    spec.autosize = {type: "fit-x", contains: "padding"};
  }
  return spec;
}
window.reportCharts = {};
window.chartsDrawing = 0;  // charts being drawn (vegaEmbed is asynchronous)
window.drawChart = function (id, rows) {
  var chart = window.reportCharts[id];
  chart.rows = rows;
  chart.room = chart.target.parentNode.clientWidth;
  var spec = JSON.parse(chart.json);
  if (rows && chart.dataset && spec.datasets) { spec.datasets[chart.dataset] = rows; }
  var room = chart.room;  // the figure's: the view itself takes its content's width once drawn
  if (room && chart.natural > room) { spec = fitSpec(spec, room - 24); }  // value labels may reach past the plot
  window.chartsDrawing += 1;
  return vegaEmbed(chart.target, spec, {actions: false, renderer: "svg", mode: "vega-lite"})
    .catch(function (err) { console.error(id, err); })
    .finally(function () { window.chartsDrawing -= 1; });
};
document.querySelectorAll("script[id^='spec-']").forEach(function (node) {
  var id = node.id.slice(5);
  var target = document.getElementById("view-" + id);
  var drawn = target.querySelector("svg");
  window.reportCharts[id] = {json: node.textContent, target: target, dataset: node.dataset.dataset || null,
                             natural: drawn ? parseFloat(drawn.getAttribute("width")) : 0};
  window.drawChart(id, null);
});
var resizing = null;
window.addEventListener("resize", function () {
  clearTimeout(resizing);
  resizing = setTimeout(function () {
    Object.keys(window.reportCharts).forEach(function (id) {
      var chart = window.reportCharts[id];
      var room = chart.target.parentNode.clientWidth;
      if (!chart.note && room !== chart.room && (chart.natural > Math.min(room, chart.room))) {
        window.drawChart(id, chart.rows);
      }
    });
  }, 200);
});
