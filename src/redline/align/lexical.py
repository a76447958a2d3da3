"""Lexical similarity matrices between derived and source sentences (vectorised)."""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from .features import SentenceFeatures


def shared_counts(derived: list[SentenceFeatures], source: list[SentenceFeatures], attr: str) -> np.ndarray:
    """How many items (content words or bigrams) each derived sentence shares with each source
    sentence, exact integers as float32. One fancy index into a (source vocabulary x source)
    incidence table and one segmented sum: no BLAS call (multithreaded BLAS is slow on tiny
    products on a busy machine) and no Python loop over sentence pairs."""
    vocab: dict = {}
    s_ids = [vocab.setdefault(x, len(vocab)) for f in source for x in getattr(f, attr)]
    s_col = np.repeat(np.arange(len(source)), [len(getattr(f, attr)) for f in source])
    table = np.zeros((len(vocab) + 1, len(source)), dtype=np.float32)  # last row: not in any source
    table[np.array(s_ids, dtype=np.intp), s_col] = 1.0
    sizes = np.array([len(getattr(f, attr)) for f in derived], dtype=np.intp)
    d_ids = np.fromiter((vocab.get(x, len(vocab)) for f in derived for x in getattr(f, attr)),
                        dtype=np.intp, count=int(sizes.sum()))
    out = np.zeros((len(derived), len(source)), dtype=np.float32)
    filled = sizes > 0
    if filled.any():
        starts = (np.cumsum(sizes) - sizes)[filled]
        out[filled] = np.add.reduceat(table[d_ids], starts, axis=0)
    return out


def _share(counts: np.ndarray, sizes: list[int]) -> np.ndarray:
    """Counts over item totals (float32, as the counts), rows with no items left at zero."""
    n = np.array(sizes, dtype=np.float32)
    return np.divide(counts, n[:, None], out=np.zeros_like(counts), where=n[:, None] > 0)


def overlap(derived: list[SentenceFeatures], source: list[SentenceFeatures], attr: str) -> np.ndarray:
    """Containment of each derived sentence's items (content words or bigrams) in each source one."""
    return _share(shared_counts(derived, source, attr), [len(getattr(f, attr)) for f in derived])


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
    shared = shared_counts(derived, source, "content")
    words = _share(shared, [len(f.content) for f in derived])
    reverse = _share(shared.T, [len(f.content) for f in source]).T
    bigrams = overlap(derived, source, "bigrams")
    chars = char_ratio(derived, source)
    lexical = 0.45 * words + 0.35 * bigrams + 0.20 * chars
    return {"words": words, "bigrams": bigrams, "reverse": reverse, "chars": chars, "lexical": lexical}
