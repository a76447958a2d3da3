"""Fitting the shipped models and writing them as data files (``src/redline/models/*.json``).

Each bench that owns a model fits it here and ``write_model`` stores it with how it was made:
the dataset and its SHA-256, the protocol, the figure it scored and the command. The product
reads these files through ``redline.models``; the bench scores predictions through the same
functions, so a figure is the product's figure.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
from common import REPO, cmdline

from redline import models

MODELS = REPO / "src" / "redline" / "models"


def _scaler(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean, scale = X.mean(axis=0), X.std(axis=0)
    return mean, np.where(scale > 0, scale, 1.0)


def _logistic(Z: np.ndarray, y: np.ndarray, C: float, balanced: bool) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression
    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced" if balanced else None).fit(Z, y)
    return lr.coef_[0], float(lr.intercept_[0])


def _r(v) -> list[float]:
    return [round(float(a), 6) for a in v]


def fit_sequential(X: np.ndarray, y: np.ndarray, classes: tuple[str, ...], features: tuple[str, ...],
                   C: float = 1.0) -> dict:
    """A sequential logistic model: head k tells ``classes[k]`` from the later classes, fitted
    class-balanced on the items not taken by an earlier head; the class priors are estimated from
    ``y`` and stored apart (``redline.models.prior_logit`` adds them back)."""
    mean, scale = _scaler(X)
    Z = (X - mean) / scale
    heads = []
    for k, c in enumerate(classes[:-1]):
        among = list(classes[k:])
        keep = np.isin(y, among)
        coef, b = _logistic(Z[keep], y[keep] == c, C, balanced=True)
        heads.append({"positive": [c], "among": among, "coef": _r(coef), "intercept": round(b, 6)})
    priors = {c: round(float(np.mean(y == c)), 6) for c in classes}
    return {"kind": "sequential_logistic", "classes": list(classes), "features": list(features),
            "mean": _r(mean), "scale": _r(scale), "heads": heads, "priors": priors, "C": C}


def fit_binary(X: np.ndarray, y: np.ndarray, features: tuple[str, ...], C: float = 1.0) -> dict:
    mean, scale = _scaler(X)
    coef, b = _logistic((X - mean) / scale, y, C, balanced=False)
    return {"kind": "logistic", "features": list(features), "mean": _r(mean), "scale": _r(scale),
            "coef": _r(coef), "intercept": round(b, 6), "C": C}


def predict_sequential(model: dict, X: np.ndarray) -> np.ndarray:
    P = models.sequential(model, X)
    return np.array(model["classes"])[P.argmax(axis=1)]


def write_model(name: str, model: dict, *, dataset: dict, protocol: str, figure: dict,
                out: Path | None = None, notes: str = "", selection: dict | None = None) -> Path:
    """``<out or src/redline/models>/<name>.json`` with the model and how it was made
    (``selection``: what the model was chosen among, and how)."""
    data = {"name": name, **model, "dataset": dataset, "protocol": protocol, "figure": figure,
            **({"selection": selection} if selection else {}),
            "command": cmdline(), "fitted": time.strftime("%Y-%m-%d", time.gmtime())}
    if notes:
        data["notes"] = notes
    models.check(data, name)
    path = (out or MODELS) / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    models.load.cache_clear()
    return path


def drift(name: str, got: float, tolerance: float = 0.005) -> tuple[float, bool]:
    """The figure recorded in the shipped file and whether ``got`` is within ``tolerance`` of it."""
    recorded = float(models.load(name)["figure"]["value"])
    return recorded, abs(got - recorded) <= tolerance
