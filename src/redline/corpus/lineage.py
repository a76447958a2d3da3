"""Lineage of one story: who copied whom, as a directed graph with evidence on every edge.

Each member's edges come from ``Corpus.trace`` run among the story's members only, so `lineage` and
`trace` always name the same parent: an edge from the origin a copy was taken from (the origin
decision of ``redline.corpus.origin``), a copy→copy edge only where the copy holds text that only the
other copy had (that text is the edge's ``only_text`` evidence), and one edge per further source a
copy took sentences from, each with its ``share`` of the copy's taken sentences. Siblings (copies of
one origin) are never edges; members with no source in the story are its roots. Each edge carries
its comparison (with ``redline.explain`` findings when asked) and that comparison's evidence.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

import numpy as np

from ..model import Article, Comparison
from ..text.dates import parse_date
from .trace import _has_time, evidence

EDGE_ROLES = ("primary", "additional")


def parents(trace: dict) -> list[dict]:
    """The sources a member was taken from (not the origin upstream of its source): its primary and
    additional sources, and any other source (after the first) that explains a sentence of the member
    the sources ranked above it do not: a paragraph merged in from another copy is one sentence or two."""
    return [s for k, s in enumerate(trace["sources"])
            if s["role"] in EDGE_ROLES or (k > 0 and s["role"] == "alternative" and s["adds"] >= 1)]


def edge_sources(child: str, found: list[dict], sources: list[dict], parents_of: dict[str, list[str]],
                 own: Callable[[str, set[int]], bool]) -> list[tuple[dict, float]]:
    """Each source an edge is drawn from, with its share of the member's taken sentences. An added
    source (not the first) counts only where the sentences it adds are its own text (``own``: not
    taken from its sources; two copies that paraphrase one wire sentence alike took nothing from
    each other) and it did not copy the member itself; one whose own parent is also among the
    member's sources and explains every sentence it adds is replaced by that parent: copies of
    copies hold a merged paragraph too, and the member took it where it first appeared."""
    by_id = {s["id"]: s for s in sources}
    out: list[tuple[dict, int]] = []
    for k, s in enumerate(found):
        count = max(len(s["explains"]) if k == 0 else s["adds"], 0)
        if k > 0 and s["role"] == "alternative":
            above = set().union(*(set(x["explains"]) for x in sources[:sources.index(s)]))
            new = set(s["explains"]) - above
            if child in parents_of.get(s["id"], ()) or not own(s["id"], new):
                continue
            s = next((by_id[p] for p in parents_of.get(s["id"], ())
                      if p in by_id and by_id[p] not in found and all(p != o["id"] for o, _ in out)
                      and new <= set(by_id[p]["explains"])), s)
        out.append((s, count))
    total = sum(c for _, c in out) or 1
    return [(s, round(c / total, 3)) for s, c in out]


def edge_record(n: int, source: dict, share: float, child: Article, c: Comparison) -> dict:
    return {"id": f"e{n}", "source": source["id"], "target": child.id, "reuse": round(c.reuse, 4),
            "derivation": c.derivation, "labels": c.counts(),
            "findings": dict(sorted(Counter(f.kind for f in c.findings).items())),
            "share": share, "role": source["role"], "took_added": source.get("took_only", 0),
            "only_text": source.get("only_text", []), "direction_confidence": source["direction_confidence"],
            "confidence": source["confidence"], "date_consistent": source["date_consistent"],
            "reasons": source["reasons"], "evidence": evidence(c)}


def outlet_table(arts_by_id: dict[str, Article], edges: list[dict]) -> list[dict]:
    rows: dict[tuple[str, str], list[float]] = {}
    for e in edges:
        src = arts_by_id[e["source"]].outlet or "(unknown)"
        dst = arts_by_id[e["target"]].outlet or "(unknown)"
        rows.setdefault((src, dst), []).append(e["reuse"])
    return [{"from": s, "to": t, "copies": len(v), "mean_reuse": round(float(np.mean(v)), 4)}
            for (s, t), v in sorted(rows.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _when(a: Article) -> tuple[datetime, bool, datetime]:
    """Sort key by date: on one day, texts with a time first, then those with the day only (a print
    edition of a day comes after the wire and web texts it may take from); undated last."""
    when = parse_date(a.date)
    if when is None:
        return datetime.max, True, datetime.max
    day = datetime(when.year, when.month, when.day)
    return day, not _has_time(a.date), when


def edge_comparison(comparer, done: dict, source: Article, child: Article) -> Comparison:
    """The comparison behind an edge: the one the child's trace verified (``done``, keyed by
    (source id, child id)), with findings added when ``comparer`` explains; compared afresh only
    when the trace did not compare the pair or explaining changes the alignment itself (it embeds
    added sentences for the opinion model)."""
    found = done.get((source.id, child.id))
    if found is None or comparer.embeds_for_explain():
        return comparer.compare(sources=[source], derived=child)
    return comparer.framing(found) if comparer.explain else found


def build(cluster: str, arts: dict[int, Article], traces: dict[int, dict], comparer,
          truncated: int = 0, done: dict | None = None) -> tuple[dict, dict[str, Comparison]]:
    """The graph from each member's trace among the members (``traces``: doc -> trace result;
    ``done``: the comparisons those traces verified)."""
    order = sorted(arts, key=lambda d: (_when(arts[d]), arts[d].id))
    by_id = {a.id: a for a in arts.values()}
    edges: list[dict] = []
    comparisons: dict[str, Comparison] = {}
    parent_of: dict = {}
    siblings: dict = {}
    found_of = {d: parents(traces[d]) for d in order}
    parents_of = {arts[d].id: [s["id"] for s in found_of[d]] for d in order}
    explained = {arts[d].id: set().union(*(set(s["explains"]) for s in found_of[d])) for d in order}
    for d in order:
        child = arts[d]
        found = found_of[d]

        def own(source: str, sentences: set[int], child: Article = child) -> bool:
            """Some of the child's ``sentences`` match sentences the source did not take from its sources
            (an outlet's house text, its footer or standfirst, shared with its other copies, does not count)."""
            if (by_id[source].outlet or "").casefold() == (child.outlet or "").casefold() != "":
                return False
            c = (done or {}).get((source, child.id))
            return c is None or any(ref.article == source and ref.index not in explained[source]
                                    for m in c.derived_sentences if m.index in sentences for ref in m.sources)
        for src, share in edge_sources(child.id, found, traces[d]["sources"], parents_of, own):
            c = edge_comparison(comparer, done or {}, by_id[src["id"]], child)
            edge = edge_record(len(edges) + 1, src, share, child, c)
            edge["candidates"] = traces[d]["candidates"]
            edges.append(edge)
            comparisons[edge["id"]] = c
        if found:
            parent_of[child.id] = found[0]["id"]
        siblings[child.id] = sorted(s["id"] for s in traces[d].get("siblings", []))
    depth: dict[str, int] = {}
    for d in order:
        aid = arts[d].id
        depth[aid] = depth.get(parent_of[aid], 0) + 1 if aid in parent_of else 0
    nodes = [{**arts[d].metadata(), "root": arts[d].id not in parent_of, "depth": depth[arts[d].id], "order": k,
              "parent": parent_of.get(arts[d].id), "siblings": siblings[arts[d].id]}
             for k, d in enumerate(order)]
    graph = {"cluster": cluster, "nodes": nodes, "edges": edges, "outlets": outlet_table(by_id, edges),
             "truncated": truncated}
    return graph, comparisons
