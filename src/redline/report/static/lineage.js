(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ data: { id: n.id, label: (n.outlet ? n.outlet + ": " : "") + n.id,
                            root: n.root ? 1 : 0, depth: n.depth } });
  });
  data.edges.forEach(function (e) {
    elements.push({ data: { id: e.id, source: e.source, target: e.target,
                            label: Math.round(e.reuse * 100) + "%", width: 1 + 6 * e.reuse } });
  });
  var roots = data.nodes.filter(function (n) { return n.root; }).map(function (n) { return n.id; });
  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: elements,
    layout: { name: "breadthfirst", directed: true, roots: roots, spacingFactor: 1.1 },
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 10, "text-wrap": "ellipsis",
          "text-max-width": 160, "background-color": "#6b8fb5", "width": 18, "height": 18 } },
      { selector: "node[root = 1]", style: { "background-color": "#b5463c", "width": 26, "height": 26 } },
      { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle",
          "width": "data(width)", "label": "data(label)", "font-size": 9, "line-color": "#999",
          "target-arrow-color": "#999" } },
      { selector: "edge:selected", style: { "line-color": "#b5463c", "target-arrow-color": "#b5463c" } }
    ]
  });
  cy.on("tap", "edge", function (evt) {
    var link = data.links[evt.target.id()];
    if (link) { window.open(link, "_blank", "noopener"); }
  });
  cy.on("tap", "node", function (evt) {
    var n = data.nodes.filter(function (x) { return x.id === evt.target.id(); })[0];
    var parts = [n.id, n.title, n.outlet, n.date].filter(function (x) { return x; });
    document.getElementById("selected").textContent = "Selected: " + parts.join(" · ");
  });
})();
