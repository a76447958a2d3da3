"""The METER-style derivation level of a derived text (wholly, partially or none), from a small
sequential logistic model over its document features (``document``; the model in
``redline/models/derivation.json``, read by ``models``)."""
from __future__ import annotations

import numpy as np

from .. import models as files
from .models import derivation
from .settings import Settings

LEVELS = ("wholly", "partially", "none")


def level_probabilities(feats: dict[str, float], model: dict | None = None,
                        priors: dict[str, float] | None = None) -> dict[str, float]:
    """P(level) for each level; ``priors`` replaces the model's class priors (a domain's own)."""
    m = model or derivation()
    p = files.sequential(m, np.array([[feats[k] for k in m["features"]]]), priors)[0]
    probs = dict(zip(m["classes"], (float(v) for v in p)))
    return {level: probs[level] for level in LEVELS}


def derivation_level(feats: dict[str, float], settings: Settings) -> str:
    if not settings.derivation_model:
        if feats["reuse"] >= settings.wholly:
            return "wholly"
        return "partially" if feats["reuse"] >= settings.partially else "none"
    return most_likely(level_probabilities(feats))


def most_likely(probs: dict[str, float]) -> str:
    return max(LEVELS, key=lambda level: (probs[level], -LEVELS.index(level)))
