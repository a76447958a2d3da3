"""The METER-style derivation level of a derived text (wholly, partially or none), from a small
multinomial logistic model over its document features (``document``; numbers in ``models``)."""
from __future__ import annotations

import numpy as np

from .models import MODEL_COEF, MODEL_FEATURES, MODEL_INTERCEPT, MODEL_MEAN, MODEL_SCALE
from .settings import Settings

LEVELS = ("wholly", "partially", "none")


def level_probabilities(feats: dict[str, float], model: dict | None = None) -> dict[str, float]:
    m = model or {"features": MODEL_FEATURES, "mean": MODEL_MEAN, "scale": MODEL_SCALE,
                  "coef": MODEL_COEF, "intercept": MODEL_INTERCEPT}
    x = (np.array([feats[k] for k in m["features"]]) - np.array(m["mean"])) / np.array(m["scale"])
    z = np.array(m["coef"]) @ x + np.array(m["intercept"])
    p = np.exp(z - z.max())
    p /= p.sum()
    return {level: float(v) for level, v in zip(LEVELS, p)}


def derivation_level(feats: dict[str, float], settings: Settings) -> str:
    if not settings.derivation_model:
        if feats["reuse"] >= settings.wholly:
            return "wholly"
        return "partially" if feats["reuse"] >= settings.partially else "none"
    probs = level_probabilities(feats)
    return max(LEVELS, key=lambda level: (probs[level], -LEVELS.index(level)))
