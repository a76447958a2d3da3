"""Word n-grams: as tuples, and as 64-bit keys for fast set operations over long texts."""
from __future__ import annotations

import numpy as np


def ngrams(words: tuple[str, ...] | list[str], n: int) -> set[tuple[str, ...]]:
    if n < 1:
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    return set(zip(*(words[k:] for k in range(n))))  # the same tuples, built in C


_MIX = np.uint64(0x9E3779B97F4A7C15)


def gram_keys(ids: np.ndarray, n: int) -> np.ndarray:
    """One 64-bit key per n-gram of word ids (a polynomial hash; collisions are ~1e-12 likely)."""
    m = len(ids) - n + 1
    keys = np.zeros(max(m, 0), dtype=np.uint64)
    if m <= 0:
        return keys
    with np.errstate(over="ignore"):
        for k in range(n):
            keys = keys * _MIX + (ids[k:k + m] + 1).astype(np.uint64)
    return keys


def member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """1 where a key is in ``sorted_keys`` (sorted, distinct), else 0 (int32)."""
    if not len(keys) or not len(sorted_keys):
        return np.zeros(len(keys), dtype=np.int32)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    hit: np.ndarray = (sorted_keys[at] == keys).astype(np.int32)
    return hit


def word_ids(words: list[str], vocab: dict[str, int]) -> np.ndarray:
    return np.fromiter((vocab.setdefault(w, len(vocab)) for w in words), dtype=np.int64, count=len(words))
