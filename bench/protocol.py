"""The evaluation protocol every fitted component is scored under (issue 15).

- **Random folds** (5-fold stratified, seed 0): what the benches printed before; texts of one
  story can sit in both the training and the test fold, so it is optimistic.
- **Grouped folds** (5-fold stratified group k-fold, seed 0): every text of a group (a METER story
  = date + catchline; a BABE topic or outlet; a Clough-Stevenson source task) is in one fold only.
- **Date ranges** (METER): the story dates in order cut into 4 contiguous ranges; each range is
  held out in turn (later news, unseen stories).
- **Transfer**: fit on one dataset, score on another with the label mapped, nothing refit.
- **Nested selection**: where a model or feature set is chosen, the outer folds report and inner
  folds of the same kind, cut from each outer training part alone, choose (``nested_predict``);
  the shipped choice is the same inner procedure run on all texts (``choose``).

Grouped and transfer figures are the ones the gate pins. ``side_by_side`` prints random and
grouped together and marks a gap over 0.05. Fixed seeds, no tuning on a reported split.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

SEED = 0
K = 5
DATE_RANGES = 4
GAP = 0.05  # a grouped figure this far under the random-fold one needs a reason in the note

# Clough-Stevenson's labels in the METER scheme (issue 15).
CLOUGH_TO_METER = {"cut": "wholly", "light": "partially", "heavy": "partially", "non": "non"}
METER_CLASSES = ("wholly", "partially", "non")


def random_folds(labels, k: int = K, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return list(skf.split(np.zeros(len(labels)), list(labels)))


def group_folds(labels, groups, k: int = K, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified group k-fold: no group in two folds (k is cut to the number of groups)."""
    from sklearn.model_selection import StratifiedGroupKFold
    k = min(k, len(set(groups)))
    sgk = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return list(sgk.split(np.zeros(len(labels)), list(labels), list(groups)))


def range_folds(keys, n: int = DATE_RANGES) -> list[tuple[np.ndarray, np.ndarray]]:
    """Leave one range out: the distinct sortable ``keys`` (e.g. dates) in order, cut into ``n``
    contiguous ranges of about equally many items."""
    keys = list(keys)
    order = sorted(set(keys))
    counts = np.cumsum([keys.count(v) for v in order])
    cut = np.searchsorted(counts, np.linspace(0, counts[-1], n + 1)[1:-1], side="left")
    bounds = [0, *(int(c) + 1 for c in cut), len(order)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        held = set(order[a:b])
        test = np.array([i for i, v in enumerate(keys) if v in held], dtype=np.intp)
        if len(test):
            out.append((np.setdiff1d(np.arange(len(keys)), test), test))
    return out


def meter_story(item_id: str) -> str:
    """``newspapers/rawtexts/courts/<date>/<catchline>/<file>`` -> ``<date>/<catchline>``."""
    parts = item_id.split("/")
    return f"{parts[-3]}/{parts[-2]}"


def meter_date(item_id: str) -> str:
    """The story date as a sortable yyyy-mm-dd (METER folders are dd.mm.yy, 1999-2000)."""
    d, m, y = item_id.split("/")[-3].split(".")
    return f"{1900 + int(y) if int(y) >= 50 else 2000 + int(y)}-{m}-{d}"


def cv_predict(fit, predict, X: np.ndarray, y: np.ndarray, splits) -> np.ndarray:
    """Out-of-fold predictions: ``fit(X, y)`` on each training part, ``predict(model, X)`` on its test part."""
    out = np.empty(len(y), dtype=object)
    for train, test in splits:
        out[test] = predict(fit(X[train], y[train]), X[test])
    return out


def choose(candidates: dict, y: np.ndarray, rows: np.ndarray, splits, metric) -> tuple[str, dict]:
    """The candidate (name -> (X, fit, predict)) with the best out-of-fold ``metric`` over ``splits``
    of ``rows`` (indices into X and y; splits index into rows), the first listed on a tie, and
    every candidate's score."""
    scores = {}
    for name, (X, fit, predict) in candidates.items():
        scores[name] = round(float(metric(y[rows], cv_predict(fit, predict, X[rows], y[rows], splits))), 6)
    order = list(candidates)
    return max(order, key=lambda n: (scores[n], -order.index(n))), scores


def nested_predict(candidates: dict, y: np.ndarray, outer, inner, metric) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold predictions with the choice made inside: for each outer training part,
    ``inner(train)`` gives folds of that part only, ``choose`` picks a candidate on them, and the
    pick refit on the whole part predicts the held-out fold. Returns the predictions and each
    outer fold's pick."""
    out = np.empty(len(y), dtype=object)
    picks = []
    for train, test in outer:
        name, _ = choose(candidates, y, train, inner(train), metric)
        X, fit, predict = candidates[name]
        out[test] = predict(fit(X[train], y[train]), X[test])
        picks.append(name)
    return out, picks


def fold_spread(y, pred, splits, metric) -> dict:
    """``metric`` on each held-out fold: mean, standard deviation, min and max."""
    v = [float(metric(list(np.asarray(y)[test]), list(np.asarray(pred)[test]))) for _, test in splits]
    return {"per_fold": [round(a, 4) for a in v], "mean": float(np.mean(v)), "sd": float(np.std(v)),
            "min": min(v), "max": max(v)}


def sha256_files(paths: list[Path], root: Path) -> str:
    """One SHA-256 over the files' relative names and bytes, in name order."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda q: str(q.relative_to(root))):
        h.update(str(p.relative_to(root)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def sha256_tree(root: Path, pattern: str = "**/*") -> str:
    return sha256_files([p for p in root.glob(pattern) if p.is_file()], root)


def side_by_side(rows: list[tuple[str, float, float]]) -> list[tuple]:
    """(measure, random, grouped) -> table rows with the gap and a mark where it exceeds GAP."""
    return [(name, r, g, r - g, "gap > 0.05" if r - g > GAP else "") for name, r, g in rows]


SIDE_HEADER = ("measure", "random folds", "grouped", "gap", "")
