"""Lineage of one story: who copied whom, as a directed graph with evidence on every edge.

Order: publication date when known, then "originality" (how much of the other members each one
contains), then id. Each member takes as parent the earlier member whose *own additions* it shares
most (B took text that only C had added, so B copied C); failing that, the member it shares most
with. Every edge is verified with the full comparison (reuse, labels, findings).
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

import numpy as np

from ..align.direction import _parse_date, infer_direction
from ..model import Article, Comparison
from .trace import evidence

MIN_TAKEN = 3        # shingles of a member's additions another must share to count as its copy
MIN_TAKEN_SHARE = 0.02


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    return len(np.intersect1d(a, b, assume_unique=True))


def order_members(arts: dict[int, Article], sh: dict[int, np.ndarray]) -> list[int]:
    docs = sorted(arts)
    orig = {x: sum(_overlap(sh[x], sh[y]) / max(len(sh[y]), 1) for y in docs if y != x) for x in docs}
    late = datetime.max

    def key(d: int):
        return (_parse_date(arts[d].date) or late, -round(orig[d], 6), arts[d].id)
    return sorted(docs, key=key)


def parents(order: list[int], sh: dict[int, np.ndarray]) -> dict[int, tuple[int, int]]:
    """child -> (parent, shingles of the parent's own additions that the child took)."""
    out: dict[int, tuple[int, int]] = {}
    added = {order[0]: sh[order[0]]}
    for i, b in enumerate(order[1:], 1):
        earlier = order[:i]
        best, taken = None, 0
        for c in earlier[1:]:
            t = _overlap(sh[b], added[c])
            if t > taken:
                best, taken = c, t
        if best is None or taken < max(MIN_TAKEN, MIN_TAKEN_SHARE * len(sh[b])):
            shared = [(_overlap(sh[b], sh[c]), -k) for k, c in enumerate(earlier)]
            best, taken = earlier[-max(shared)[1]], 0
        out[b] = (best, taken)
        added[b] = np.setdiff1d(sh[b], sh[best], assume_unique=True)
    return out


def edge_record(n: int, parent: Article, child: Article, c: Comparison, taken: int) -> dict:
    direction = infer_direction(parent, child)
    p_dir = direction.confidence if direction.source == parent.id else 1.0 - direction.confidence
    dp, dc = _parse_date(parent.date), _parse_date(child.date)
    return {"id": f"e{n}", "source": parent.id, "target": child.id, "reuse": round(c.reuse, 4),
            "derivation": c.derivation, "labels": c.counts(),
            "findings": dict(sorted(Counter(f.kind for f in c.findings).items())),
            "took_added": taken, "direction_confidence": round(p_dir, 3),
            "date_consistent": None if dp is None or dc is None else dp <= dc,
            "reasons": [r.detail for r in direction.reasons], "evidence": evidence(c)}


def outlet_table(arts_by_id: dict[str, Article], edges: list[dict]) -> list[dict]:
    rows: dict[tuple[str, str], list[float]] = {}
    for e in edges:
        src = arts_by_id[e["source"]].outlet or "(unknown)"
        dst = arts_by_id[e["target"]].outlet or "(unknown)"
        rows.setdefault((src, dst), []).append(e["reuse"])
    return [{"from": s, "to": t, "copies": len(v), "mean_reuse": round(float(np.mean(v)), 4)}
            for (s, t), v in sorted(rows.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def build(cluster: str, arts: dict[int, Article], sh: dict[int, np.ndarray], comparer,
          truncated: int = 0) -> tuple[dict, dict[str, Comparison]]:
    order = order_members(arts, sh)
    links = parents(order, sh)
    depth = {order[0]: 0}
    edges, comparisons = [], {}
    for n, child in enumerate(order[1:], 1):
        parent, taken = links[child]
        depth[child] = depth[parent] + 1
        c = comparer.compare(sources=[arts[parent]], derived=arts[child])
        edge = edge_record(n, arts[parent], arts[child], c, taken)
        edges.append(edge)
        comparisons[edge["id"]] = c
    nodes = [{**arts[d].metadata(), "root": d == order[0], "depth": depth[d], "order": k}
             for k, d in enumerate(order)]
    by_id = {a.id: a for a in arts.values()}
    graph = {"cluster": cluster, "nodes": nodes, "edges": edges, "outlets": outlet_table(by_id, edges),
             "truncated": truncated}
    return graph, comparisons
