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


def layout(graph: dict, column: int = 240, row: int = 26) -> dict:
    """Positions for drawing the graph as SVG: one row per article in time order (a copy never above
    its source), each generation of copies a column to the right; labels sit beside their node, so
    none overlap however many articles the story holds."""
    rows = _rows(graph["nodes"])
    pos = {n["id"]: (30 + n["depth"] * column, 24 + k * row) for k, n in enumerate(rows)}
    drawn_nodes = [{**n, "x": pos[n["id"]][0], "y": pos[n["id"]][1], "label": _label(n)} for n in rows]
    drawn_edges = []
    for e in graph["edges"]:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        bend = (x1 + x2) // 2
        drawn_edges.append({**e, "d": f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}",
                            "width": round(1 + 4 * e["reuse"], 1), "mx": x2 - 24, "my": y2 - 5})
    depth = max((n["depth"] for n in rows), default=0)
    return {"nodes": drawn_nodes, "edges": drawn_edges, "width": 30 + depth * column + column + 20,
            "height": 24 + len(rows) * row}


def _rows(nodes: list[dict]) -> list[dict]:
    """The nodes in time order, each source placed before its first copy (a day-only date sorts
    before a timed one of the same day; a loop of parents is cut where it closes)."""
    by_id = {n["id"]: n for n in nodes}
    rows: list[dict] = []
    placed: set[str] = set()
    for node in sorted(nodes, key=lambda n: n["order"]):
        chain: list[dict] = []
        step: dict | None = node
        while step is not None and step["id"] not in placed:
            placed.add(step["id"])
            chain.append(step)
            step = by_id.get(step.get("parent") or "")
        rows.extend(reversed(chain))
    return rows


def _label(node: dict) -> str:
    text = node.get("outlet") or node.get("title") or node["id"]
    return text if len(text) <= 30 else text[:29] + "…"
