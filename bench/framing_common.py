"""Shared pieces of the framing benchmarks: data readers (../shared/data/framing, read at run
time, never copied), running the framing analysis, and calibrating the score heads."""
from __future__ import annotations

import csv
import json
import re

import numpy as np
from common import DATA, REPO, macro_f1, need  # noqa: F401  (common puts src/ on sys.path)

FRAMING = DATA / "framing"
CALIBRATION = REPO / "src" / "redline" / "models" / "framing_heads.json"


def babe_rows() -> list[dict]:
    path = FRAMING / "babe-dev" / "babe_sg2_dev.csv"
    need(path)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    return [r for r in rows if r["label_bias"] in ("Biased", "Non-biased")]


def biased_words(row: dict) -> list[str]:
    return [w.lower() for w in re.findall(r"'([^']+)'|\"([^\"]+)\"", row["biased_words"]) for w in w if w]


def checkthat_rows(split: str) -> list[dict]:
    path = FRAMING / "checkthat-subjectivity-en" / f"{split}_en.tsv"
    need(path)
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def wnc_pairs(split: str = "test") -> list[tuple[str, str]]:
    folder = FRAMING / "wnc-sample"
    need(folder)
    pre = (folder / f"pre.{split}").read_text(encoding="utf-8").splitlines()
    post = (folder / f"post.{split}").read_text(encoding="utf-8").splitlines()
    return list(zip(pre, post))


def analyse(texts: list[str], semantic: bool, lexicon_files: list[str] | None = None):
    from redline.embed import default_embedder
    from redline.explain import analyse_many, load_lexicon

    emb = default_embedder() if semantic else None
    if emb is not None and not emb.available:
        raise SystemExit(f"bench: {emb.error}")
    return analyse_many(texts, load_lexicon(lexicon_files), emb)


def head_inputs(results, head: str) -> np.ndarray:
    """Per sentence: [lexicon score, model logit] for a score head."""
    from redline.explain.scoring import lexicon_score
    return np.array([[lexicon_score(r.features, head), r.features.get("model", 0.0)] for r in results])


def fit_head(x: np.ndarray, gold: np.ndarray, semantic: bool) -> dict:
    """Fit the head's scales and intercept (a logistic regression on two inputs) and pick the
    threshold that maximises macro-F1 on the same data."""
    from redline.explain.train import fit_logistic

    cols = x if semantic else x[:, :1]
    w, b = fit_logistic(cols, gold.astype(float), l2=0.1)
    z = cols @ w + b
    p = 1 / (1 + np.exp(-z))
    cands = np.unique(np.round(p, 3))
    scores = [(_fast_macro_f1(gold, p >= t), -abs(t - 0.5), t) for t in cands]
    best = max(scores)[2]
    out = {"intercept": round(float(b), 4), "lexicon": round(float(w[0]), 4), "threshold": round(float(best), 3)}
    if semantic:
        out["model"] = round(float(w[1]), 4)
    return out


def _fast_macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for g, q in ((gold, pred), (~gold, ~pred)):
        tp = float(np.sum(g & q))
        f1s.append(2 * tp / max(float(np.sum(g) + np.sum(q)), 1.0))
    return float(np.mean(f1s))


def apply_head(x: np.ndarray, params: dict, semantic: bool) -> np.ndarray:
    z = params["intercept"] + params["lexicon"] * x[:, 0]
    if semantic:
        z = z + params["model"] * x[:, 1]
    return 1 / (1 + np.exp(-z))


# BABE spells some topics two ways; one group each, so a topic is never on both sides of a split.
TOPIC_ALIASES = {"vaccines": "vaccine", "blm": "black lives matter", "gun-control": "gun control"}


def babe_topic(row: dict) -> str:
    return TOPIC_ALIASES.get(row["topic"], row["topic"])


def cv_macro_f1(x: np.ndarray, gold: np.ndarray, semantic: bool, k: int = 5, groups=None) -> float:
    """Macro-F1 when the head is fitted on k-1 folds and scored on the held-out fold (folds
    grouped by ``groups`` when given: bench/protocol.py)."""
    import protocol
    pred = np.zeros(len(gold), dtype=bool)
    splits = protocol.random_folds(list(gold), k) if groups is None else protocol.group_folds(list(gold), groups, k)
    for train, test in splits:
        params = fit_head(x[train], gold[train], semantic)
        pred[test] = apply_head(x[test], params, semantic) >= params["threshold"]
    return macro_f1(list(gold), list(pred), [True, False])


def save_head(head: str, mode: str, params: dict, source: str) -> None:
    data = json.loads(CALIBRATION.read_text(encoding="utf-8"))
    data[head][mode] = params
    notes = data.setdefault("calibrated_on", {})
    notes[f"{head}.{mode}"] = source
    CALIBRATION.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    from redline import models
    models.load.cache_clear()


def record_figure(mode: str, value: float) -> None:
    """Write the CheckThat dev figure of the just-calibrated head into framing_heads.json."""
    data = json.loads(CALIBRATION.read_text(encoding="utf-8"))
    data["figure"]["by_mode"][mode] = round(value, 4)
    data["figure"]["value"] = data["figure"]["by_mode"]["lexical"]
    CALIBRATION.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    from redline import models
    models.load.cache_clear()


def shipped_drift(mode: str, got: float, tolerance: float = 0.005) -> dict:
    """The shipped framing_heads.json's recorded CheckThat dev figure for ``mode`` beside ``got``."""
    from redline import models
    recorded = float(models.load("framing_heads")["figure"]["by_mode"][mode])
    return {"figure": round(got, 4), "recorded": recorded, "drift_ok": int(abs(got - recorded) <= tolerance)}


def words_in_spans(text: str, spans) -> set[str]:
    from redline.text.normalise import tokens
    return {t.norm for sp in spans for t in tokens(text[sp.start:sp.end])}
