"""Stories: union-find over verified pair edges.

Edges come from the containment index: each article is a query and every later article holding
at least ``edge_containment`` of the smaller one's weighted shingles is an edge (exact scores, no
sampling). ``verify`` re-checks each edge with the full comparison. The all-pairs search is split
into chunks that the executor runs in parallel; the union-find is linear in the number of edges.
Cluster ids are a hash of the smallest member id, so the same corpus gives the same ids.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from ..engines import LocalExecutor
from .index import ContainmentIndex
from .settings import CorpusSettings
from .store import Store

_WORKER: dict = {}


class UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo


def cluster_id(member_ids: list[str]) -> str:
    return "story-" + hashlib.blake2b(min(member_ids).encode("utf-8"), digest_size=5).hexdigest()


def _edges_chunk(job: tuple) -> list[tuple[int, int, float]]:
    db, settings_key, generation, docs, threshold, min_shared = job
    key = (db, settings_key, generation)
    if key not in _WORKER:
        for old_store, _ in _WORKER.values():
            old_store.close()
        _WORKER.clear()
        store = Store(db, create=False)
        _WORKER[key] = (store, ContainmentIndex.open(store, CorpusSettings(*settings_key)))
    store, index = _WORKER[key]
    out = []
    for doc in docs:
        hits = index.search(store.shingles(doc), k=0, internal=True)
        both = np.maximum(hits.containment, hits.reverse)
        for d, c, w in zip(hits.docs, both, hits.shared):
            if d > doc and c >= threshold and w >= min_shared:
                out.append((doc, int(d), float(c)))
    return out


def candidate_edges(store: Store, settings: CorpusSettings, executor: LocalExecutor,
                    chunk: int = 2000) -> list[tuple[int, int, float]]:
    ContainmentIndex.open(store, settings)  # build and save once, so workers only load it
    docs = store.all_docs().tolist()
    key = tuple(getattr(settings, f) for f in settings.__dataclass_fields__)
    jobs = [(str(Path(store.path).resolve()), key, store.generation, docs[k:k + chunk],
             settings.edge_containment, settings.edge_min_shared)
            for k in range(0, len(docs), chunk)]
    edges = []
    for part in executor.map(_edges_chunk, jobs):
        edges.extend(part)
    return edges


def components(docs: list[int], edges: list[tuple[int, int, float]], ids: dict[int, str]) -> dict[int, str]:
    uf = UnionFind()
    for a, b, _ in edges:
        uf.union(a, b)
    groups: dict[int, list[int]] = {}
    for d in docs:
        groups.setdefault(uf.find(d), []).append(d)
    out = {}
    for members in groups.values():
        cid = cluster_id([ids[m] for m in members])
        for m in members:
            out[m] = cid
    return out
