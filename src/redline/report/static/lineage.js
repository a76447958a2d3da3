(function () {
  "use strict";
  // Time runs top to bottom (one row per article, earliest first); each generation of copies is a
  // column to the right of its source's (the origin, a story root, is a red diamond); arrows get wider
  // with the share of reused text. Labels are outlet names beside their node, one row each, so none
  // overlap. Clicking an article with copies folds them (and theirs) away or back.
  var COLUMN = 240, ROW = 24, FOLD = 8;
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var byId = {}, kids = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; kids[n.id] = []; });
  data.nodes.forEach(function (n) { if (n.parent && kids[n.parent]) { kids[n.parent].push(n.id); } });
  var elements = [];
  data.nodes.forEach(function (n) {
    var name = n.outlet || n.id;
    elements.push({ group: "nodes", position: { x: n.depth * COLUMN, y: n.order * ROW },
                    data: { id: n.id, label: (n.root ? "origin: " : "") + name, full: name,
                            root: n.root ? 1 : 0, copies: kids[n.id].length } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target,
                    width: 1 + 7 * e.reuse, role: e.role } });
  });
  var box = document.getElementById("graph");
  box.style.height = Math.min(2400, Math.max(480, data.nodes.length * ROW + 60)) + "px";
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

  function below(id) {
    var out = [];
    (kids[id] || []).forEach(function (k) { out.push(k); out = out.concat(below(k)); });
    return out;
  }
  function restack() {  // the rows of the articles still shown, in time order
    var row = 0;
    data.nodes.forEach(function (n) {
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
  data.nodes.forEach(function (n) { if (kids[n.id].length > FOLD && !n.root) { fold(n.id, true); } });
  restack();
  cy.fit(undefined, 30);

  cy.on("tap", "edge", function (evt) {
    var link = data.links[evt.target.id()];
    if (link) { window.open(link, "_blank", "noopener"); }
  });
  cy.on("tap", "node", function (evt) {
    var id = evt.target.id(), n = byId[id];
    if (kids[id].length) { fold(id, !evt.target.hasClass("folded")); restack(); }
    var parts = [n.id, n.title, n.outlet, n.date].filter(function (x) { return x; });
    var sib = (n.siblings || []).length ? " · siblings: " + n.siblings.join(", ") : "";
    document.getElementById("selected").textContent = "Selected: " + parts.join(" · ") + sib;
  });
})();
