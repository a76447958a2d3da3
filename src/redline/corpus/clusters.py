"""Stories: connected components over (optionally verified) pair edges.

Edges come from the containment index: each article is a query and every later article holding
at least ``edge_containment`` of the smaller one's weighted shingles is an edge (exact scores, no
sampling). An edge whose containment is below ``edge_sure`` stands only when the full comparison
finds the smaller article's own sentences (not boilerplate, not stock phrases) taken from the other
(``derives_step``): a shared footer or stock sentence never joins two stories. Only the weak edges
that bridge two components of the sure edges are compared, grouped by the components they join, and
one verified edge per pair of components is enough. ``verify`` re-checks every edge with the full
comparison instead.

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
from dataclasses import dataclass
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
    """What ``derives_step`` needs besides its batch of bridge edges."""
    db: str
    settings: CorpusSettings
    generation: int


def sure_step(edge_sure: float, pairs: list) -> list[tuple[int, int, float]]:
    return [(int(a), int(b), float(c)) for a, b, c in pairs if c >= edge_sure]


def weak_step(edge_sure: float, pairs: list) -> list[tuple[int, int, float]]:
    return [(int(a), int(b), float(c)) for a, b, c in pairs if c < edge_sure]


def bridge_batches(weak: list, roots: dict, size: int = 250) -> list[list[tuple]]:
    """The weak edges that join two different components of the sure edges, as (a, b, containment,
    root of a, root of b), grouped by the pair of components they join (strongest first) in
    batches that keep a group whole: once one edge of a group is verified, the others change no
    story and ``derives_step`` skips them."""
    groups: dict[tuple[int, int], list[tuple]] = {}
    for a, b, c in weak:
        ra, rb = roots.get(a, a), roots.get(b, b)
        if ra != rb:
            groups.setdefault((min(ra, rb), max(ra, rb)), []).append((a, b, c, ra, rb))
    batches: list[list[tuple]] = [[]]
    for key in sorted(groups):
        if len(batches[-1]) >= size:
            batches.append([])
        batches[-1].extend(sorted(groups[key], key=lambda e: (-e[2], e[0], e[1])))
    return [b for b in batches if b]


def derives_step(job: DeriveJob, pairs: list) -> list[tuple[int, int, float]]:
    """The bridge edges of one batch (see ``bridge_batches``) whose full comparison finds the smaller
    article derived from the other (``says_derived``: its derivation level, or ``edge_sentences``
    of its own sentences taken): sentences that are mostly boilerplate or stock phrases (shingles
    pruned by document frequency, or printed far more widely than the article's others) count for
    nothing, on either side (``_stock_taken``), so a shared footer or stock sentence never makes a
    story. An edge between components that kept edges of the batch already join is not
    compared: it would change no story."""
    from ..engines.unionfind import UnionFind

    def make():
        from ..pipeline import Comparer
        store = Store(job.db, create=False)
        return store, ContainmentIndex.open(store, job.settings), Comparer(semantic=False, explain=False), {}
    store, index, comparer, stock = _cached(("derives", job.db, job.settings, job.generation), make)
    joined = UnionFind()
    kept = []
    for a, b, c, ra, rb in pairs:
        if joined.find(ra) == joined.find(rb):
            continue
        if _derives(store, index, comparer, stock, a, b, job.settings):
            joined.union(ra, rb)
            kept.append((int(a), int(b), float(c)))
    return kept


def _derives(store: Store, index: ContainmentIndex, comparer, stock: dict, a: int, b: int,
             settings: CorpusSettings) -> bool:
    from .trace import says_derived
    x, y = store.article(a), store.article(b)
    (s, small), (g, big) = ((a, x), (b, y)) if len(x.text) <= len(y.text) else ((b, y), (a, x))
    c = comparer.compare(sources=[big], derived=small)
    mine, theirs = _sides(index, stock, s, small, settings.shingle), _sides(index, stock, g, big, settings.shingle)
    return says_derived(c, mine.stock | _stock_taken(c, mine, theirs, index), settings.edge_sentences)


@dataclass(frozen=True)
class _Sentences:
    """An article's sentences' shingles, its stock sentences, and how widely (document frequency) a
    text must be printed to be a stock phrase beside the article's own sentences."""
    shingles: tuple[np.ndarray, ...]
    stock: frozenset
    limit: float


def _sides(index: ContainmentIndex, cache: dict, doc: int, article, n: int) -> _Sentences:
    from ..text.sentences import split_sentences
    from .shingles import text_shingles
    from .trace import STOCK_DF, STOCK_SPREAD, stock_sentences
    if doc not in cache:
        shingles = tuple(text_shingles(m.text, n) for m in split_sentences(article.text, article.id))
        stock = stock_sentences(article, index.pruned, n, df=lambda sh: index.df(sh)[0], shingles=shingles)
        own = [float(np.median(index.df(sh)[0])) for k, sh in enumerate(shingles) if len(sh) and k not in stock]
        cache[doc] = _Sentences(shingles, stock, max(STOCK_DF, STOCK_SPREAD * float(np.median(own or [0.0]))))
    return cache[doc]


def _stock_taken(c, mine: _Sentences, theirs: _Sentences, index: ContainmentIndex) -> set[int]:
    """The article's sentences matched only through stock text: to stock sentences of the other
    article, or sharing with theirs only words printed far more widely than the other article's own
    sentences (two stories' edits of one stock phrase). A stock phrase can be most of a brief's text,
    and so not stand out among the brief's own sentences; nor can a heavy rewrite's kept words among
    its own, which is why the other article is the measure."""
    out = set()
    for m in c.derived_sentences:
        refs = [r.index for r in m.sources if r.index < len(theirs.shingles)]
        if m.label == "added" or m.index in mine.stock or not refs:
            continue
        shared = np.intersect1d(mine.shingles[m.index], np.concatenate([theirs.shingles[k] for k in refs]))
        if all(k in theirs.stock for k in refs) or (
                len(shared) and np.median(index.df(shared)[0]) >= theirs.limit):
            out.add(m.index)
    return out


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
        weak = executor.collect(executor.map_batches(partial(weak_step, settings.edge_sure), edges))
        job = DeriveJob(str(Path(store.path).resolve()), settings, store.generation)
        kept = executor.collect(executor.flat_map(partial(derives_step, job), bridge_batches(weak, roots)))
        edges = [(d, r, 1.0) for d, r in sorted(roots.items()) if d != r] + kept
    roots = dict(executor.components(edges))
    docs = store.all_docs().tolist()
    return assign(docs, roots, store.ids(docs))
