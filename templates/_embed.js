// Replace each static chart with its interactive version; without JavaScript the static SVG
// and the data table stay. On a screen narrower than the chart, a single view is laid out again
// to the screen's width (text keeps its size); a composed view is scaled down as a whole.
function fitSpec(spec, width) {
  var single = !(spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat);
  if (single && typeof spec.width === "number") {
    spec.width = width;
    spec.autosize = {type: "fit-x", contains: "padding"};
  }
  return spec;
}
document.querySelectorAll("script[id^='spec-']").forEach(function (node) {
  var id = node.id.slice(5);
  var target = document.getElementById("view-" + id);
  var spec = JSON.parse(node.textContent);
  var drawn = target.querySelector("svg");
  var natural = drawn ? parseFloat(drawn.getAttribute("width")) : 0;
  var room = target.clientWidth;
  if (room && natural > room) { spec = fitSpec(spec, room - 24); }  // value labels may reach past the plot
  vegaEmbed(target, spec, {actions: false, renderer: "svg", mode: "vega-lite"})
    .catch(function (err) { console.error(id, err); });
});
