"""Seeded, vectorised MinHash signatures over shingle hashes, and LSH banding.

Kept beside the exact containment index as the classic near-duplicate peer: it estimates Jaccard
similarity in fixed memory per article, but at the low Jaccard of a partial or rewritten copy the
true source often never shares a band (see bench/corpus_meter.py and bench/corpus_scale.py).
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from .shingles import _finalise

_EMPTY = np.iinfo(np.uint64).max


class MinHasher:
    def __init__(self, perms: int = 128, seed: int = 1):
        rng = np.random.default_rng(seed)
        self.a = rng.integers(1, 2**63, size=perms, dtype=np.uint64) | np.uint64(1)
        self.b = rng.integers(0, 2**63, size=perms, dtype=np.uint64)
        self.perms = perms

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        if len(shingles) == 0:
            return np.full(self.perms, _EMPTY, dtype=np.uint64)
        x = np.asarray(shingles, dtype=np.uint64)
        with np.errstate(over="ignore"):
            hashed = _finalise(np.outer(x, self.a) + self.b)
        return hashed.min(axis=0)

    @staticmethod
    def jaccard(s1: np.ndarray, s2: np.ndarray) -> float:
        return float(np.mean(s1 == s2))


class LSH:
    """Banding: two signatures that agree on every row of any one band become candidates."""

    def __init__(self, perms: int = 128, bands: int = 32):
        if perms % bands:
            raise ValueError("perms must be a multiple of bands")
        self.bands, self.rows = bands, perms // bands
        self.tables: list[defaultdict] = [defaultdict(list) for _ in range(bands)]

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        return [sig[b * self.rows:(b + 1) * self.rows].tobytes() for b in range(self.bands)]

    def insert(self, doc: int, sig: np.ndarray) -> None:
        for table, key in zip(self.tables, self._keys(sig)):
            table[key].append(doc)

    def query(self, sig: np.ndarray) -> list[int]:
        found: set[int] = set()
        for table, key in zip(self.tables, self._keys(sig)):
            found.update(table.get(key, ()))
        return sorted(found)
