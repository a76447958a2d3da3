"""Reuse share, document features, reused words and the METER-style derivation level.

The derivation level comes from a small multinomial logistic model over a handful of document
features. Its coefficients were fit on all 769 METER courts texts that have a PA source
(``python bench/meter.py --fit`` prints them); bench/meter.py reports its 5-fold cross-validated
accuracy. They are numbers in code, not data.
"""
from __future__ import annotations

import math
import re

import numpy as np

from ..model import Match, Span
from .features import SentenceFeatures
from .settings import Settings

LABEL_WEIGHT = {"verbatim": 1.0, "edited": 1.0, "paraphrase": 1.0, "added": 0.0}
LEVELS = ("wholly", "partially", "none")
COVER_N = (1, 2, 3, 5, 8)  # 1, 3, 5 double as containment orders
_OPEN_CLOSE = re.compile(r'["“”«»]|``|\'\'')


def ngrams(words: tuple[str, ...] | list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def covered(words: list[str], grams: set, n: int) -> np.ndarray:
    """Which of ``words`` lie inside an n-gram that also occurs in ``grams``."""
    out = np.zeros(len(words), dtype=bool)
    for i in range(len(words) - n + 1):
        if tuple(words[i:i + n]) in grams:
            out[i:i + n] = True
    return out


def source_grams(source: list[SentenceFeatures], n: int) -> set[tuple[str, ...]]:
    """n-grams of each source article's running words (across its sentence boundaries)."""
    by_article: dict[str, list[str]] = {}
    for f in source:
        by_article.setdefault(f.sentence.article, []).extend(f.words)
    grams: set = set()
    for words in by_article.values():
        grams |= ngrams(words, n)
    return grams


def quoted(derived: list[SentenceFeatures]) -> np.ndarray:
    """Which derived words stand inside quotation marks (a quote open across sentences counts)."""
    out, inside = [], False
    for f in derived:
        text, base = f.sentence.text, f.sentence.start
        marks = [(m.start() + base, m.end() + base) for m in _OPEN_CLOSE.finditer(text)]
        k = 0
        for t in f.toks:
            while k < len(marks) and marks[k][1] <= t.start:
                inside = not inside
                k += 1
            out.append(inside)
        inside ^= (len(marks) - k) % 2 == 1
    return np.array(out, dtype=bool)


def document_features(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                      matches: list[Match], settings: Settings | None = None) -> dict[str, float]:
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
    grams = {n: source_grams(source, n) for n in COVER_N}
    cover = {n: covered(d_words, grams[n], n) for n in COVER_N}
    for n in (1, 3, 5):
        d_ng = ngrams(d_words, n)
        feats[f"containment{n}"] = len(d_ng & grams[n]) / len(d_ng) if d_ng else 0.0
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
    feats["in_order"] = in_order(matches)
    mask = reused_mask(derived, matches, cover[2], cover[3], settings)
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


def reused_mask(derived: list[SentenceFeatures], matches: list[Match], cover2: np.ndarray,
                cover3: np.ndarray, settings: Settings) -> np.ndarray:
    """Per derived word: taken from a source (verbatim or rewritten) or new.

    A word counts as reused when it sits in a shared word 3-gram, or when its sentence is matched
    to a source and enough of that sentence is shared (bigram cover) that the rest reads as a
    rewrite of the source rather than new text. Calibrated on the METER .aat word spans.
    """
    out = np.zeros(len(cover2), dtype=bool)
    pos = 0
    for f, m in zip(derived, matches):
        n = f.size
        sl = slice(pos, pos + n)
        share = float(cover2[sl].mean()) if n else 0.0
        whole = m.label != "added" and (share >= settings.rewrite_cover or m.label == "paraphrase")
        out[sl] = True if whole else cover3[sl]
        pos += n
    return out


def reused_spans(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                 matches: list[Match], text: str, settings: Settings | None = None) -> tuple[Span, ...]:
    """Character spans of the derived text judged reused (runs of reused words)."""
    settings = settings or Settings()
    d_words = [w for f in derived for w in f.words]
    mask = reused_mask(derived, matches, covered(d_words, source_grams(source, 2), 2),
                       covered(d_words, source_grams(source, 3), 3), settings)
    toks = [t for f in derived for t in f.toks]
    spans: list[Span] = []
    start = end = None
    for t, on in zip(toks, mask):
        if on and start is not None and not text[end:t.start].strip(" \t,;:-\"'“”‘’"):
            end = t.end
            continue
        if start is not None:
            spans.append(Span(start, end, text[start:end]))
            start = None
        if on:
            start, end = t.start, t.end
    if start is not None:
        spans.append(Span(start, end, text[start:end]))
    return tuple(spans)


def _span_tokens(f: SentenceFeatures, m: Match) -> set[int]:
    covered_tokens = set()
    for sp in m.spans:
        for k, t in enumerate(f.toks):
            if t.start >= sp.derived.start and t.end <= sp.derived.end:
                covered_tokens.add(k)
    return covered_tokens


# Multinomial logistic model: standardised features -> wholly / partially / none.
# Fit by bench/meter.py --fit on all METER courts texts with a source (lexical alignment).
MODEL_FEATURES = ("cover1", "cover2", "cover3", "cover5", "cover8", "cover3_unquoted",
                  "word_reuse", "reuse", "share_verbatim", "log_words", "source_kept")
MODEL_MEAN = (0.8466, 0.6284, 0.4593, 0.2994, 0.2089, 0.4480, 0.7303, 0.6939, 0.0791, 5.4257, 0.2685,)
MODEL_SCALE = (0.1063, 0.1999, 0.2449, 0.2564, 0.2421, 0.2437, 0.2547, 0.2812, 0.1557, 0.9680, 0.2056,)
MODEL_COEF = ((0.8426, -0.1988, -0.1953, 0.7561, 0.2719, 0.3113, -0.2150, 0.3669, 0.0480, -1.2052, 0.1096,),
              (-0.3589, 0.3921, -0.1370, 0.2614, -0.0665, -0.0866, 0.4579, -0.3443, 0.0011, 0.6133, -0.2976,),
              (-0.4836, -0.1933, 0.3323, -1.0174, -0.2054, -0.2248, -0.2428, -0.0226, -0.0491, 0.5918, 0.1880,))
MODEL_INTERCEPT = (-0.0761, 0.9735, -0.8974,)


def level_probabilities(feats: dict[str, float], model: dict | None = None) -> dict[str, float]:
    m = model or {"features": MODEL_FEATURES, "mean": MODEL_MEAN, "scale": MODEL_SCALE,
                  "coef": MODEL_COEF, "intercept": MODEL_INTERCEPT}
    x = (np.array([feats[k] for k in m["features"]]) - np.array(m["mean"])) / np.array(m["scale"])
    z = np.array(m["coef"]) @ x + np.array(m["intercept"])
    p = np.exp(z - z.max())
    p /= p.sum()
    return {level: float(v) for level, v in zip(LEVELS, p)}


def derivation_level(feats: dict[str, float], settings: Settings) -> str:
    if not settings.derivation_model:
        if feats["reuse"] >= settings.wholly:
            return "wholly"
        return "partially" if feats["reuse"] >= settings.partially else "none"
    probs = level_probabilities(feats)
    return max(LEVELS, key=lambda level: (probs[level], -LEVELS.index(level)))
