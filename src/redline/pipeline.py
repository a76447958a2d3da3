"""The compare pipeline: ingest -> sentences -> alignment -> verdict -> direction -> enrichers.

The enrichers (framing findings, the licence check) are arguments of ``Comparer``; the defaults,
``redline.explain.explain_comparison`` and ``redline.license.check_comparison``, are wired here and
nowhere else, so explain and license never import the pipeline."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Union

from .align.direction import infer_direction
from .align.document import document_features
from .align.features import SentenceFeatures, featurise_all
from .align.matcher import align, embed_texts, row_scores
from .align.settings import Settings
from .align.verdict import derivation_level, level_probabilities
from .embed import Embedder, default_embedder, loaded_embedder
from .errors import InputError
from .model import Article, Comparison, Direction, Reason
from .text.chrome import body_text, chrome_of
from .text.sentences import split_sentences

ArticleLike = Union[Article, str, "os.PathLike[str]"]
Framer = Callable[[Comparison], Comparison]
Licenser = Callable[[Comparison, object], Comparison]


def default_framing(comparison: Comparison) -> Comparison:
    """Framing findings (``redline.explain``), imported on first use so ``import redline`` stays light."""
    from .explain import explain_comparison
    return explain_comparison(comparison)


def default_licence(comparison: Comparison, policy) -> Comparison:
    """The licence check (``redline.license``) under ``policy``."""
    from .license import check_comparison
    return check_comparison(comparison, policy)


def as_article(item: ArticleLike) -> Article:
    """An Article as given (its strings made valid Unicode), or the one a path names; refused
    when longer than MAX_ARTICLE_CHARS, before any work is done on it."""
    from .ingest import load_article
    from .ingest.clean import clean_article
    if isinstance(item, Article):
        return check_length(clean_article(item))
    return check_length(load_article(item))


def check_length(article: Article) -> Article:
    """Refuse an article longer than MAX_ARTICLE_CHARS before any work is done on it."""
    from .ingest.clean import too_long
    error = too_long(article)
    if error is not None:
        raise error
    return article


@lru_cache(maxsize=4096)
def text_features(article_id: str, text: str) -> tuple[SentenceFeatures, ...]:
    """Sentence features of a text (cached: a source compared with many copies is split once)."""
    return tuple(featurise_all(split_sentences(text, article_id)))


def body_features(art: Article) -> tuple[SentenceFeatures, ...]:
    """Sentence features of the article's body: page chrome lines are blanked, never aligned."""
    return text_features(art.id, body_text(art))


def _sentence_features(srcs: Sequence[Article], drv: Article):
    """The derived article's sentence features, and all the sources' in order."""
    return list(body_features(drv)), [f for s in srcs for f in body_features(s)]


class Comparer:
    """Holds settings and the embedding model so that many comparisons load it once.

    ``framing`` fills a comparison's findings and framing (run when ``explain``); ``licence``
    checks it against a policy (run when a policy is given)."""

    def __init__(self, settings: Settings | None = None, semantic: bool | None = None,
                 embedder: Embedder | None = None, explain: bool = True,
                 framing: Framer = default_framing, licence: Licenser = default_licence):
        self.settings = settings or Settings()
        want = self.settings.semantic if semantic is None else semantic
        self.embedder = None
        self.notes: tuple[str, ...] = ()
        if want is not False:
            emb = embedder or default_embedder()
            if emb.available:
                self.embedder = emb
            elif want is True or want is None:
                self.notes = (emb.error or "semantic similarity is off",)
        self.explain = explain
        self.framing, self.licence = framing, licence

    def compare(self, *articles: ArticleLike, sources: Sequence[ArticleLike] | None = None,
                derived: ArticleLike | None = None, policy=None) -> Comparison:
        srcs, drv, direction = self._roles(articles, sources, derived)
        comparison = self._align(srcs, drv, direction)
        return self._enrich(comparison, policy)

    def _roles(self, articles, sources, derived) -> tuple[list[Article], Article, Direction]:
        if sources is not None or derived is not None:
            if derived is None or not sources:
                raise InputError("compare", "give both sources and derived, or two articles")
            if articles:
                raise InputError("compare", "give either two articles or sources= and derived=, not both")
            srcs = [as_article(s) for s in sources]
            drv = as_article(derived)
            reason = Reason("given", srcs[0].id, 1.0, "the source was named by the caller")
            return srcs, drv, Direction(srcs[0].id, 1.0, (reason,), False)
        if len(articles) != 2:
            raise InputError("compare", f"needs two articles to infer direction, got {len(articles)}")
        a, b = (as_article(x) for x in articles)
        if a.id == b.id:
            b = replace(b, id=f"{b.id}#2")
        direction = infer_direction(a, b)
        return ([a], b, direction) if direction.source == a.id else ([b], a, direction)

    def _align(self, srcs: list[Article], drv: Article, direction: Direction) -> Comparison:
        ids = [s.id for s in srcs]
        if len(set(ids)) != len(ids) or drv.id in ids:
            raise InputError("compare", "article ids must be distinct")
        for art in (*srcs, drv):
            if not body_features(art):
                raise InputError(art.id, "no sentences found in the article text")
        d_feats, s_feats = _sentence_features(srcs, drv)
        texts = {s.id: s.text for s in srcs}
        result = align(d_feats, s_feats, texts, drv.text, self.settings, self.embedder,
                       embed_added=self.embeds_for_explain())
        feats = document_features(d_feats, s_feats, result.matches, self.settings, result.cols)
        return Comparison(tuple(srcs), drv, direction, derivation_level(feats, self.settings),
                          feats["reuse"], tuple(result.matches), tuple(result.statuses), feats,
                          result.semantic_used or self.embedder is not None, self.notes + _input_notes(srcs, drv),
                          chrome={art.id: tuple(chrome_of(art)) for art in (*srcs, drv)},
                          derivation_probabilities=_probabilities(feats, self.settings))

    def embeds_for_explain(self) -> bool:
        """Whether explain will run its opinion model with this comparer's embedder."""
        return self.explain and self.embedder is not None and self.embedder is loaded_embedder()

    def prefetch(self, pairs: Iterable[tuple[Sequence[Article], Article]]) -> None:
        """Embed, in one call, every sentence that comparing these (sources, derived) pairs will
        embed (known from lexical scores alone), so the batching spans several comparisons;
        the vectors are cached and identical to those of separate calls."""
        if self.embedder is None:
            return
        texts: list[str] = []
        for srcs, drv in pairs:
            d_feats, s_feats = _sentence_features(srcs, drv)
            lex, cols = row_scores(d_feats, s_feats)
            texts += embed_texts(d_feats, s_feats, lex, self.settings, self.embeds_for_explain(), cols)
        if texts:
            self.embedder.encode(list(dict.fromkeys(texts)))

    def _enrich(self, comparison: Comparison, policy) -> Comparison:
        if self.explain:
            comparison = self.framing(comparison)
        if policy is not None:
            comparison = self.licence(comparison, policy)
        return comparison


def _probabilities(feats: dict[str, float], settings: Settings) -> dict[str, float]:
    """The model's level probabilities, none when the level comes from thresholds instead: a
    confidence for a level the model did not choose would mislead."""
    return level_probabilities(feats) if settings.derivation_model else {}


def _input_notes(srcs: Sequence[Article], drv: Article) -> tuple[str, ...]:
    """What the readers had to repair in each article (say, invalid characters replaced)."""
    return tuple(f"{art.id}: {note}" for art in (*srcs, drv) for note in art.meta.get("input_notes", ()))


_default_comparers: dict = {}


def compare(*articles: ArticleLike, sources: Sequence[ArticleLike] | None = None,
            derived: ArticleLike | None = None, source: ArticleLike | None = None,
            semantic: bool | None = None, settings: Settings | None = None,
            explain: bool = True, policy=None) -> Comparison:
    """Align a derived article to its source(s).

    ``compare(a, b)`` infers which is the source; ``compare(source=s, derived=d)`` or
    ``compare(sources=[s1, s2], derived=d)`` names them. Items are Articles or file paths.
    """
    if source is not None:
        sources = [source] + list(sources or [])
    key = (semantic, settings, explain)
    comparer = _default_comparers.get(key)
    if comparer is None:
        comparer = _default_comparers[key] = Comparer(settings, semantic, explain=explain)
    return comparer.compare(*articles, sources=sources, derived=derived, policy=policy)


def check_license(source: ArticleLike, copy: ArticleLike, policy=None, use: str | None = None,
                  semantic: bool | None = False, comparer: Comparer | None = None) -> Comparison:
    """Compare ``copy`` with ``source`` (Articles or paths) and check the republication terms
    (``policy`` and ``use`` as for ``redline.license.check_comparison``)."""
    from .license import check_comparison
    comparer = comparer or Comparer(semantic=semantic)
    comparison = comparer.compare(sources=[source], derived=copy)
    return check_comparison(comparison, policy, use)

