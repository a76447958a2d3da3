"""Stories: connected components over (optionally verified) pair edges.

Edges come from the containment index: each article is a query and every later article holding
at least ``edge_containment`` of the smaller one's weighted shingles is an edge (exact scores, no
sampling). An edge whose containment is below ``edge_sure`` stands only when the full comparison
finds the smaller article's own sentences (not boilerplate, not stock phrases) taken from the other
(``derives_step``): a shared footer or stock sentence never joins two stories. ``verify`` re-checks
every edge with the full comparison instead.

The work is split into steps that know nothing of who runs them (as in datatrove): ``edges_step``
searches the index for a chunk of articles, ``verify_step`` compares a batch of pairs, and the
components are found by the engine (any ``redline.engines.base.Executor``): union-find in this
process for the local engine, star contraction on Spark. Each step is a plain function of a
picklable job (a frozen dataclass) that opens the store and its saved index itself, so a worker
process or a Spark executor can run it.
Cluster ids are a hash of the smallest member id, so the same corpus gives the same ids on any
engine.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .index import ContainmentIndex
from .settings import CorpusSettings
from .store import Store

if TYPE_CHECKING:
    from ..engines.base import Executor

_WORKER: dict = {}


def cluster_id(member_ids: list[str]) -> str:
    return "story-" + hashlib.blake2b(min(member_ids).encode("utf-8"), digest_size=5).hexdigest()


def _cached(key: tuple, make):
    """One open store (and index or comparer) per worker process, reused across its jobs (per thread:
    an SQLite connection belongs to the thread that opened it, and the web app clusters on its own)."""
    mine = _WORKER.setdefault(threading.get_ident(), {})
    if key not in mine:
        for value in mine.values():
            value[0].close()
        mine.clear()
        mine[key] = make()
    return mine[key]


# ---------------------------------------------------------------------- jobs
@dataclass(frozen=True)
class EdgeJob:
    """Search the saved index for the edges of a chunk of articles."""
    db: str
    settings: CorpusSettings
    generation: int
    docs: tuple[int, ...]


@dataclass(frozen=True)
class VerifyJob:
    """What ``verify_step`` needs besides its batch of pairs."""
    db: str
    generation: int
    semantic: bool | None
    min_reuse: float


# ---------------------------------------------------------------------- steps
def edge_jobs(store: Store, settings: CorpusSettings, chunk: int = 2000) -> list[EdgeJob]:
    """Build and save the index once (workers only load it), then one job per chunk of articles."""
    ContainmentIndex.open(store, settings)
    docs = store.all_docs().tolist()
    db = str(Path(store.path).resolve())
    return [EdgeJob(db, settings, store.generation, tuple(docs[k:k + chunk]))
            for k in range(0, len(docs), max(1, chunk))]


def edges_step(job: EdgeJob) -> list[tuple[int, int, float]]:
    """Edges (a, b, containment) with a < b from the articles of one chunk."""
    threshold, min_shared = job.settings.edge_containment, job.settings.edge_min_shared

    def make():
        store = Store(job.db, create=False)
        return store, ContainmentIndex.open(store, job.settings)

    store, index = _cached(("edges", job.db, job.settings, job.generation), make)
    out = []
    for doc in job.docs:
        hits = index.search(store.shingles(doc), k=0, internal=True)
        both = np.maximum(hits.containment, hits.reverse)
        for d, c, w in zip(hits.docs, both, hits.shared):
            if d > doc and c >= threshold and w >= min_shared:
                out.append((doc, int(d), float(c)))
    return out


@dataclass(frozen=True)
class DeriveJob:
    """What ``derives_step`` needs besides its batch of pairs: ``roots``, the components the sure
    edges make (doc -> root), so that a weak edge inside one is kept without a comparison."""
    db: str
    settings: CorpusSettings
    generation: int
    roots: dict = field(default_factory=dict, hash=False, compare=False)


def sure_step(edge_sure: float, pairs: list) -> list[tuple[int, int, float]]:
    return [(int(a), int(b), float(c)) for a, b, c in pairs if c >= edge_sure]


def derives_step(job: DeriveJob, pairs: list) -> list[tuple[int, int, float]]:
    """The pairs of one batch that share most of the smaller article (``edge_sure``), and the weaker
    ones whose full comparison finds the smaller article derived from the other (``says_derived``:
    its derivation level, or ``edge_sentences`` of its own sentences taken): sentences that are mostly
    boilerplate or stock phrases (shingles pruned by document frequency) count for nothing, so a
    shared footer or stock sentence never makes a story."""
    from .trace import says_derived, stock_sentences

    def make():
        from ..pipeline import Comparer
        store = Store(job.db, create=False)
        return store, ContainmentIndex.open(store, job.settings), Comparer(semantic=False, explain=False)
    store, index, comparer = _cached(("derives", job.db, job.settings, job.generation), make)
    kept = []
    for a, b, c in pairs:
        if c >= job.settings.edge_sure or job.roots.get(a, a) == job.roots.get(b, b):
            kept.append((int(a), int(b), float(c)))  # sure, or changes no story
            continue
        x, y = store.article(a), store.article(b)
        small, big = (x, y) if len(x.text) <= len(y.text) else (y, x)
        found = comparer.compare(sources=[big], derived=small)
        stock = stock_sentences(small, index.pruned, df=lambda sh: index.df(sh)[0])
        if says_derived(found, stock, job.settings.edge_sentences):
            kept.append((int(a), int(b), float(c)))
    return kept


def verify_job(store: Store, settings: CorpusSettings, semantic: bool | None) -> VerifyJob:
    return VerifyJob(str(Path(store.path).resolve()), store.generation, semantic, settings.edge_reuse)


def verify_step(job: VerifyJob, pairs: list) -> list[tuple[int, int, float]]:
    """The pairs of one batch whose full comparison reaches ``edge_reuse``, scored by reuse."""
    def make():
        from ..pipeline import Comparer
        return Store(job.db, create=False), Comparer(semantic=job.semantic, explain=False)

    store, comparer = _cached(("verify", job.db, job.generation, job.semantic), make)
    kept = []
    for a, b, _ in pairs:
        reuse = comparer.compare(store.article(a), store.article(b)).reuse
        if reuse >= job.min_reuse:
            kept.append((int(a), int(b), float(reuse)))
    return kept


# ---------------------------------------------------------------------- components
def assign(docs: list[int], roots: dict[int, int], ids: dict[int, str]) -> dict[int, str]:
    """Cluster id of every article; articles on no edge are stories of their own."""
    groups: dict[int, list[int]] = {}
    for d in docs:
        groups.setdefault(roots.get(d, d), []).append(d)
    out = {}
    for members in groups.values():
        cid = cluster_id([ids[m] for m in members])
        for m in members:
            out[m] = cid
    return out


# ---------------------------------------------------------------------- the pipeline
def candidate_edges(store: Store, settings: CorpusSettings, executor: Executor, chunk: int | None = None):
    """The candidate edges, in the executor's own collection (a list locally, an RDD on Spark)."""
    n = store.count()
    return executor.flat_map(edges_step, edge_jobs(store, settings, chunk or executor.chunk(n)))


def cluster_assignment(store: Store, settings: CorpusSettings, executor: Executor, verify: bool = False,
                       semantic: bool | None = False) -> dict[int, str]:
    """doc number -> cluster id for every article in the store, on any engine."""
    edges = candidate_edges(store, settings, executor)
    if verify:
        edges = executor.map_batches(partial(verify_step, verify_job(store, settings, semantic)), edges)
    else:  # an edge needs a verified derivation unless most of the smaller article is shared
        roots = dict(executor.components(executor.map_batches(partial(sure_step, settings.edge_sure), edges)))
        job = DeriveJob(str(Path(store.path).resolve()), settings, store.generation, roots)
        edges = executor.map_batches(partial(derives_step, job), edges)
    roots = dict(executor.components(edges))
    docs = store.all_docs().tolist()
    return assign(docs, roots, store.ids(docs))
