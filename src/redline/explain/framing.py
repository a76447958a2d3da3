"""Framing analysis of one article, as data (rendered by ``redline.report.framing``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Article
from ..text.quotes import Quote, extract_quotes
from .analyse import SentenceAnalysis, analyse_one, analyse_text
from .lexicon import Lexicon


@dataclass(frozen=True)
class FramingResult:
    article: Article
    sentences: tuple[SentenceAnalysis, ...]
    title: SentenceAnalysis | None
    quotes: tuple[Quote, ...]
    semantic: bool
    notes: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        n = len(self.sentences) or 1
        return {"sentences": len(self.sentences),
                "biased": sum(s.biased for s in self.sentences),
                "subjective": sum(s.subjective for s in self.sentences),
                "loaded_terms": sum(len(s.loaded) for s in self.sentences),
                "hedges": sum(len(s.hedges) for s in self.sentences),
                "attributions": sum(len(s.attributions) for s in self.sentences),
                "quotes": sum(1 for q in self.quotes if q.kind == "quote"),
                "mean_bias": round(sum(s.bias_score for s in self.sentences) / n, 4),
                "mean_subjectivity": round(sum(s.subjectivity for s in self.sentences) / n, 4)}

    def to_dict(self) -> dict[str, Any]:
        return {"redline": 1, "article": self.article.metadata(), "semantic": self.semantic,
                "notes": list(self.notes), "summary": self.summary(),
                "title": None if self.title is None else {**self.title.to_dict(), "offsets": "title"},
                "sentences": [s.to_dict() for s in self.sentences],
                "quotes": [q.to_dict() for q in self.quotes if q.kind == "quote"]}


def analyse_article(article: Article, lexicon: Lexicon | None = None, embedder=None,
                    notes: tuple[str, ...] = ()) -> FramingResult:
    from ..text.chrome import body_text  # page chrome is not the article's framing
    sentences = analyse_text(body_text(article), article.id, lexicon, embedder)
    title = analyse_one(article.title, lexicon, embedder) if article.title else None
    return FramingResult(article, tuple(sentences), title, tuple(extract_quotes(article.text)),
                         embedder is not None, notes)
