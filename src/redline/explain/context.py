"""What every finding rule needs: per-sentence analyses of both sides, quotes, and evidence makers."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Protocol

from ..model import Article, Comparison, Evidence, Sentence
from ..text.normalise import Token, normalise, text_tokens, words
from ..text.quotes import Quote, extract_quotes
from .analyse import SentenceAnalysis, analyse_sentences
from .lexicon import Lexicon

TITLE_SUFFIX = "#title"
MAX_REPLACED = 5  # longer source stretches are rewrites, not a word swapped


class Texted(Protocol):
    """What evidence slices: an Article, or a stand-in holding only a title."""
    @property
    def text(self) -> str: ...
    @property
    def title(self) -> str | None: ...


@dataclass
class Context:
    comparison: Comparison
    lexicon: Lexicon
    derived: list[SentenceAnalysis]
    source: dict[tuple[str, int], SentenceAnalysis]
    derived_quotes: list[Quote]
    source_quotes: dict[str, list[Quote]]
    articles: dict[str, Texted] = field(default_factory=dict)
    embedder: object | None = None  # present when the comparison embedded its added sentences

    def embedding(self, a: SentenceAnalysis):
        """The sentence vector of a derived analysis (cached by the embedder), or None in lexical mode."""
        if self.embedder is None or "model" not in a.features:
            return None
        return self.embedder.encode([a.text])[0]  # type: ignore[attr-defined]

    @property
    def derived_article(self) -> Article:
        return self.comparison.derived

    def text_of(self, article_id: str) -> str:
        if article_id.endswith(TITLE_SUFFIX) and article_id not in self.articles:
            return self.articles[article_id[:-len(TITLE_SUFFIX)]].title or ""
        return self.articles[article_id].text

    def evidence(self, article_id: str, sentence: int | None, start: int, end: int) -> Evidence:
        return Evidence(article_id, sentence, start, end, self.text_of(article_id)[start:end])

    def sentence_evidence(self, a: SentenceAnalysis, article_id: str) -> Evidence:
        return self.evidence(article_id, a.index, a.start, a.end)

    def matched_sources(self, index: int) -> list[SentenceAnalysis]:
        m = self.comparison.derived_sentences[index]
        return [self.source[(r.article, r.index)] for r in m.sources if (r.article, r.index) in self.source]

    def whole_flat(self, which: str) -> str:
        """``flat`` of the derived text (``"derived"``) or ``flat_all`` of the sources
        (``"sources"``), made once per context: rules ask for it per sentence or per quote, and on
        a long article ``flat``'s cache has let the whole text go by then."""
        cache = self.__dict__.setdefault("_whole", {})
        if which not in cache:
            cache[which] = (flat(self.comparison.derived.text) if which == "derived"
                            else flat_all(s.text for s in self.comparison.sources))
        return cache[which]

    def sentence_at(self, article_id: str, pos: int) -> int | None:
        """The index of the sentence of ``article_id`` holding offset ``pos`` (a binary search)."""
        if not hasattr(self, "_spans"):
            self._spans: dict = {}
            for m in self.comparison.derived_sentences:
                self._spans.setdefault(self.derived_article.id, []).append((m.start, m.end, m.index))
            for st in self.comparison.source_sentences:
                self._spans.setdefault(st.article, []).append((st.start, st.end, st.index))
            for spans in self._spans.values():
                spans.sort()
        spans = self._spans.get(article_id, [])
        at = bisect.bisect_right(spans, (pos, float("inf"), 0)) - 1
        return spans[at][2] if at >= 0 and spans[at][0] <= pos < spans[at][1] else None

    def matched_items(self, index: int) -> list[tuple[tuple[str, int], SentenceAnalysis]]:
        """The source analyses equal to one of ``matched_sources(index)``, with their keys, in
        source order: what a scan of all of ``source`` would give, without the scan (which made
        explain quadratic on long articles)."""
        if not hasattr(self, "_by_place"):
            self._order = {k: n for n, k in enumerate(self.source)}
            self._by_place: dict = {}
            for k, v in self.source.items():
                self._by_place.setdefault((v.index, v.start, v.end, v.text), []).append(k)
        keys = {k for v in self.matched_sources(index)
                for k in self._by_place[(v.index, v.start, v.end, v.text)] if self.source[k] == v}
        return [(k, self.source[k]) for k in sorted(keys, key=self._order.__getitem__)]


def build_context(comparison: Comparison, lexicon: Lexicon, embedder=None) -> Context:
    derived = comparison.derived
    articles: dict[str, Texted] = {derived.id: derived, **{s.id: s for s in comparison.sources}}
    d_quotes = extract_quotes(derived.text)
    d_sents = [Sentence(derived.id, m.index, m.start, m.end, m.text, m.paragraph)
               for m in comparison.derived_sentences]
    added = [k for k, m in enumerate(comparison.derived_sentences) if m.label == "added"]
    # The opinion model reads only the added sentences; no learned word detector (as without
    # an embedder), so every other sentence is scored on its lexicon features alone.
    d_an = analyse_sentences(derived.text, d_sents, lexicon, embedder if added else None, d_quotes,
                             learned=False, scored=added)
    s_quotes: dict[str, list[Quote]] = {}
    s_an: dict[tuple[str, int], SentenceAnalysis] = {}
    for src in comparison.sources:
        sents = tuple(Sentence(st.article, st.index, st.start, st.end, st.text, st.paragraph)
                      for st in comparison.source_sentences if st.article == src.id)
        quotes, analyses = analyse_source(lexicon, src.text, sents)
        s_quotes[src.id] = list(quotes)
        s_an.update(((src.id, a.index), a) for a in analyses)
    return Context(comparison, lexicon, d_an, s_an, d_quotes, s_quotes, articles, embedder)


@lru_cache(maxsize=256)
def analyse_source(lexicon: Lexicon, text: str, sentences: tuple[Sentence, ...]):
    """Cached: one source is often compared with many rewrites."""
    quotes = extract_quotes(text)
    return tuple(quotes), tuple(analyse_sentences(text, list(sentences), lexicon, None, quotes))


@lru_cache(maxsize=8192)
def norm_words(text: str) -> tuple[str, ...]:
    return tuple(words(normalise(text)))


@lru_cache(maxsize=4096)
def flat(text: str) -> str:
    """Normalised words joined by single spaces, padded, for whole-phrase substring tests."""
    return " " + " ".join(norm_words(text)) + " "


def flat_all(texts) -> str:
    return "|".join(flat(t) for t in texts)


def contains_phrase(haystack: str, needle: str) -> bool:
    """Whether the words of ``needle`` occur, in order and adjacent, in a ``flat`` haystack."""
    words = norm_words(needle)
    return not words or f" {' '.join(words)} " in haystack


def _shifted(text: str, offset: int) -> list[Token]:
    return [t._replace(start=t.start + offset, end=t.end + offset) for t in text_tokens(text)]


def replaced_wording(d_text: str, d_offset: int, s_text: str, s_offset: int,
                     start: int, end: int) -> tuple[int, int] | None:
    """The source words that a derived span (absolute ``start``..``end``) replaced, as absolute
    offsets into the source text, when the two sentences line up around it; else None."""
    dt, st = _shifted(d_text, d_offset), _shifted(s_text, s_offset)
    sm = SequenceMatcher(None, [t.norm for t in dt], [t.norm for t in st], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "replace" or j2 <= j1:
            continue
        if dt[i1].start <= start and end <= dt[i2 - 1].end and j2 - j1 <= MAX_REPLACED:
            return st[j1].start, st[j2 - 1].end
    return None
