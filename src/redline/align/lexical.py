"""Lexical similarity matrices between derived and source sentences (vectorised)."""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from .features import SentenceFeatures


def _incidence(feats: list[SentenceFeatures], vocab: dict, attr: str) -> np.ndarray:
    mat = np.zeros((len(feats), len(vocab)), dtype=np.float32)
    for i, f in enumerate(feats):
        for item in getattr(f, attr):
            mat[i, vocab[item]] = 1.0
    return mat


def overlap(derived: list[SentenceFeatures], source: list[SentenceFeatures], attr: str) -> np.ndarray:
    """Containment of each derived sentence's items (content words or bigrams) in each source one."""
    vocab: dict = {}
    for f in derived + source:
        for item in getattr(f, attr):
            vocab.setdefault(item, len(vocab))
    d = _incidence(derived, vocab, attr)
    s = _incidence(source, vocab, attr)
    inter = d @ s.T
    sizes = np.maximum(d.sum(axis=1, keepdims=True), 1.0)
    return inter / sizes


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
