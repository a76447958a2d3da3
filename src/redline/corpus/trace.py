"""`trace`: the ranked likely sources of one article.

Candidates come from the containment index (and the vector index for heavy paraphrase); each is
verified with the full comparison, which gives reuse, derivation and evidence; direction comes from
the pairwise signals of ``redline.align.direction``; a source dated after the article is flagged
and ranked lower, never dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..align.direction import _parse_date, infer_direction
from ..model import Article, Comparison

EVIDENCE = 3


@dataclass
class Candidate:
    doc: int
    containment: float = 0.0
    reverse: float = 0.0
    semantic: float | None = None
    via: str = "lexical"


def verify(comparer, query: Article, source: Article, cand: Candidate, best_containment: float) -> dict:
    comparison = comparer.compare(sources=[source], derived=query)
    direction = infer_direction(source, query)
    p_dir = direction.confidence if direction.source == source.id else 1.0 - direction.confidence
    date_ok = _date_consistent(source, query)
    reuse = comparison.reuse
    lexical = cand.containment / best_containment if best_containment > 0 else 0.0
    score = (0.5 * lexical + 0.5 * reuse) * (0.5 + 0.5 * p_dir)
    confidence = min(1.0, max(0.0, (reuse - 0.1) / 0.6)) * p_dir  # reuse 0.7+ and a clear direction: 1
    if date_ok is False:
        score *= 0.5
        confidence *= 0.5
    return {"id": source.id, "reuse": round(reuse, 4), "derivation": comparison.derivation,
            "direction": "source_to_article" if p_dir >= 0.5 else "article_to_source",
            "direction_confidence": round(p_dir, 3), "confidence": round(confidence, 3),
            "score": round(score, 4), "containment": round(cand.containment, 4),
            "reverse_containment": round(cand.reverse, 4),
            "semantic": None if cand.semantic is None else round(cand.semantic, 4), "found_by": cand.via,
            "date": source.date, "date_consistent": date_ok,
            "reasons": [r.detail for r in direction.reasons],
            "counts": comparison.counts(), "evidence": evidence(comparison),
            "title": source.title, "outlet": source.outlet, "url": source.url,
            "_explains": {m.index for m in comparison.derived_sentences if m.label != "added"}}


def _date_consistent(source: Article, article: Article) -> bool | None:
    ds, da = _parse_date(source.date), _parse_date(article.date)
    if ds is None or da is None:
        return None
    return ds <= da


def evidence(c: Comparison, limit: int = EVIDENCE) -> list[dict]:
    """The best matched passages, with offsets into both original texts."""
    by_ref = {(s.article, s.index): s for s in c.source_sentences}
    matched = sorted((m for m in c.derived_sentences if m.label != "added"), key=lambda m: (-m.score, m.index))
    out = []
    for m in matched[:limit]:
        src = by_ref[(m.sources[0].article, m.sources[0].index)]
        out.append({"label": m.label, "score": round(m.score, 4),
                    "derived": {"article": c.derived.id, "sentence": m.index, "start": m.start,
                                "end": m.end, "text": m.text},
                    "source": {"article": src.article, "sentence": src.index, "start": src.start,
                               "end": src.end, "text": src.text},
                    "shared": [sp.to_dict() for sp in m.spans]})
    return out


def rank(results: list[dict], top: int) -> list[dict]:
    """In the given order; each source's role says whether it adds sentences the better ones do not explain."""
    covered: set[int] = set()
    for k, r in enumerate(results):
        explains = r.pop("_explains")
        new = explains - covered
        r["rank"] = k + 1
        r["explains"] = sorted(explains)
        r["adds"] = len(new)
        r["role"] = "primary" if k == 0 else ("additional" if len(new) >= 2 and r["reuse"] > 0.1 else "alternative")
        covered |= explains
    return results[:top]


TAKEN_MARGIN = 3     # shingles the article must have taken from one candidate's own text
CLOSE_SCORE = 0.8    # only candidates scoring within this factor of each other are reordered


def prefer_sources(results: list[dict], query: np.ndarray, shingles: dict[str, np.ndarray], window: int = 5) -> list[dict]:
    """Reorder near-equal candidates: if the article took text that only P has, and not text that only
    S has, P is its source and S a sibling (or an ancestor P reworded). Ties go to the earlier date."""
    out = sorted(results, key=lambda r: (-r["score"], r["id"]))
    top = out[:window]
    for _ in range(len(top)):
        swapped = False
        for i in range(len(top) - 1):
            if _beats(top[i + 1], top[i], query, shingles):
                top[i], top[i + 1] = top[i + 1], top[i]
                swapped = True
        if not swapped:
            break
    return top + out[window:]


def _beats(p: dict, s: dict, query: np.ndarray, shingles: dict[str, np.ndarray]) -> bool:
    if p["score"] < CLOSE_SCORE * s["score"] or p["date_consistent"] is False:
        return False
    if p["direction"] != "source_to_article":
        return False
    sp, ss = shingles[p["id"]], shingles[s["id"]]
    only_p = len(np.intersect1d(query, np.setdiff1d(sp, ss, assume_unique=True), assume_unique=True))
    only_s = len(np.intersect1d(query, np.setdiff1d(ss, sp, assume_unique=True), assume_unique=True))
    if only_p >= only_s + TAKEN_MARGIN:
        return True
    if abs(only_p - only_s) < TAKEN_MARGIN and abs(p["score"] - s["score"]) < 0.05:
        dp, ds = _parse_date(p["date"]), _parse_date(s["date"])
        return dp is not None and ds is not None and dp < ds
    return False
