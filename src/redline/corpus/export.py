"""Lineage exports: JSON, GraphML and an HTML page drawn with the vendored cytoscape.js."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jinja2

from ..errors import InputError

NODE_KEYS = ("title", "outlet", "date", "url", "byline")
EDGE_KEYS = (("reuse", "double"), ("derivation", "string"), ("took_added", "int"),
             ("direction_confidence", "double"), ("candidates", "int"))


def to_json(graph: dict) -> str:
    return json.dumps(graph, ensure_ascii=False, indent=2)


def to_graphml(graph: dict) -> str:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for k in NODE_KEYS:
        ET.SubElement(root, "key", {"id": k, "for": "node", "attr.name": k, "attr.type": "string"})
    ET.SubElement(root, "key", {"id": "root", "for": "node", "attr.name": "root", "attr.type": "boolean"})
    for k, t in EDGE_KEYS:
        ET.SubElement(root, "key", {"id": k, "for": "edge", "attr.name": k, "attr.type": t})
    g = ET.SubElement(root, "graph", id=graph["cluster"], edgedefault="directed")
    for node in graph["nodes"]:
        el = ET.SubElement(g, "node", id=node["id"])
        for k in NODE_KEYS:
            if node.get(k) is not None:
                ET.SubElement(el, "data", key=k).text = str(node[k])
        ET.SubElement(el, "data", key="root").text = "true" if node["root"] else "false"
    for edge in graph["edges"]:
        el = ET.SubElement(g, "edge", id=edge["id"], source=edge["source"], target=edge["target"])
        for k, _ in EDGE_KEYS:
            if edge.get(k) is not None:
                ET.SubElement(el, "data", key=k).text = str(edge[k])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _static(name: str) -> str:
    return resources.files("redline.corpus").joinpath("static", name).read_text(encoding="utf-8")


def _script_json(data) -> str:
    """JSON safe inside a <script> element: no '<' can close it."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")


def to_html(graph: dict, path: Path, comparisons: dict | None = None) -> list[Path]:
    """Write the page and, beside it, one comparison report per edge; return the files written."""
    path = Path(path)
    folder = path.with_name(path.stem + "_edges")
    written = []
    links = {}
    if comparisons:
        folder.mkdir(parents=True, exist_ok=True)
        for edge_id, comparison in comparisons.items():
            written.append(_write_report(folder, edge_id, comparison))
            links[edge_id] = f"{folder.name}/{written[-1].name}"
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    page = env.from_string(_static("lineage.html")).render(
        graph=graph, links=links, graph_json=jinja2.utils.markupsafe.Markup(_script_json(
            {"nodes": graph["nodes"], "edges": graph["edges"], "links": links})),
        cytoscape=jinja2.utils.markupsafe.Markup(_static("cytoscape.min.js")),
        script=jinja2.utils.markupsafe.Markup(_static("lineage.js")))
    _write(path, page)
    return [path, *written]


def _write_report(folder: Path, edge_id: str, comparison) -> Path:
    try:
        from ..report.html import render_comparison
    except ImportError:  # the HTML report is optional: fall back to the comparison's JSON
        target = folder / f"{edge_id}.json"
        _write(target, json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))
        return target
    target = folder / f"{edge_id}.html"
    _write(target, render_comparison(comparison))
    return target


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write ({exc.strerror})") from None
