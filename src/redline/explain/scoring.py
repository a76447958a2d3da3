"""Sentence scores: a small opinion model over sentence embeddings plus lexicon features.

The opinion model is a logistic regression over all-MiniLM-L6-v2 embeddings, trained only on the
sentences we wrote in ``data/sentences.tsv`` (``python -m redline.explain.train`` rebuilds
``data/opinion_model.json``). ``data/calibration.json`` holds the few weights that combine it with
the lexicon features, and the decision thresholds (see docs/framing.md for how they were set).
"""
from __future__ import annotations

import json
import math
from functools import cache, lru_cache
from importlib import resources

import numpy as np

FEATURES = ("model", "loaded", "evaluative", "opinion", "weasel", "scare", "punct", "quoted", "learned")


@cache
def linear_model(filename: str) -> tuple[np.ndarray, float] | None:
    """(weights, bias) of a logistic model shipped in ``explain/data``; None when it is absent."""
    path = resources.files("redline.explain") / "data" / filename
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return np.asarray(data["weights"], dtype=np.float32), float(data["bias"])


def opinion_model() -> tuple[np.ndarray, float] | None:
    return linear_model("opinion_model.json")


@lru_cache(maxsize=1)
def calibration() -> dict:
    path = resources.files("redline.explain") / "data" / "calibration.json"
    return json.loads(path.read_text(encoding="utf-8"))


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
    """The hand-set weighted sum of lexicon features (weights in calibration.json, not fitted)."""
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
