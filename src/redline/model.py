"""Frozen data model shared by every pipeline step.

All offsets are character offsets into ``Article.text`` (the body text as read,
after decoding) so that ``article.text[start:end]`` gives back the quoted text.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_D = TypeVar("_D", bound="DataclassInstance")

LABELS = ("verbatim", "edited", "paraphrase", "added")
STATUSES = ("kept", "dropped")
DERIVATION_LEVELS = ("wholly", "partially", "none")


@dataclass(frozen=True)
class Article:
    """One news article. ``id`` is the caller's own identifier."""

    id: str
    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    html: str | None = field(default=None, repr=False, compare=False)
    meta: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False, hash=False)

    def metadata(self) -> dict[str, Any]:
        data = {"id": self.id, "title": self.title, "byline": self.byline,
                "date": self.date, "outlet": self.outlet, "url": self.url}
        return {k: v for k, v in data.items() if v is not None or k == "id"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Sentence:
    article: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True)
class SourceRef:
    article: str
    index: int

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "index": self.index}


@dataclass(frozen=True)
class SharedSpan:
    """A verbatim word run shared by a derived sentence and one source sentence."""

    derived: Span
    source_article: str
    source_index: int
    source: Span

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.derived.start, "end": self.derived.end, "text": self.derived.text,
                "source": {"article": self.source_article, "index": self.source_index,
                           "start": self.source.start, "end": self.source.end}}


@dataclass(frozen=True)
class Match:
    """The alignment of one derived sentence: its label, its source sentences and evidence."""

    index: int
    start: int
    end: int
    text: str
    label: str
    sources: tuple[SourceRef, ...]
    score: float
    lexical: float
    semantic: float | None
    spans: tuple[SharedSpan, ...] = ()
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "start": self.start, "end": self.end,
                "paragraph": self.paragraph, "label": self.label,
                "sources": [s.to_dict() for s in self.sources], "score": round(self.score, 4),
                "lexical": round(self.lexical, 4),
                "semantic": None if self.semantic is None else round(self.semantic, 4),
                "spans": [s.to_dict() for s in self.spans]}


@dataclass(frozen=True)
class SourceStatus:
    article: str
    index: int
    start: int
    end: int
    text: str
    status: str
    derived: tuple[int, ...]
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "index": self.index, "text": self.text,
                "start": self.start, "end": self.end, "paragraph": self.paragraph,
                "status": self.status, "derived": list(self.derived)}


@dataclass(frozen=True)
class Reason:
    signal: str
    favours: str | None
    weight: float
    detail: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"signal": self.signal, "favours": self.favours,
                                "weight": round(self.weight, 3), "detail": self.detail}
        if self.evidence:
            data["evidence"] = [e.to_dict() for e in self.evidence]
        return data


@dataclass(frozen=True)
class Direction:
    source: str | None
    confidence: float
    reasons: tuple[Reason, ...]
    inferred: bool

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "confidence": round(self.confidence, 3),
                "inferred": self.inferred, "reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True)
class Evidence:
    """Where a finding was seen: a span in the derived or a source article."""

    article: str
    sentence: int | None
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "sentence": self.sentence,
                "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    explanation: str
    derived: tuple[Evidence, ...] = ()
    source: tuple[Evidence, ...] = ()
    score: float = 1.0
    data: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "explanation": self.explanation,
                "score": round(self.score, 3),
                "derived": [e.to_dict() for e in self.derived],
                "source": [e.to_dict() for e in self.source], **dict(self.data)}


@dataclass(frozen=True)
class Comparison:
    sources: tuple[Article, ...]
    derived: Article
    direction: Direction
    derivation: str
    reuse: float
    derived_sentences: tuple[Match, ...]
    source_sentences: tuple[SourceStatus, ...]
    features: Mapping[str, float] = field(default_factory=dict, hash=False)
    semantic: bool = False
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    framing: Mapping[str, Any] | None = field(default=None, hash=False)
    license: Mapping[str, Any] | None = field(default=None, hash=False)
    # article id -> its chrome lines
    chrome: Mapping[str, tuple[dict[str, Any], ...]] = field(default_factory=dict, hash=False, compare=False)
    derivation_probabilities: Mapping[str, float] = field(default_factory=dict, hash=False)

    @property
    def derivation_confidence(self) -> float | None:
        """The derivation model's probability of the level given (None without the model)."""
        return self.derivation_probabilities.get(self.derivation)

    @property
    def source(self) -> Article:
        return self.sources[0]

    def counts(self) -> dict[str, int]:
        out = {label: 0 for label in LABELS}
        for m in self.derived_sentences:
            out[m.label] += 1
        out["kept"] = sum(1 for s in self.source_sentences if s.status == "kept")
        out["dropped"] = sum(1 for s in self.source_sentences if s.status == "dropped")
        return out

    def to_dict(self) -> dict[str, Any]:
        sources = [_with_page(a, self.chrome) for a in self.sources]
        data: dict[str, Any] = {
            "redline": 1,
            "source": sources[0] if len(sources) == 1 else sources,
            "sources": sources,
            "derived": _with_page(self.derived, self.chrome),
            "direction": self.direction.to_dict(),
            "derivation": self.derivation,
            "derivation_probabilities": {k: round(v, 4) for k, v in self.derivation_probabilities.items()},
            "derivation_confidence": _rounded(self.derivation_confidence),
            "reuse": round(self.reuse, 4),
            "counts": self.counts(),
            "semantic": self.semantic,
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "notes": list(self.notes),
            "derived_sentences": [m.to_dict() for m in self.derived_sentences],
            "source_sentences": [s.to_dict() for s in self.source_sentences],
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.framing is not None:
            data["framing"] = dict(self.framing)
        if self.license is not None:
            data["license"] = dict(self.license)
        return data


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _with_page(article: Article, chrome: Mapping[str, tuple[dict[str, Any], ...]]) -> dict[str, Any]:
    """An article's metadata with its page chrome lines (found by the pipeline, or at reading
    time) and, where read, each field's evidence."""
    data = article.metadata()
    data["chrome"] = list(chrome.get(article.id, article.meta.get("chrome", ())))
    if article.meta.get("fields"):
        data["fields"] = dict(article.meta["fields"])
    return data


def replace(obj: _D, **changes: Any) -> _D:
    """dataclasses.replace re-exported so callers need not import dataclasses."""
    from dataclasses import replace as _replace
    return _replace(obj, **changes)


__all__ = ["Article", "Span", "Sentence", "SourceRef", "SharedSpan", "Match", "SourceStatus",
           "Reason", "Direction", "Evidence", "Finding", "Comparison", "LABELS", "STATUSES",
           "DERIVATION_LEVELS", "asdict", "replace"]
