"""Who copied whom within one story (``redline lineage``): terminal text, JSON, GraphML, and an HTML
page drawn with the vendored cytoscape.js; also the story list of ``redline clusters``."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from markupsafe import Markup
from rich.console import Console

from . import compare
from .files import make_folder, write_file
from .page import render_page
from .safe import clean, text

_NOT_XML = re.compile("[\ufffe\uffff]")
NODE_KEYS = ("title", "outlet", "date", "url", "byline")
EDGE_KEYS = (("reuse", "double"), ("derivation", "string"), ("took_added", "int"),
             ("direction_confidence", "double"), ("candidates", "int"))


def render_text(graph: dict) -> None:
    roots = ", ".join(n["id"] for n in graph["nodes"] if n["root"])
    print(clean(f"{graph['cluster']}: {len(graph['nodes'])} articles; original: {roots}"))
    for e in graph["edges"]:
        took = f", took {e['took_added']} shingles only its source had" if e["took_added"] else ""
        share = f", {e['share']:.0%} of what it took" if e.get("share", 1.0) < 1.0 else ""
        print(clean(f"  {e['source']} -> {e['target']}  reuse {e['reuse']:.0%} ({e['derivation']}){took}{share}"))
    if graph["outlets"]:
        print("who copies whom:")
        for r in graph["outlets"]:
            print(clean(f"  {r['from']} -> {r['to']}: {r['copies']} (mean reuse {r['mean_reuse']:.0%})"))
    if graph["truncated"]:
        print(f"note: {graph['truncated']} more members were left out (lineage_max_nodes)")


def clusters_text(groups: list[dict], min_size: int, console: Console | None = None) -> None:
    """The stories as a table that fits the terminal: member ids wrap, never cut."""
    from rich.table import Table
    console = console or Console()
    console.print(f"{len(groups)} stories with at least {min_size} articles")
    if not groups:
        return
    table = Table(show_header=True, header_style="bold underline", box=None, pad_edge=False)
    table.add_column("cluster", no_wrap=True)
    table.add_column("size", justify="right", no_wrap=True)
    table.add_column("members", overflow="fold")
    for g in groups:
        shown = ", ".join(g["members"][:6]) + (" …" if g["size"] > 6 else "")
        table.add_row(text(g["cluster"]), str(g["size"]), text(shown))
    console.print(table)


def to_json(graph: dict) -> str:
    return json.dumps(graph, ensure_ascii=False, indent=2)


def to_graphml(graph: dict) -> str:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for k in NODE_KEYS:
        ET.SubElement(root, "key", {"id": k, "for": "node", "attr.name": k, "attr.type": "string"})
    ET.SubElement(root, "key", {"id": "root", "for": "node", "attr.name": "root", "attr.type": "boolean"})
    for k, t in EDGE_KEYS:
        ET.SubElement(root, "key", {"id": k, "for": "edge", "attr.name": k, "attr.type": t})
    g = ET.SubElement(root, "graph", id=_xml_value(graph["cluster"]), edgedefault="directed")
    for node in graph["nodes"]:
        el = ET.SubElement(g, "node", id=_xml_value(node["id"]))
        for k in NODE_KEYS:
            if node.get(k) is not None:
                ET.SubElement(el, "data", key=k).text = _xml_value(node[k])
        ET.SubElement(el, "data", key="root").text = "true" if node["root"] else "false"
    for edge in graph["edges"]:
        el = ET.SubElement(g, "edge", id=edge["id"], source=_xml_value(edge["source"]),
                           target=_xml_value(edge["target"]))
        for k, _ in EDGE_KEYS:
            if edge.get(k) is not None:
                ET.SubElement(el, "data", key=k).text = _xml_value(edge[k])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml_value(value) -> str:
    """A value XML 1.0 can hold: control, bidi and non-characters written out visibly (``\\x1b``), as
    on the terminal; a character reference to them would make the file unreadable to every parser."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", clean(value, multiline=True))


def render_html(graph: dict, links: dict[str, str]) -> str:
    """The lineage page; ``links`` (edge id -> relative link) point at each edge's comparison report."""
    data = _script_json({"nodes": graph["nodes"], "edges": graph["edges"], "links": links})
    return render_page("lineage.html", styles=("report.css", "lineage.css"),
                       scripts=("cytoscape.min.js", "lineage.js"), title=f"redline lineage: {graph['cluster']}",
                       graph=graph, links=links, graph_json=Markup(data))


def _script_json(data) -> str:
    """JSON safe inside a <script> element: no '<' can close it."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")


def _chosen(edge: dict | None, page: Path) -> dict | None:
    """Why lineage drew this edge, for the top of its comparison report."""
    if edge is None:
        return None
    return {"by": "redline lineage", "what": "the parent in the story this copy took its text from",
            "confidence": edge.get("direction_confidence") or 0.0, "reasons": edge.get("reasons") or [],
            "back": f"../{page.name}", "page": "story's lineage graph"}


def write_html(graph: dict, path: Path, comparisons: dict | None = None) -> list[Path]:
    """Write the page and, beside it, one comparison report per edge; return the files written."""
    path = Path(path)
    folder = path.with_name(path.stem + "_edges")
    written, links = [], {}
    edges = {e["id"]: e for e in graph["edges"]}
    if comparisons:
        make_folder(folder, parents=True)
        for edge_id, comparison in comparisons.items():
            target = folder / f"{edge_id}.html"
            write_file(target, compare.render_html(comparison, _chosen(edges.get(edge_id), path)))
            written.append(target)
            links[edge_id] = f"{folder.name}/{target.name}"
    write_file(path, render_html(graph, links))
    return [path, *written]
