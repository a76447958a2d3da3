"""`redline lineage` exports: GraphML, and the HTML page on the shared shell with the vendored graph
library allowed by hash; article text escaped everywhere."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from redline.model import Article
from redline.report.lineage import render_html, to_graphml, write_html
from redline.report.page import _sha256, asset

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EVIL_TITLE = "</script><script>alert(1)</script>"


@pytest.fixture
def story(tmp_path):
    from redline.corpus import Corpus
    body = (EXAMPLES / "wire.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    paras = [p for p in body.split("\n\n") if p.strip()]
    wire = Article("wire-1", "\n\n".join(paras), title="Calls went unanswered", outlet="Lakeshore Wire",
                   date="2026-06-20")
    copy = Article("copy-1", "\n\n".join(paras[:5]), title=EVIL_TITLE, outlet="<b>Times</b>", date="2026-06-21")
    corpus = Corpus(tmp_path / "c.db", semantic=False)
    corpus.add([wire, copy])
    yield corpus.lineage("wire-1")
    corpus.close()


def test_exports_escape_text(tmp_path, story):
    graph, comparisons = story
    root = ET.fromstring(to_graphml(graph).split("\n", 1)[1])
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == 1
    files = write_html(graph, tmp_path / "lineage.html", comparisons)
    page = files[0].read_text()
    assert "<script>alert(1)" not in page and "<b>Times</b>" not in page
    assert "cytoscape" in page and "graph-data" in page
    data = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["edges"][0]["source"] == "wire-1"
    assert all(f.exists() for f in files[1:]) and len(files) == 2
    assert files[1].parent.name == "lineage_edges" and "Comparison report" in files[1].read_text()


def test_the_page_has_the_shell_and_a_policy_that_allows_only_its_scripts(story):
    graph, _ = story
    page = render_html(graph, {})
    assert page.startswith("<!DOCTYPE html>") and 'class="brand"' in page and "page-foot" in page
    assert page.count("Content-Security-Policy") == 1
    csp = re.search(r'Content-Security-Policy" content="([^"]*)"', page).group(1).replace("&#39;", "'")
    scripts = re.search(r"script-src ([^;]*);", csp).group(1).split()
    assert scripts == [f"'sha256-{_sha256(asset('cytoscape.min.js'))}'", f"'sha256-{_sha256(asset('lineage.js'))}'"]
    assert "unsafe-inline" not in re.search(r"script-src[^;]*", csp).group(0)
    executed = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert executed == [asset("cytoscape.min.js"), asset("lineage.js")]


def test_the_graph_is_drawn_under_the_policy(browser, tmp_path, story):
    """The vendored cytoscape.js and lineage.js run under the page's policy: no violation, no error,
    no request, and the graph's canvas is drawn."""
    graph, comparisons = story
    path = write_html(graph, tmp_path / "lineage.html", comparisons)[0]
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script("document.addEventListener('securitypolicyviolation',"
                         " e => console.error('csp: ' + e.violatedDirective));")
    page.goto(path.as_uri())
    page.wait_for_selector("#graph canvas", state="attached")
    assert page.evaluate("document.querySelectorAll('#graph canvas').length") > 0
    assert errors == [] and requests == [path.as_uri()]
    page.close()


def test_graphml_with_control_characters_in_ids_and_titles_parses(tmp_path):
    """An id or title holding ESC, BEL or a bidi override is written out visibly: a character
    reference to a C0 control is not XML 1.0, so the whole export would be unreadable."""
    from redline.corpus import Corpus
    body = (EXAMPLES / "wire.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    wire = Article("wire\u202e-1\x1b[2J", body, title="T\x07\x1b]0;x", outlet="W\ufffe", date="2026-06-20")
    copy = Article("copy-1", body + "\n\nOne more sentence of the copy's own here.", date="2026-06-21")
    with Corpus(tmp_path / "c.db", semantic=False) as corpus:
        corpus.add([wire, copy])
        graph, _ = corpus.lineage("copy-1")
    root = ET.fromstring(to_graphml(graph).split("\n", 1)[1])
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    ids = {n.get("id") for n in root.iter(ns + "node")}
    assert "wire\\u202e-1\\x1b[2J" in ids
    edge = next(root.iter(ns + "edge"))
    assert edge.get("source") in ids and edge.get("target") in ids
    texts = " ".join(d.text or "" for d in root.iter(ns + "data"))
    assert "T\\x07\\x1b]0;x" in texts and "W\\ufffe" in texts


def _big_story(n: int) -> dict:
    """A story of ``n`` articles: an origin dated with a time, its copies dated by day only (so they
    sort before it), copies of copies, and two copies each named the other's parent (a loop)."""
    nodes = [{"id": "wire-0", "outlet": "Wire", "date": "2026-03-03T09:00:00Z", "root": True, "depth": 0,
              "order": n - 1, "parent": None, "siblings": []}]
    edges = []
    for i in range(1, n):
        parent = nodes[0] if i < n // 2 else nodes[i // 2]
        nodes.append({"id": f"c{i}", "outlet": f"Paper {i}", "date": "2026-03-03", "root": False,
                      "depth": parent["depth"] + 1, "order": i - 1, "parent": parent["id"], "siblings": []})
        edges.append({"id": f"e{i}", "source": parent["id"], "target": f"c{i}", "reuse": 0.8, "role": "primary",
                      "derivation": "wholly", "labels": {}, "findings": {}})
    nodes[1]["parent"], nodes[2]["parent"] = "c2", "c1"
    edges.append({"id": "loop", "source": "c2", "target": "c1", "reuse": 0.9, "role": "primary",
                  "derivation": "wholly", "labels": {}, "findings": {}})
    return {"cluster": "story-big", "nodes": nodes, "edges": edges, "outlets": [], "truncated": 0}


@pytest.mark.parametrize("size", [50, 500])
def test_a_large_story_is_drawn_readable_with_the_origin_first(browser, tmp_path, size):
    """No script error on a loop of edges (it recursed without end), the origin is drawn above its
    copies though their day-only dates sort first, and the labels are never shrunk below 0.75 of
    their size (at 500 articles the graph was fitted to 0.2: 2-pixel text)."""
    path = write_html(_big_story(size), tmp_path / "big.html", {})[0]
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("#graph canvas", state="attached")
    zoom, rows = page.evaluate("""() => { const cy = window.redlineGraph;
        const shown = cy.nodes().filter(n => n.style('display') !== 'none');
        return [cy.zoom(), shown.map(n => [n.id(), n.position('y')])]; }""")
    assert errors == []
    assert zoom >= 0.75
    ys = {i: y for i, y in rows}
    assert all(ys["wire-0"] < y for i, y in rows if i != "wire-0")
    spaced = sorted(y for i, y in rows if i.startswith("c"))
    assert all(b - a >= 24 for a, b in zip(spaced, spaced[1:]))  # one row each: labels cannot overlap
    page.close()


def test_bidi_overrides_are_written_out_in_the_graph_labels(browser, tmp_path):
    """The page's tables and the graph's canvas labels show an outlet's right-to-left override as
    \\u202e, never obeying it."""
    graph = _big_story(3)
    graph["nodes"][1]["outlet"] = "Times\u202e sserP"
    path = write_html(graph, tmp_path / "bidi.html", {})[0]
    assert "\u202e" not in path.read_text().split('id="graph-data"')[0]
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("#graph canvas", state="attached")
    label = page.evaluate("window.redlineGraph.getElementById('c1').data('label')")
    assert label == "Times\\u202e sserP"
    page.close()
