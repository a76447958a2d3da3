"""Hashed word shingles: deterministic 64-bit hashes of normalised word n-grams, vectorised."""
from __future__ import annotations

import hashlib

import numpy as np

from ..text.normalise import words

_WORD_CACHE: dict[str, int] = {}
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9),
        np.uint64(0x27D4EB2F165667C5), np.uint64(0xFF51AFD7ED558CCD))


def _word_hash(w: str) -> int:
    h = int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
    if len(_WORD_CACHE) < 2_000_000:
        _WORD_CACHE[w] = h
    return h


def word_hashes(ws: list[str]) -> np.ndarray:
    hs = list(map(_WORD_CACHE.get, ws))
    if None in hs:
        hs = [h if h is not None else _word_hash(w) for h, w in zip(hs, ws)]
    return np.array(hs, dtype=np.uint64)


def _finalise(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the bits so that any slice of the hash is uniform."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(ws: list[str], n: int = 3) -> np.ndarray:
    """Sorted unique uint64 hashes of the word n-grams (one shingle for a text shorter than n)."""
    if not ws:
        return np.zeros(0, dtype=np.uint64)
    h = word_hashes(ws)
    if len(h) < n:
        n = len(h)
    with np.errstate(over="ignore"):
        acc = np.zeros(len(h) - n + 1, dtype=np.uint64)
        for k in range(n):
            acc = (acc ^ h[k:len(h) - n + 1 + k]) * _MIX[k % len(_MIX)]
        return np.unique(_finalise(acc))


def text_shingles(text: str, n: int = 3) -> np.ndarray:
    return shingle_hashes(words(text), n)


def text_key(text: str) -> str:
    """Hash of the normalised word sequence: two texts with the same key are the same article text."""
    return _key(words(text))


def _key(ws: list[str]) -> str:
    return hashlib.blake2b(" ".join(ws).encode("utf-8"), digest_size=16).hexdigest()


def fingerprint(text: str, n: int = 3) -> tuple[str, np.ndarray]:
    """(text key, shingle hashes) from one pass over the words."""
    ws = words(text)
    return _key(ws), shingle_hashes(ws, n)
