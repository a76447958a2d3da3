"""Reuse share, document features and the METER-style derivation level."""
from __future__ import annotations

from ..model import Match
from .features import SentenceFeatures
from .settings import Settings

LABEL_WEIGHT = {"verbatim": 1.0, "edited": 1.0, "paraphrase": 1.0, "added": 0.0}


def ngrams(words: tuple[str, ...] | list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def document_features(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                      matches: list[Match]) -> dict[str, float]:
    total = sum(f.size for f in derived) or 1
    by_label = {k: 0 for k in LABEL_WEIGHT}
    for f, m in zip(derived, matches):
        by_label[m.label] += f.size
    span_words = sum(len(_span_tokens(f, m)) for f, m in zip(derived, matches))
    d_words = [w for f in derived for w in f.words]
    s_words = [w for f in source for w in f.words]
    feats = {f"share_{k}": v / total for k, v in by_label.items()}
    feats["reuse"] = sum(by_label[k] * w for k, w in LABEL_WEIGHT.items()) / total
    feats["span_share"] = span_words / total
    for n in (1, 3, 5):
        d_ng = ngrams(d_words, n)
        s_ng = set().union(*(ngrams(f.words, n) for f in source)) if source else set()
        feats[f"containment{n}"] = len(d_ng & s_ng) / len(d_ng) if d_ng else 0.0
    kept = {(r.article, r.index) for m in matches for r in m.sources}
    s_total = sum(f.size for f in source) or 1
    feats["source_kept"] = sum(f.size for f in source
                               if (f.sentence.article, f.sentence.index) in kept) / s_total
    feats["length_ratio"] = len(d_words) / max(len(s_words), 1)
    return feats


def _span_tokens(f: SentenceFeatures, m: Match) -> set[int]:
    covered = set()
    for sp in m.spans:
        for k, t in enumerate(f.toks):
            if t.start >= sp.derived.start and t.end <= sp.derived.end:
                covered.add(k)
    return covered


def derivation_level(feats: dict[str, float], settings: Settings) -> str:
    if feats["reuse"] >= settings.wholly:
        return "wholly"
    if feats["reuse"] >= settings.partially:
        return "partially"
    return "none"
