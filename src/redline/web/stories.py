"""Corpus views the pages and the API share: stories (clusters), their lineage, an article's trace
and the comparison of two stored articles. Each runs on the corpus thread and is cached for the
corpus generation it was made from."""
from __future__ import annotations

from ..errors import InputError


def stories(service, corpus) -> list[dict]:
    """Every story with at least two articles, as ``redline clusters --format json`` lists them."""
    return service.cached(("stories",), lambda: corpus.clusters(min_size=2))


def lineage(service, corpus, cluster: str) -> tuple[dict, dict]:
    """The story's graph as ``redline lineage --format json`` gives it, and its edges' comparisons."""
    return service.cached(("lineage", cluster), lambda: corpus.lineage(cluster))


def story_of(service, corpus, ident: str) -> str | None:
    """The story an article belongs to, or None when it stands alone."""
    for group in stories(service, corpus):
        if ident in group["members"]:
            return group["cluster"]
    return None


def trace(service, corpus, ident: str, top: int = 5) -> dict:
    """``redline trace ID --format json``."""
    corpus.get(ident)  # an unknown id is refused before any work
    return service.cached(("trace", ident, top), lambda: corpus.trace(ident, top=top))


def pair(service, corpus, source: str, derived: str, policy: str | None = None):
    """The full comparison of two stored articles (source named), with the licence check when ``policy``."""
    if source == derived:
        raise InputError(derived, "an article cannot be compared with itself")

    def make():
        from ..license import check_comparison
        c = corpus.comparer(explain=True).compare(sources=[corpus.get(source)], derived=corpus.get(derived))
        return check_comparison(c, policy) if policy else c
    return service.cached(("pair", source, derived, policy), make)


def copies(graph: dict, ident: str) -> list[dict]:
    """The lineage edges that start at this article: who took it."""
    return [e for e in graph["edges"] if e["source"] == ident]


def layout(graph: dict, width: int = 960, lane: int = 90) -> dict:
    """Positions for drawing the graph as SVG: x by publication order (a timeline), y by depth."""
    nodes = sorted(graph["nodes"], key=lambda n: (n.get("date") or "", n["order"]))
    step = (width - 160) / max(1, len(nodes) - 1)
    depth = max((n["depth"] for n in nodes), default=0)
    pos = {n["id"]: (80 + round(k * step), 40 + n["depth"] * lane) for k, n in enumerate(nodes)}
    drawn_nodes = [{**n, "x": pos[n["id"]][0], "y": pos[n["id"]][1], "label": _label(n)} for n in nodes]
    drawn_edges = []
    for e in graph["edges"]:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        bend = -30 if x2 >= x1 else 30
        drawn_edges.append({**e, "d": f"M{x1},{y1} Q{(x1 + x2) // 2},{(y1 + y2) // 2 + bend} {x2},{y2}",
                            "width": round(1 + 5 * e["reuse"], 1), "mx": (x1 + x2) // 2,
                            "my": (y1 + y2) // 2 + bend // 2})
    return {"nodes": drawn_nodes, "edges": drawn_edges, "width": width, "height": 80 + depth * lane + 40}


def _label(node: dict) -> str:
    text = node.get("outlet") or node.get("title") or node["id"]
    return text if len(text) <= 28 else text[:27] + "…"
