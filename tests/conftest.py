"""A stand-in sentence encoder for the tests of the embedder and of the pipeline's batching."""
import numpy as np
import pytest

from redline import embed
from redline.embed import Embedder


class FakeEncode:
    """Stands in for ``embed._encode``: a vector from the text's length, and a log of calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, model, texts, batch_size, bf16=False):
        self.calls.append((list(texts), batch_size, bf16))
        vecs = np.array([[len(t), 1.0] + [0.0] * 382 for t in texts], dtype=np.float32)
        return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


@pytest.fixture
def fake_encode(monkeypatch):
    enc = FakeEncode()
    monkeypatch.setattr(embed, "_encode", enc)
    return enc


@pytest.fixture
def fake_embedder():
    """Makes an Embedder whose model counts as loaded (only its presence matters)."""
    def make(precision="fp32") -> Embedder:
        emb = Embedder(batch_size=8, precision=precision)
        emb._model = object()
        return emb
    return make
