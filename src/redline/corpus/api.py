"""``redline.Corpus``: add articles, trace an article's sources, cluster stories, draw lineage."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputError, RedlineError
from ..model import Article, replace
from .add import Adder, AddReport
from .clusters import cluster_assignment, cluster_id
from .files import input_files, iter_file
from .index import ContainmentIndex
from .origin import (
    ORIGIN_SHARE,
    decide,
    lead_link,
    lone_links,
    names,
    outlet_kind,
    own_shingles,
    phrase_links,
    phrase_parts,
    shared_links,
)
from .settings import CorpusSettings
from .shingles import text_key, text_shingles
from .store import CorpusError, Store
from .trace import (
    QUERY_WORDS,
    Basis,
    Candidate,
    date_order,
    held,
    possible_source,
    precedence,
    precedence_order,
    prefer_sources,
    query_terms,
    rank,
    rare_terms,
    same_story,
    score_bound,
    stock_sentences,
    verify,
    word_query,
)

if TYPE_CHECKING:
    from .vectors import VectorIndex


class Corpus:
    """A corpus in one SQLite file.

    ``semantic``: None uses sentence embeddings when installed, False never, True requires them.
    """

    def __init__(self, path: str | Path = "corpus.db", settings: CorpusSettings | None = None,
                 semantic: bool | None = False, create: bool = True, workers: int | None = 1):
        self.settings = settings or CorpusSettings()
        self.store = Store(path, self.settings.busy_timeout, create=create)
        self.semantic = semantic
        self.workers = workers
        self._index: ContainmentIndex | None = None
        self._vectors: VectorIndex | None = None
        self._comparers: dict = {}
        self._outlets: tuple[int, list[tuple[int, str | None]]] | None = None  # (generation, rows)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def comparer(self, explain: bool = False):
        if explain not in self._comparers:
            from ..pipeline import Comparer
            self._comparers[explain] = Comparer(semantic=self.semantic, explain=explain)
        return self._comparers[explain]

    def _embedder(self):
        c = self.comparer()
        if c.embedder is None and self.semantic is True:
            raise RedlineError("semantic retrieval needs the 'semantic' extra (sentence-transformers)")
        return c.embedder

    # ------------------------------------------------------------------ store
    def add(self, items: Iterable, progress: Callable[[int, int], None] | None = None) -> AddReport:
        """Add files/folders (paths) or Article objects; returns counts (added, updated, unchanged...).

        ``progress(files_done, articles_seen)`` is called after each file and each committed batch."""
        items = list(items) if not isinstance(items, (str, os.PathLike, Article)) else [items]
        embedder = self._embedder() if self.semantic is not False else None
        vectoriser = None
        if embedder is not None:
            from .vectors import article_vectors
            vectoriser = lambda arts: article_vectors(embedder, arts, self.settings.semantic_sentences)  # noqa: E731
        done = [0]
        tick = (lambda seen: progress(done[0], seen)) if progress else None
        adder = Adder(self.store, self.settings.batch, self.settings.shingle, vectoriser, tick)
        arts = [x for x in items if isinstance(x, Article)]
        paths = [x for x in items if not isinstance(x, Article)]
        try:
            adder.run(arts)
            for f in input_files(paths, self.store.path):
                adder.run(iter_file(f))
                done[0] += 1
                if tick:
                    tick(adder.report.seen)
            if vectoriser is not None:
                self._backfill_vectors(vectoriser)
        finally:
            self._index = None
            self._vectors = None
        return adder.report

    def _backfill_vectors(self, vectoriser) -> None:
        """Vectors for articles stored before semantic retrieval was switched on."""
        missing = self.store.missing_vectors()
        for k in range(0, len(missing), self.settings.batch):
            docs = missing[k:k + self.settings.batch]
            vecs = vectoriser([self.store.article(d) for d in docs])
            with self.store.guard("storing vectors"), self.store.transaction():
                for d, v in zip(docs, vecs):
                    if v is not None:
                        self.store.put_vector(d, v)

    def files(self, paths: Iterable) -> list[str | InputError]:
        return input_files(paths, self.store.path)

    def remove(self, ident: str) -> bool:
        with self.store.guard("removing"), self.store.transaction():
            gone = self.store.remove(ident)
            if gone:
                self.store.bump()
        self._index = None
        return gone

    def stats(self) -> dict:
        from .index import index_status
        with self.store.guard("reading"):
            return {**self.store.stats(), "index": index_status(self.store)}

    def __len__(self) -> int:
        return self.store.count()

    def get(self, ident: str) -> Article:
        doc = self.store.lookup(ident)
        if doc is None:
            raise InputError(ident, f"no such article in {self.store.name}")
        return self.store.article(doc)

    @property
    def index(self) -> ContainmentIndex:
        gen = self.store.generation
        if self._index is None or self._index.generation != gen:
            with self.store.guard("indexing"):
                self._index = ContainmentIndex.open(self.store, self.settings)
        return self._index

    def vectors(self):
        if self._vectors is None:
            from .vectors import VectorIndex
            self._vectors = VectorIndex.from_store(self.store)
        return self._vectors

    def _doc(self, ident: str) -> int:
        doc = self.store.lookup(ident)
        assert doc is not None, ident
        return doc

    # ------------------------------------------------------------------ trace
    def resolve(self, article: Article | str | os.PathLike) -> tuple[Article, int | None]:
        """An Article and its doc number; a string is a corpus id first, else a file path or URL."""
        if isinstance(article, Article):
            found = self.store.existing(article.id)
            return article, found[0] if found is not None and found[1] == text_key(article.text) else None
        doc = self.store.lookup(str(article))
        if doc is not None:
            stored = self.store.article(doc)
            # an alias (the same text added under another id) is traced under the id the caller gave
            return (stored if stored.id == str(article) else replace(stored, id=str(article))), doc
        from ..ingest import is_url, load_article
        if is_url(article) or Path(article).exists():
            return self.resolve(load_article(article))
        raise InputError(str(article), f"neither an article id in {self.store.name} nor a file")

    def _outlet_rows(self) -> list[tuple[int, str | None]]:
        """(doc, outlet) of every article, read once per generation of the store: outlet filters and
        the absent-origin check (``_holds_story``) would otherwise scan the table on every trace."""
        gen = self.store.generation
        cached = self._outlets
        if cached is None or cached[0] != gen:
            cached = self._outlets = (gen, self.store.db.execute("SELECT doc, outlet FROM articles").fetchall())
        return cached[1]

    def outlet_mask(self, outlets: Iterable[str] | None, docs: Iterable[int] | None = None) -> np.ndarray | None:
        """Per doc number, whether the article is from one of these outlets and among ``docs`` (one
        story); None allows every article."""
        if not outlets and docs is None:
            return None
        if not outlets:  # one story's members: no need to read every row
            docs = [int(d) for d in docs or ()]
            allow = np.zeros(max(docs, default=0) + 1, bool)
            allow[docs] = True
            return allow
        rows = self._outlet_rows()
        allow = np.zeros(max((r[0] for r in rows), default=0) + 1, bool)
        wanted = {o.lower() for o in outlets}
        for doc, outlet in rows:
            allow[doc] = (outlet or "").lower() in wanted
        if docs is not None:
            inside = np.zeros_like(allow)
            inside[[d for d in docs if d < len(inside)]] = True
            allow &= inside
        return allow

    def candidates(self, article: Article, doc: int | None, source_outlets=None,
                   within: Iterable[int] | None = None) -> list[Candidate]:
        s = self.settings
        q = text_shingles(article.text, s.shingle)
        allow = self.outlet_mask(source_outlets, within)
        same = self.store.by_key(text_key(article.text))
        exclude = doc if doc is not None else (same[0] if same else None)
        hits = self.index.search(q, k=s.retrieve, exclude=exclude, allow=allow, internal=doc is not None)
        out = [Candidate(int(d), float(c), float(r)) for d, c, r in zip(hits.docs, hits.containment, hits.reverse)
               if c >= s.min_containment]
        weights = self.store.word_search(self._word_query(article.text, own=exclude is not None))
        out.extend(self._word_candidates(weights, exclude, allow, {c.doc for c in out[:s.candidates]}))
        if self.semantic is not False and self.comparer().embedder is not None:
            out.extend(self._semantic_candidates(article, exclude, allow, {c.doc for c in out[:s.candidates]}))
        for c in out:
            c.words = weights.get(c.doc, 0.0)
        floor = s.word_share * max((c.words for c in out), default=0.0)
        return [c for c in out if c.via != "words" or c.words >= floor]  # not one stray shared word

    def _rare_words(self, text: str, own: bool) -> set[str]:
        """The article's content words that at most ``df_limit`` other articles hold."""
        limit = self.settings.df_limit(len(self))
        return set(rare_terms(self.store.word_df(query_terms(text)), limit, own))

    def _word_query(self, text: str, own: bool) -> str:
        """The article's word query (``trace.word_query``), looking up only as many words as it needs."""
        terms, chunk, limit = query_terms(text), 2 * QUERY_WORDS, self.settings.df_limit(len(self))
        kept: list[str] = []
        for k in range(0, len(terms), chunk):
            kept += rare_terms(self.store.word_df(terms[k:k + chunk]), limit, own)
            if len(kept) >= QUERY_WORDS:
                break
        return word_query(kept)

    def _word_candidates(self, weights: dict[int, float], exclude, allow, seen) -> list[Candidate]:
        """The best BM25 matches of the article's words (SQLite FTS5), for what shingles miss."""
        out: list[Candidate] = []
        for d, _ in sorted(weights.items(), key=lambda x: (-x[1], x[0])):
            if len(out) >= self.settings.word_candidates:
                break
            if d == exclude or d in seen or (allow is not None and (d >= len(allow) or not allow[d])):
                continue
            out.append(Candidate(int(d), via="words"))
        return out

    def _semantic_candidates(self, article, exclude, allow, seen) -> list[Candidate]:
        from .vectors import article_vectors
        index = self.vectors()
        if not len(index):
            return []
        vec = article_vectors(self.comparer().embedder, [article], self.settings.semantic_sentences)[0]
        out = []
        depth = self.settings.semantic_candidates * (2 if allow is None else 10)  # most neighbours may be filtered out
        for d, sim in index.search(vec, depth, exclude):
            if d in seen or (allow is not None and (d >= len(allow) or not allow[d])):
                continue
            out.append(Candidate(d, 0.0, 0.0, sim, "semantic"))
        return out[: self.settings.semantic_candidates]

    def trace(self, article: Article | str | os.PathLike, top: int = 5,
              source_outlets: Iterable[str] | None = None, within: Iterable[int] | None = None,
              comparisons: dict | None = None) -> dict:
        """Where the article was taken from: ``{"article", "verdict", "sources": [...], "siblings": [...],
        "related": [...]}``, sources best first (``within``: doc numbers the sources must be among;
        ``comparisons``: a dict that keeps each verified comparison, keyed by (source id, article id))."""
        art, doc = self.resolve(article)
        comparer = self.comparer() if comparisons is None else _Recorder(self.comparer(), comparisons)
        q = text_shingles(art.text, self.settings.shingle)
        cands = self.candidates(art, doc, source_outlets, within)
        lexical, beaten, stored = self._preorder(art, q, [c for c in cands if c.via == "lexical"])
        best = max((c.containment for c in cands), default=0.0)
        basis = Basis(best, max((c.words for c in cands), default=0.0), len(q), self.settings.same_day_copies,
                      self._stock(art),
                      outlet_kind(art) in (None, "print"))
        results: list[dict] = []
        verified: set[int] = set()
        floor = self.settings.verify_share * best

        arts: dict[str, Article] = {}
        docs: dict[str, int] = {}

        def fetch(doc: int) -> Article:
            src = self.store.article(doc)
            arts[src.id], docs[src.id] = src, doc
            return src

        def out_of_reach(c: Candidate) -> bool:
            return len(results) >= top and _bound(c, basis) < _kth(results, top)

        strong = {c.doc for c in lexical if c.containment >= floor}
        for c, below in zip(lexical, beaten):
            if len(results) >= self.settings.candidates:
                break
            leads = bool(below & strong)  # it precedes a candidate worth verifying: it may rank above it
            if results and c.containment < floor and not leads:
                continue  # shares only stock phrases compared with the best candidate
            if out_of_reach(c) and not leads:
                continue  # cannot enter the top by score (verified reuse at most 1) nor by precedence
            results.append(verify(comparer, art, fetch(c.doc), c, basis))
            verified.add(c.doc)
        # word candidates face the same bound as lexical ones; semantic neighbours are always verified
        # (their word weight may miss the paraphrase they were found for)
        for c in cands:
            if c.via != "lexical" and c.doc not in verified:
                if c.via == "words" and out_of_reach(c):
                    continue
                results.append(verify(comparer, art, fetch(c.doc), c, basis))
                verified.add(c.doc)
        stored.update(self.store.shingles_of(d for d in docs.values() if d not in stored))
        shingles = {r["id"]: stored.get(docs[r["id"]], np.zeros(0, np.uint64)) for r in results}
        if self.settings.origin:
            shared_links(results, shingles, basis.stock, self.index.pruned, self.settings.shingle)
            rare = self._rare_words(art.text, own=doc is not None)
            mine, n = own_shingles(art, basis.stock, self.settings.shingle), self.settings.shingle
            lone = lone_links(results, mine, basis.stock, shingles, self.index.pruned, rare, arts, n)
            parts = phrase_parts(art, basis.stock, self.index.pruned, self.settings.shingle)
            phrased = phrase_links(results, parts, shingles)
            phrased |= lead_link(results, shingles, self.index.pruned, rare, arts, art, basis.stock, parts, lone,
                                 self.settings.shingle)
            found = decide(results, art, mine, shingles, arts, self.index.pruned, top, self._holds_story, phrased)
        else:  # the ranking before the origin decision (a baseline for the benchmarks)
            found = {"sources": rank(prefer_sources(results, q, shingles, self.index.pruned,
                                                    self.settings.sibling_share), top)}
        for r in [*found["sources"], *found.get("siblings", []), *found.get("related", [])]:
            aliases = self.store.aliases(self._doc(r["id"]))
            if aliases:
                r["aliases"] = aliases
        return {"article": art.id, "date": art.date, "candidates": len(cands), **found}

    def _stock(self, art: Article) -> frozenset:
        return stock_sentences(art, self.index.pruned, df=lambda sh: self.index.df(sh)[0])

    def _holds_story(self, forms: set[str], near: str) -> bool:
        """Whether an outlet named by one of ``forms`` (see ``origin.names``) has a text in the corpus on
        the story of article ``near``, not dated after it: one holding at least ORIGIN_SHARE of its own
        shingles (stock sentences, which unrelated stories share, left out), or a third of that and three
        times the outlet's next text."""
        outlets = [o for o in dict.fromkeys(o for _doc, o in self._outlet_rows() if o is not None) if names(o) & forms]
        if not outlets:
            return False
        doc = self._doc(near)
        art = self.store.article(doc)
        own = own_shingles(art, self._stock(art), self.settings.shingle)
        hits = self.index.search(own, k=5, exclude=doc, allow=self.outlet_mask(outlets), internal=True)
        dates = self.store.meta_rows(int(d) for d in hits.docs)
        shares = [float(c) for d, c in zip(hits.docs, hits.containment)
                  if date_order(dates[int(d)]["date"], art.date) != "after"]
        # a heavy rewrite keeps little of its origin's text, but that text stands out from the outlet's others
        top, nxt = (sorted(shares, reverse=True) + [0.0, 0.0])[:2]
        return top >= ORIGIN_SHARE or (top >= ORIGIN_SHARE / 3 and top >= 3 * nxt)

    def _preorder(self, art: Article, q: np.ndarray,
                  cands: list[Candidate]) -> tuple[list[Candidate], list[set[int]], dict[int, np.ndarray]]:
        """Lexical candidates in the order they are verified: by containment, except that a candidate
        that precedes others (see ``trace.precedence``) comes before them; the docs each one precedes;
        and the candidates' stored shingles (doc -> array), which the origin decision reads again."""
        if not cands:
            return [], [], {}
        meta = self.store.meta_rows(c.doc for c in cands)
        orders = [date_order(meta[c.doc]["date"], art.date) for c in cands]
        printed = outlet_kind(art) in (None, "print")
        kinds = self.store.outlet_kinds(c.doc for c in cands)
        same_day = [self.settings.same_day_copies or not printed
                    or outlet_kind(Article("", "", outlet=meta[c.doc]["outlet"],
                                           meta={"outlet_kind": kinds[c.doc]} if kinds[c.doc] else {}))
                    not in (None, "print") for c in cands]
        items = [{"id": meta[c.doc]["id"], "date": meta[c.doc]["date"], "score": c.containment, "date_order": order,
                  "date_consistent": possible_source(order, same)}
                 for c, order, same in zip(cands, orders, same_day)]
        stored = self.store.shingles_of(c.doc for c in cands)
        own = [stored.get(c.doc, np.zeros(0, np.uint64)) for c in cands]
        beats = precedence(items, held(q, own, self.index.pruned), self.settings.sibling_share, same_story(own))
        order = precedence_order(items, beats)
        beaten = [{cands[j].doc for j in np.nonzero(beats[k])[0]} for k in order]
        return [cands[k] for k in order], beaten, stored

    # ------------------------------------------------------------------ clusters and lineage
    def clusters(self, verify: bool = False, min_size: int = 1, engine="local",
                 spark_master: str | None = None) -> list[dict]:
        """Stories: ``[{"cluster", "size", "members"}]``, largest first; saved for `lineage`.

        ``engine``: "local" (``workers`` processes), "spark" (``spark_master``, default local[2]) or an
        executor from ``redline.engines``; every engine gives the same cluster ids."""
        from ..engines import get_executor
        executor = get_executor(engine, self.workers, spark_master)
        try:
            with self.store.guard("clustering"):
                gen = self.store.generation
                assignment = cluster_assignment(self.store, self.settings, executor, verify, self.semantic)
                with self.store.transaction():
                    self.store.save_clusters(assignment, gen)
        finally:
            if executor is not engine:
                executor.close()
        ids = self.store.ids(assignment)
        groups: dict[str, list[str]] = {}
        for d in sorted(assignment):
            groups.setdefault(assignment[d], []).append(ids[d])
        out = [{"cluster": c, "size": len(m), "members": sorted(m)} for c, m in groups.items() if len(m) >= min_size]
        return sorted(out, key=lambda g: (-g["size"], g["cluster"]))

    def cluster_of(self, ident: str) -> str:
        doc = self.store.lookup(ident)
        if doc is None:
            raise InputError(ident, f"no such article in {self.store.name}")
        self._fresh_clusters()
        row = self.store.db.execute("SELECT cluster FROM clusters WHERE doc = ?", (doc,)).fetchone()
        return row[0]

    def _fresh_clusters(self) -> None:
        if self.store.meta("clusters_generation") != str(self.store.generation):
            self.clusters()

    def lineage(self, cluster: str, explain: bool = True) -> tuple[dict, dict]:
        """The story's directed graph (JSON-ready) and the comparison behind each edge: each member's
        edges are `trace`'s sources for it among the story's members, so the two always agree."""
        from .lineage import build
        self._fresh_clusters()
        members = self.store.cluster_members(cluster)
        if not members:
            doc = self.store.lookup(cluster)
            if doc is None:
                raise InputError(cluster, f"no such cluster or article in {self.store.name} (see `redline clusters`)")
            cluster = self.cluster_of(cluster)
            members = self.store.cluster_members(cluster)
        cap = self.settings.lineage_max_nodes
        cut = max(0, len(members) - cap) if cap > 0 else 0
        members = members[:cap] if cap > 0 else members
        arts = self.store.articles(members)
        done: dict = {}
        traces = {d: self.trace(a, top=self.settings.lineage_verify, within=members, comparisons=done)
                  for d, a in arts.items()}
        return build(cluster, arts, traces, self.comparer(explain=explain), cut, done)


class _Recorder:
    """A comparer that keeps every comparison it makes: `lineage` draws its edges from the ones
    its members' traces verified instead of comparing each pair again."""

    def __init__(self, comparer, kept: dict):
        self.comparer, self.kept = comparer, kept

    def compare(self, *, sources: list[Article], derived: Article):
        found = self.comparer.compare(sources=sources, derived=derived)
        self.kept[(sources[0].id, derived.id)] = found
        return found


def _bound(c: Candidate, basis: Basis) -> float:
    return score_bound(c.containment / basis.containment if basis.containment > 0 else 0.0,
                       c.words / basis.words if basis.words > 0 else None, basis.shingles)


def _kth(results: list[dict], k: int) -> float:
    return sorted((r["score"] for r in results), reverse=True)[k - 1]


__all__ = ["Corpus", "CorpusError", "CorpusSettings", "cluster_id"]
