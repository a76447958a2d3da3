"""Document features of a comparison: how much of the derived text is shared with its sources,
in words, n-grams, sentences and order (the derivation model's inputs, see ``verdict``)."""
from __future__ import annotations

import math

import numpy as np
from rapidfuzz.distance import Indel

from ..model import Match
from .features import SentenceFeatures
from .settings import Settings
from .words import gram_covers, quoted, reused_mask

LABEL_WEIGHT = {"verbatim": 1.0, "edited": 1.0, "paraphrase": 1.0, "added": 0.0}
COVER_N = (1, 2, 3, 5, 8)  # 1, 3, 5 double as containment orders


def document_features(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                      matches: list[Match], settings: Settings | None = None,
                      cols: np.ndarray | None = None) -> dict[str, float]:
    """``cols``: the alignment's candidate columns on a long comparison (``matcher.row_scores``)."""
    settings = settings or Settings()
    total = sum(f.size for f in derived) or 1
    by_label = {k: 0 for k in LABEL_WEIGHT}
    for f, m in zip(derived, matches):
        by_label[m.label] += f.size
    d_words = [w for f in derived for w in f.words]
    s_words = [w for f in source for w in f.words]
    feats = {f"share_{k}": v / total for k, v in by_label.items()}
    feats["reuse"] = sum(by_label[k] * w for k, w in LABEL_WEIGHT.items()) / total
    feats["span_share"] = sum(len(_span_tokens(f, m)) for f, m in zip(derived, matches)) / total
    cover, containment = gram_covers(derived, source, COVER_N)
    for n in (1, 3, 5):
        feats[f"containment{n}"] = containment[n]
    inq = quoted(derived)
    for n in COVER_N:
        feats[f"cover{n}"] = float(cover[n].mean()) if d_words else 0.0
    feats["cover3_unquoted"] = float(cover[3][~inq].mean()) if (~inq).any() else feats["cover3"]
    feats["quoted"] = float(inq.mean()) if d_words else 0.0
    feats["log_words"] = math.log1p(len(d_words))
    kept = {(r.article, r.index) for m in matches for r in m.sources}
    s_total = sum(f.size for f in source) or 1
    feats["source_kept"] = sum(f.size for f in source
                               if (f.sentence.article, f.sentence.index) in kept) / s_total
    feats["length_ratio"] = len(d_words) / max(len(s_words), 1)
    feats["match_score"] = sum(f.size * m.score for f, m in zip(derived, matches)) / total
    for tenths in (3, 5, 7, 9):  # share of words in sentences matched at least this closely
        feats[f"matched{tenths}"] = sum(f.size for f, m in zip(derived, matches)
                                        if m.lexical >= tenths / 10) / total
    feats["in_order"] = in_order(matches)
    feats["sentence_lcs"] = sentence_lcs(derived, source, matches)
    mask = reused_mask(derived, source, matches, cover, inq, settings, cols)
    feats["word_reuse"] = float(mask.mean()) if d_words else 0.0
    return feats


def in_order(matches: list[Match]) -> float:
    """Share of consecutive matched derived sentences whose sources also follow each other in
    order (1.0: the source order is kept; light edits keep it, heavy rewrites shuffle)."""
    firsts = [(m.sources[0].article, m.sources[0].index) for m in matches if m.sources]
    steps = list(zip(firsts, firsts[1:]))
    if not steps:
        return 0.0
    return sum(1 for a, b in steps if a[0] == b[0] and b[1] >= a[1]) / len(steps)


def sentence_lcs(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                 matches: list[Match]) -> float:
    """How closely matched derived sentences keep their sources' wording and word order: the
    word-sequence LCS similarity (Indel) of each with its source sentences, weighted by words
    (near 1: copied or lightly edited; lower: rewritten, merged or split)."""
    at = {(f.sentence.article, f.sentence.index): k for k, f in enumerate(source)}
    pairs = [(f.words, [w for k in sorted(at[(r.article, r.index)] for r in m.sources)
                        for w in source[k].words])
             for f, m in zip(derived, matches) if m.label != "added" and m.sources]
    size = sum(len(d) for d, _ in pairs)
    if not size:
        return 0.0
    return sum(len(d) * Indel.normalized_similarity(d, s) for d, s in pairs) / size


def _span_tokens(f: SentenceFeatures, m: Match) -> set[int]:
    covered_tokens = set()
    for sp in m.spans:
        for k, t in enumerate(f.toks):
            if t.start >= sp.derived.start and t.end <= sp.derived.end:
                covered_tokens.add(k)
    return covered_tokens
