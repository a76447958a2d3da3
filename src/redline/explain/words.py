"""A learned loaded-word detector that generalises our lexicons to words they do not list.

Each word is represented by the mean of its all-MiniLM-L6-v2 input (wordpiece) embeddings, a
table lookup with no transformer pass, so it is cheap. A logistic regression over those vectors
(``redline/models/loaded_words.json``) is trained only on our own data: the single words of our loaded,
label, evaluative and intensifier lexicons as positives, and the content words of our objective
example sentences plus neutral titles and reporting verbs as negatives.
"""
from __future__ import annotations

import re

import numpy as np

from ..text.normalise import STOPWORDS, Token
from .scoring import linear_model

THRESHOLD = 0.8   # word-model probability at or above which a word is flagged (see docs/framing.md)
_CANDIDATE = re.compile(r"[a-z][a-z'-]{2,}")


class WordModel:
    def __init__(self, matrix: np.ndarray, tokenizer, weights: np.ndarray, bias: float):
        self.matrix, self.tokenizer = matrix, tokenizer
        self.weights, self.bias = weights, bias
        self._cache: dict[str, float] = {}

    def vectors(self, words: list[str]) -> np.ndarray:
        out = np.zeros((len(words), self.matrix.shape[1]), dtype=np.float32)
        for k, w in enumerate(words):
            ids = self.tokenizer(w, add_special_tokens=False)["input_ids"]
            if ids:
                v = self.matrix[ids].mean(axis=0)
                out[k] = v / (np.linalg.norm(v) or 1.0)
        return out

    def probability(self, word: str) -> float:
        p = self._cache.get(word)
        if p is None:
            z = float(self.vectors([word])[0] @ self.weights + self.bias)
            p = self._cache[word] = 1.0 / (1.0 + np.exp(-z))
        return p

    def flag(self, text: str, toks: list[Token]) -> list[tuple[Token, float]]:
        """Content words (not names, not numbers) the model scores as loaded."""
        out = []
        for k, t in enumerate(toks):
            original = text[t.start:t.end]
            if t.norm in STOPWORDS or not _CANDIDATE.fullmatch(t.norm):
                continue
            if k > 0 and original[:1].isupper():
                continue
            p = self.probability(t.norm)
            if p >= THRESHOLD:
                out.append((t, p))
        return out


def static_matrix(embedder):
    """The embedding table and tokenizer of the loaded sentence model, or None."""
    try:
        model = embedder.model
        return model[0].auto_model.embeddings.word_embeddings.weight.detach().float().cpu().numpy(), model.tokenizer
    except Exception:  # no model, or a model of another shape: run without the word model
        return None


_models: dict[int, WordModel | None] = {}


def word_model(embedder) -> WordModel | None:
    if embedder is None:
        return None
    key = id(embedder)
    if key not in _models:
        weights = linear_model("loaded_words")
        table = static_matrix(embedder) if weights is not None else None
        _models[key] = None if table is None or weights is None else WordModel(table[0], table[1], *weights)
    return _models[key]
