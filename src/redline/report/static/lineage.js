(function () {
  "use strict";
  // Time runs top to bottom (one row per article, earliest first); each generation of copies is a
  // column to the right of its source's (the origin, a story root, is a red diamond); arrows get wider
  // with the share of reused text. Labels are outlet names beside their node, one row each, so none
  // overlap. Clicking an article with copies folds them (and theirs) away or back.
  var COLUMN = 240, ROW = 24, FOLD = 8, READABLE = 0.75;
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  function plain(value) {  // bidi overrides written out, as on the rest of the page: none reorders a label
    return String(value).replace(/[\u202a-\u202e\u2066-\u2069]/g, function (c) {
      return "\\u" + c.charCodeAt(0).toString(16);
    });
  }
  var byId = {}, kids = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; kids[n.id] = []; });
  data.nodes.forEach(function (n) { if (n.parent && kids[n.parent]) { kids[n.parent].push(n.id); } });
  var rows = [], placed = {};
  function place(n) {  // a copy never above its source, though a date without a time sorts first
    if (placed[n.id]) { return; }
    placed[n.id] = true;
    if (n.parent && byId[n.parent]) { place(byId[n.parent]); }
    rows.push(n);
  }
  data.nodes.forEach(place);
  var elements = [];
  data.nodes.forEach(function (n) {
    var name = plain(n.outlet || n.id);
    elements.push({ group: "nodes", position: { x: n.depth * COLUMN, y: n.order * ROW },
                    data: { id: n.id, label: (n.root ? "origin: " : "") + name, full: name,
                            root: n.root ? 1 : 0, copies: kids[n.id].length } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target,
                    width: 1 + 7 * e.reuse, role: e.role } });
  });
  var box = document.getElementById("graph");
  var cy = cytoscape({
    container: box,
    elements: elements,
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.1,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 12, "text-wrap": "ellipsis",
          "text-max-width": COLUMN - 40, "text-valign": "center", "text-halign": "right", "text-margin-x": 6,
          "background-color": "#6b8fb5", "width": 16, "height": 16 } },
      { selector: "node[root = 1]", style: { "shape": "diamond", "background-color": "#b5463c",
          "width": 24, "height": 24, "font-weight": "bold" } },
      { selector: "node.folded", style: { "border-width": 3, "border-color": "#333" } },
      { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle",
          "width": "data(width)", "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1", "opacity": 0.8 } },
      { selector: "edge[role = 'additional']", style: { "line-style": "dashed" } },
      { selector: "edge:selected", style: { "line-color": "#b5463c", "target-arrow-color": "#b5463c" } }
    ]
  });

  function below(id) {  // every copy under id once, even where the edges form a loop
    var out = [], seen = {}, todo = [id];
    seen[id] = true;
    while (todo.length) {
      (kids[todo.pop()] || []).forEach(function (k) {
        if (!seen[k]) { seen[k] = true; out.push(k); todo.push(k); }
      });
    }
    return out;
  }
  function restack() {  // the rows of the articles still shown, in time order
    var row = 0;
    rows.forEach(function (n) {
      var el = cy.getElementById(n.id);
      if (el.style("display") !== "none") { el.position({ x: n.depth * COLUMN, y: row * ROW }); row += 1; }
    });
  }
  function fold(id, hide) {
    var node = cy.getElementById(id);
    below(id).forEach(function (k) { cy.getElementById(k).style("display", hide ? "none" : "element"); });
    node.toggleClass("folded", hide);
    var n = byId[id];
    node.data("label", (n.root ? "origin: " : "") + node.data("full") + (hide ? " (+" + below(id).length + ")" : ""));
  }
  function show() {  // fit what is shown, but never so small that the labels cannot be read: pan instead
    var shown = cy.nodes().filter(function (el) { return el.style("display") !== "none"; });
    box.style.height = Math.min(2400, Math.max(240, shown.length * ROW + 60)) + "px";
    cy.resize();
    cy.fit(shown, 30);
    if (cy.zoom() < READABLE) { cy.zoom(READABLE); cy.pan({ x: 30, y: 30 }); }
  }
  data.nodes.forEach(function (n) { if (kids[n.id].length > FOLD && !n.root) { fold(n.id, true); } });
  restack();
  show();
  window.redlineGraph = cy;

  cy.on("tap", "edge", function (evt) {
    var link = data.links[evt.target.id()];
    if (link) { window.open(link, "_blank", "noopener"); }
  });
  cy.on("tap", "node", function (evt) {
    var id = evt.target.id(), n = byId[id];
    if (kids[id].length) { fold(id, !evt.target.hasClass("folded")); restack(); show(); }
    var parts = [n.id, n.title, n.outlet, n.date].filter(function (x) { return x; });
    var sib = (n.siblings || []).length ? " · siblings: " + n.siblings.join(", ") : "";
    document.getElementById("selected").textContent = plain("Selected: " + parts.join(" · ") + sib);
  });
})();
