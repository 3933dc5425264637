// Replace each static chart with its interactive version; without JavaScript the static SVG
// and the data table stay.
document.querySelectorAll("script[id^='spec-']").forEach(function (node) {
  var id = node.id.slice(5);
  var target = document.getElementById("view-" + id);
  var spec = JSON.parse(node.textContent);
  vegaEmbed(target, spec, {actions: false, renderer: "svg", mode: "vega-lite"})
    .catch(function (err) { console.error(id, err); });
});
