// The global filters: one field at a time, each group's key figures, chart rows, captions and titles
// come ready from the build (#filter-views); a chart without rows for the group says it shows
// all data. Without JavaScript the form stays hidden and the report is the whole quarter.
(function () {
  var form = document.getElementById("filters");
  var source = document.getElementById("filter-views");
  if (!form || !source) { return; }
  var views = JSON.parse(source.textContent);
  var words = form.dataset;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var tiles = Array.prototype.slice.call(document.querySelectorAll("[data-tile]"));
  var kept = tiles.map(function (tile) {
    return {className: tile.className, value: tile.querySelector("[data-part=value]").textContent,
            detail: tile.querySelector("[data-part=detail]").textContent,
            word: tile.querySelector(".status-word") ? tile.querySelector(".status-word").textContent : null};
  });
  var captions = {}, titles = {};
  document.querySelectorAll("figure.chart").forEach(function (figure) {
    captions[figure.id.slice(4)] = figure.querySelector(".source").textContent;
    titles[figure.id.slice(4)] = figure.querySelector(".chart-title").textContent;
  });
  var changed = {};

  function setTile(tile, i, shown) {
    var label = tile.querySelector(".kpi-label");
    var word = tile.querySelector(".status-word");
    if (!shown) {
      tile.className = kept[i].className;
      tile.querySelector("[data-part=value]").textContent = kept[i].value;
      tile.querySelector("[data-part=detail]").textContent = kept[i].detail;
      if (word && kept[i].word === null) { word.remove(); } else if (word) { word.textContent = kept[i].word; }
      return;
    }
    tile.className = "kpi filtered status-" + shown.tone;
    tile.querySelector("[data-part=value]").textContent = shown.value;
    tile.querySelector("[data-part=detail]").textContent = shown.detail;
    var text = {met: words.statusMet, at_risk: words.statusAtrisk, missed: words.statusMissed}[shown.tone] || null;
    if (text && !word) { word = document.createElement("span"); word.className = "status-word"; label.prepend(word); }
    if (word) { if (text) { word.textContent = text; } else { word.remove(); } }
  }

  function setChart(id, shown) {
    var figure = document.getElementById("fig-" + id);
    var badge = figure && figure.querySelector(".filter-badge");
    if (!figure || !window.reportCharts || !window.reportCharts[id]) { return; }
    figure.querySelector(".source").textContent = shown === undefined ? captions[id] : shown.caption || captions[id];
    figure.querySelector(".chart-title").textContent = shown === undefined ? titles[id] : shown.title || titles[id];
    if (badge) {
      badge.hidden = shown === undefined;
      badge.className = "filter-badge " + (shown && shown.chart ? "follows" : "whole");
      badge.textContent = shown && shown.chart ? badge.dataset.follows : badge.dataset.whole;
    }
    var chart = shown && shown.chart;
    var whole = figure.querySelector(".table-whole");  // the data table stays the quarter's: said so
    if (whole) { whole.hidden = !chart; }
    window.reportCharts[id].note = !!(chart && chart.note);
    if (chart && chart.note) {
      window.reportCharts[id].target.innerHTML = "";
      var note = document.createElement("p");
      note.className = "chart-note";
      note.textContent = chart.note;
      window.reportCharts[id].target.appendChild(note);
      changed[id] = true;
    } else if (chart) {
      window.drawChart(id, chart.rows);
      changed[id] = true;
    } else if (changed[id]) {
      window.drawChart(id, null);
      delete changed[id];
    }
  }

  var hint = form.querySelector(".filters-hint");
  var advice = hint.textContent;

  function apply(field, value, select) {
    var view = field && value ? views[field][value] : null;
    hint.textContent = view ? words.showing + select.closest("label").firstChild.textContent.trim() +
      words.labelSep + select.options[select.selectedIndex].text + words.clauseSep + advice : advice;
    tiles.forEach(function (tile, i) {
      var key = tile.dataset.tile;
      if (!view) { setTile(tile, i, null); return; }
      var own = key ? view.tiles[key] : null;
      setTile(tile, i, own || {tone: "neutral", value: key ? "—" : kept[i].value,
                               detail: key ? words.notApplicable : words.whole});
    });
    Object.keys(window.reportCharts || {}).forEach(function (id) {
      setChart(id, view ? {chart: view.charts[id], caption: view.captions[id], title: view.titles[id]} : undefined);
    });
    document.querySelectorAll("table[data-group-by]").forEach(function (table) {
      table.querySelectorAll("tbody tr[data-key]").forEach(function (row) {
        row.classList.toggle("filtered-out", !!view && table.dataset.groupBy === field && row.dataset.key !== value);
      });
    });
  }

  selects.forEach(function (select) {
    select.addEventListener("change", function () {
      selects.forEach(function (other) { if (other !== select) { other.value = ""; } });
      apply(select.dataset.filter, select.value, select);
    });
  });
  form.hidden = false;
})();
