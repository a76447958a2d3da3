"""Fitted models shipped as data: one JSON file per model in this folder.

Each file says how it was made: its feature names (one list, so columns cannot misalign), the
scaling, coefficients and class priors, the dataset and its SHA-256, the evaluation protocol, the
figure it scored and the command that refits it (see docs/models.md). Code reads numbers from here
only; nothing fitted is pasted into code.
"""
from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

import numpy as np

REQUIRED = ("name", "kind", "features", "dataset", "protocol", "figure", "command")


class ModelFileError(ValueError):
    pass


@cache
def load(name: str) -> dict:
    """The model ``<name>.json`` of this folder, checked for the fields every model carries."""
    path = resources.files(__name__) / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    check(data, name)
    return data


def check(data: dict, name: str = "model") -> None:
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ModelFileError(f"{name}: model file lacks {', '.join(missing)}")
    n = len(data["features"])
    for key in ("mean", "scale"):
        if key in data and len(data[key]) != n:
            raise ModelFileError(f"{name}: {key} has {len(data[key])} values for {n} features")
    for head in heads(data):
        if len(head["coef"]) != n:
            raise ModelFileError(f"{name}: a head has {len(head['coef'])} coefficients for {n} features")


def heads(data: dict) -> list[dict]:
    return data.get("heads", [data] if "coef" in data else [])


def standardise(data: dict, X: np.ndarray) -> np.ndarray:
    return (np.asarray(X, dtype=float) - np.array(data["mean"])) / np.array(data["scale"])


def logit(head: dict, Z: np.ndarray) -> np.ndarray:
    return Z @ np.array(head["coef"]) + head["intercept"]


def logistic(data: dict, X: np.ndarray) -> np.ndarray:
    """P(positive) of a one-head logistic model, one row of features per item."""
    return 1.0 / (1.0 + np.exp(-logit(data, standardise(data, X))))


def prior_logit(data: dict, head: dict, priors: dict[str, float] | None = None) -> float:
    """log odds of a head's positive classes among its classes under ``priors`` (the file's by
    default): the heads are fitted class-balanced, so the priors enter here, where a user can
    replace them with a domain's own."""
    priors = priors or data["priors"]
    pos = sum(priors[c] for c in head["positive"])
    rest = sum(priors[c] for c in head["among"] if c not in head["positive"])
    return math.log(max(pos, 1e-9) / max(rest, 1e-9))


def sequential(data: dict, X: np.ndarray, priors: dict[str, float] | None = None) -> np.ndarray:
    """Class probabilities of a sequential (continuation-ratio) model, one row per item, columns in
    ``data["classes"]`` order: head k decides "the first class of the rest, or a later one"."""
    Z = standardise(data, np.atleast_2d(X))
    classes = data["classes"]
    out = np.zeros((len(Z), len(classes)))
    left = np.ones(len(Z))
    for k, head in enumerate(data["heads"]):
        p = 1.0 / (1.0 + np.exp(-(logit(head, Z) + prior_logit(data, head, priors))))
        out[:, k] = left * p
        left = left * (1.0 - p)
    out[:, len(data["heads"])] = left
    return out
