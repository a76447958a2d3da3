"""Lineage of one story: who copied whom, as a directed graph with evidence on every edge.

Order: publication date when known, then "originality" (how much of the other members each one
contains), then id. Each member's candidate parents are the few earlier members it shares most
shingles with (and the earliest of those close to the best), plus the earlier member whose *own
additions* it shares most. Only these are verified with the full comparison. If that comparison
confirms the child took a sentence from the latter that the best other candidate cannot explain
(B took text that only C had added, so B copied C), C is the parent; otherwise the candidate with
the highest reuse is, the earliest on a tie. Every edge carries its comparison's evidence.

No step compares all pairs: one inverted index over the story's shingles gives originality in
time linear in the shingles, and each member's overlap with the earlier ones in time linear in
its shingles' story frequencies, so stories of thousands of members finish.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

import numpy as np

from ..align.direction import infer_direction
from ..model import Article, Comparison
from ..text.dates import parse_date
from .trace import evidence

MIN_TAKEN = 3        # shingles of a member's additions another must share to count as its copy
MIN_TAKEN_SHARE = 0.02
VERIFY = 3           # earlier members sharing most shingles that are verified with the full comparison ...
CLOSE = 0.8          # ... those sharing at least this share of the best candidate's shingles
REUSE_MARGIN = 0.1   # an earlier candidate within this much reuse of the best is preferred


class StoryIndex:
    """The members' shingles as key numbers, and for each key the members holding it (in order)."""

    def __init__(self, arrays: list[np.ndarray]):
        lens = np.array([len(a) for a in arrays], dtype=np.int64)
        h = np.concatenate(arrays) if arrays else np.zeros(0, np.uint64)
        owner = np.repeat(np.arange(len(arrays)), lens)
        _, inv = np.unique(h, return_inverse=True)
        self.lens = lens
        self.member_keys = np.split(inv, np.cumsum(lens)[:-1]) if len(arrays) else []
        order = np.argsort(inv, kind="stable")
        self.postings = owner[order]
        self.offsets = np.concatenate([[0], np.cumsum(np.bincount(inv, minlength=inv.max() + 1 if len(inv) else 0))])
        self.inv, self.owner = inv, owner

    def originality(self) -> np.ndarray:
        """For each member x: sum over the others y of |x ∩ y| / |y|, from the key frequencies."""
        share = 1.0 / np.maximum(self.lens, 1)
        per_key = np.bincount(self.inv, weights=share[self.owner], minlength=len(self.offsets) - 1)
        total = np.bincount(self.owner, weights=per_key[self.inv], minlength=len(self.lens))
        return total - (self.lens > 0) * 1.0  # each member's own share of its keys is 1/|x| a key

    def house_keys(self, outlets: list[str | None]) -> np.ndarray:
        """Keys held by two or more members, all of one outlet: its dateline and footer template,
        which says nothing about who copied whom."""
        ids = {o: k for k, o in enumerate(sorted({o for o in outlets if o}))}
        code = np.array([ids[o] if o else -1 - k for k, o in enumerate(outlets)], dtype=np.int64)
        per = code[self.postings]
        starts = self.offsets[:-1]
        if not len(per):
            return np.zeros(0, np.int64)
        lo, hi = np.minimum.reduceat(per, starts), np.maximum.reduceat(per, starts)
        return np.flatnonzero((lo == hi) & (np.diff(self.offsets) >= 2))

    def overlaps(self, i: int) -> np.ndarray:
        """Shingles member ``i`` shares with each earlier member."""
        keys = self.member_keys[i]
        starts = self.offsets[keys]
        lens = self.offsets[keys + 1] - starts
        total = int(lens.sum())
        run_start = np.repeat(starts - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
        members = self.postings[run_start + np.arange(total)]
        return np.bincount(members[members < i], minlength=i)


def order_members(arts: dict[int, Article], sh: dict[int, np.ndarray]) -> list[int]:
    docs = sorted(arts)
    orig = dict(zip(docs, StoryIndex([sh[d] for d in docs]).originality().tolist()))
    late = datetime.max

    def key(d: int):
        return (parse_date(arts[d].date) or late, -round(orig[d], 6), arts[d].id)
    return sorted(docs, key=key)


class Parents:
    """Candidate parents of each member in turn; ``settle`` records the one chosen."""

    def __init__(self, order: list[int], sh: dict[int, np.ndarray], outlets: list[str | None] | None = None):
        self.order = order
        self.story = StoryIndex([sh[d] for d in order])
        self.added: dict[int, list[int]] = {}  # key -> earlier non-root members that added it
        self.house = self.story.house_keys(outlets) if outlets else np.zeros(0, np.int64)

    def took_added(self, i: int) -> tuple[int | None, int]:
        """The earlier member whose own additions member ``i`` shares most, and how many."""
        taken: Counter = Counter()
        for k in self.story.member_keys[i].tolist():
            for c in self.added.get(k, ()):
                taken[c] += 1
        if not taken:
            return None, 0
        best, n = min(taken.items(), key=lambda kv: (-kv[1], kv[0]))
        return (best, n) if n >= max(MIN_TAKEN, MIN_TAKEN_SHARE * self.story.lens[i]) else (None, 0)

    def candidates(self, i: int, verify: int = VERIFY) -> list[int]:
        """Positions of the earlier members sharing most shingles with member ``i`` (best first),
        and the earliest member close to the best, which explains a plain copy most simply."""
        shared = self.story.overlaps(i)
        top = shared.max()
        if top == 0:
            return [0]
        ranked = np.argsort(-shared, kind="stable")[:max(1, verify)]
        out = [int(p) for p in ranked if shared[p] >= CLOSE * top]
        earliest = int(np.flatnonzero(shared >= CLOSE * top)[0])
        return out if earliest in out else out + [earliest]

    def settle(self, i: int, parent: int) -> None:
        mine = self.story.member_keys[i]
        new = np.setdiff1d(mine, self.story.member_keys[parent], assume_unique=True)
        for k in np.setdiff1d(new, self.house, assume_unique=True).tolist():
            self.added.setdefault(k, []).append(i)


def _explains(c: Comparison) -> set[int]:
    return {m.index for m in c.derived_sentences if m.label != "added"}


def choose(comparer, arts: dict[int, Article], order: list[int], i: int, cands: list[int],
           took: int | None) -> tuple[int, Comparison]:
    """The parent among the verified candidates: ``took`` (whose additions the child shares) when
    it explains a sentence the best other cannot; else the earliest candidate within REUSE_MARGIN
    of the most reused (a copy is most simply explained by the more original text)."""
    def compare(p):
        return comparer.compare(sources=[arts[order[p]]], derived=arts[order[i]])
    tried = {p: compare(p) for p in dict.fromkeys([*cands, *([took] if took is not None else [])])}
    others = [(p, c) for p, c in tried.items() if p != took]
    if not others:
        assert took is not None
        return took, tried[took]
    strongest = min(others, key=lambda pc: (-pc[1].reuse, pc[0]))
    if took is not None and _explains(tried[took]) - _explains(strongest[1]):
        return took, tried[took]
    return min((pc for pc in others if pc[1].reuse >= strongest[1].reuse - REUSE_MARGIN), key=lambda pc: pc[0])


def edge_record(n: int, parent: Article, child: Article, c: Comparison, taken: int) -> dict:
    direction = infer_direction(parent, child)
    p_dir = direction.confidence if direction.source == parent.id else 1.0 - direction.confidence
    dp, dc = parse_date(parent.date), parse_date(child.date)
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
          truncated: int = 0, verify: int = VERIFY) -> tuple[dict, dict[str, Comparison]]:
    order = order_members(arts, sh)
    links = Parents(order, sh, [arts[d].outlet for d in order])
    depth = {order[0]: 0}
    edges, comparisons = [], {}
    for i in range(1, len(order)):
        took, taken = links.took_added(i)
        cands = links.candidates(i, verify)
        p, c = choose(comparer, arts, order, i, cands, took)
        taken = taken if p == took else 0
        links.settle(i, p)
        parent, child = order[p], order[i]
        depth[child] = depth[parent] + 1
        edge = edge_record(i, arts[parent], arts[child], c, taken)
        edge["candidates"] = len(set(cands) | ({took} if took is not None else set()))
        edges.append(edge)
        comparisons[edge["id"]] = c
    nodes = [{**arts[d].metadata(), "root": d == order[0], "depth": depth[d], "order": k}
             for k, d in enumerate(order)]
    by_id = {a.id: a for a in arts.values()}
    graph = {"cluster": cluster, "nodes": nodes, "edges": edges, "outlets": outlet_table(by_id, edges),
             "truncated": truncated}
    return graph, comparisons
