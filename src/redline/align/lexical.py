"""Lexical similarity matrices between derived and source sentences (vectorised)."""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from .features import SentenceFeatures


def _items(feats: list[SentenceFeatures], vocab: dict, attr: str) -> list[np.ndarray]:
    return [np.fromiter((vocab[x] for x in getattr(f, attr)), dtype=np.intp) for f in feats]


def overlap(derived: list[SentenceFeatures], source: list[SentenceFeatures], attr: str) -> np.ndarray:
    """Containment of each derived sentence's items (content words or bigrams) in each source one.

    One row at a time against a (vocabulary x source) incidence table: sums over the row's items,
    no BLAS call (multithreaded BLAS is slow on tiny products on a busy machine)."""
    vocab: dict = {}
    for f in derived + source:
        for item in getattr(f, attr):
            vocab.setdefault(item, len(vocab))
    table = np.zeros((len(vocab) + 1, len(source)), dtype=np.float32)
    for j, idx in enumerate(_items(source, vocab, attr)):
        table[idx, j] = 1.0
    out = np.zeros((len(derived), len(source)), dtype=np.float32)
    for i, idx in enumerate(_items(derived, vocab, attr)):
        if len(idx):
            out[i] = table[idx].sum(axis=0) / len(idx)
    return out


def char_ratio(derived: list[SentenceFeatures], source: list[SentenceFeatures]) -> np.ndarray:
    """rapidfuzz indel ratio of the normalised sentence strings, 0..1."""
    if not derived or not source:
        return np.zeros((len(derived), len(source)), dtype=np.float32)
    return process.cdist([f.flat for f in derived], [f.flat for f in source],
                         scorer=fuzz.ratio, dtype=np.float32, workers=1) / 100.0


def lexical_scores(derived: list[SentenceFeatures], source: list[SentenceFeatures]) -> dict[str, np.ndarray]:
    shape = (len(derived), len(source))
    if not derived or not source:
        z = np.zeros(shape, dtype=np.float32)
        return {"words": z, "bigrams": z, "reverse": z, "chars": z, "lexical": z}
    words = overlap(derived, source, "content")
    bigrams = overlap(derived, source, "bigrams")
    reverse = overlap(source, derived, "content").T
    chars = char_ratio(derived, source)
    lexical = 0.45 * words + 0.35 * bigrams + 0.20 * chars
    return {"words": words, "bigrams": bigrams, "reverse": reverse, "chars": chars, "lexical": lexical}
