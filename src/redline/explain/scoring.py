"""Sentence scores: a small opinion model over sentence embeddings plus lexicon features.

The opinion model is a logistic regression over all-MiniLM-L6-v2 embeddings, trained only on the
sentences we wrote in ``data/sentences.tsv`` (``python -m redline.explain.train --out DIR``
rebuilds it; shipped as ``redline/models/opinion.json``). ``redline/models/framing_heads.json``
holds the few weights that combine it with the lexicon features, and the decision thresholds (see
docs/framing.md for how they were set, docs/models.md for the files).
"""
from __future__ import annotations

import math
from functools import cache, lru_cache

import numpy as np

from .. import models

FEATURES = ("model", "loaded", "evaluative", "opinion", "weasel", "scare", "punct", "quoted", "learned")


@cache
def linear_model(name: str) -> tuple[np.ndarray, float] | None:
    """(coefficients, intercept) of a logistic model in ``redline/models``; None when it is absent."""
    try:
        data = models.load(name)
    except FileNotFoundError:
        return None
    return np.asarray(data["coef"], dtype=np.float32), float(data["intercept"])


def opinion_model() -> tuple[np.ndarray, float] | None:
    return linear_model("opinion")


@lru_cache(maxsize=1)
def calibration() -> dict:
    return models.load("framing_heads")


def model_logits(texts: list[str], embedder) -> np.ndarray | None:
    """Opinion-model logits for ``texts``, or None when no embedder or model is at hand."""
    model = opinion_model()
    if embedder is None or model is None or not texts:
        return None
    vecs = embedder.encode(texts)
    w, b = model
    return vecs @ w + b


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


def lexicon_score(features: dict[str, float], head: str) -> float:
    """The hand-set weighted sum of lexicon features (weights in framing_heads.json, not fitted)."""
    weights = calibration()[head]["lexicon_weights"]
    return sum(weights.get(k, 0.0) * features.get(k, 0.0) for k in FEATURES if k != "model")


def combine(features: dict[str, float], head: str, semantic: bool) -> float:
    """0..1 score for ``head`` ("bias" or "subjectivity"): a logistic of the lexicon score and,
    when embeddings are on, the opinion model's logit; scales and intercept are calibrated."""
    cal = calibration()[head]["semantic" if semantic else "lexical"]
    z = cal["intercept"] + cal["lexicon"] * lexicon_score(features, head)
    if semantic:
        z += cal["model"] * features.get("model", 0.0)
    return sigmoid(z)


def threshold(head: str, semantic: bool) -> float:
    return calibration()[head]["semantic" if semantic else "lexical"]["threshold"]
