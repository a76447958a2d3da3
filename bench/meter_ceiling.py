"""How far can the METER 3-class figure go with reuse-share features? A ceiling check.

The METER label says whether the PA copy was the only source (wholly), one of the sources
(partially) or not used (non). This script asks how much of that label the *amount* of reused
text explains, by replacing our word model with the annotators' own word spans on the 355
annotated texts (the share of words they marked Verbatim or Rewrite):

- our document model, 5-fold CV on the annotated texts only;
- the gold reused share alone (CV logistic, and the best two thresholds chosen in-sample);
- our features plus the gold share (CV): what a perfect word model would add.

It also gives the spread of our full-corpus CV macro-F1 over 10 fold seeds.

    python bench/meter_ceiling.py [--no-write]
"""
from __future__ import annotations

import argparse
import sys

import numpy as np
from common import cmdline, macro_f1, meter_items, table, write_result
from meter import CLASSES, FEATURES, cv_predict, feature_matrix, run_all

from redline.pipeline import Comparer

SEEDS = range(10)


def cv_macro(X: np.ndarray, y: list[str], seed: int = 0) -> float:
    return macro_f1(y, cv_predict(X, y, seed), CLASSES)


def best_thresholds(share: np.ndarray, y: list[str]) -> tuple[float, float, float]:
    """Best in-sample macro-F1 of `non < t1 <= partially < t2 <= wholly` on the gold share."""
    best = (0.0, 0.0, 0.0)
    for t1 in np.linspace(0, 1, 101):
        for t2 in np.linspace(t1, 1, 51):
            pred = np.where(share >= t2, "wholly", np.where(share >= t1, "partially", "non"))
            best = max(best, (macro_f1(y, list(pred), CLASSES), round(float(t1), 3), round(float(t2), 3)))
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rows = run_all(meter_items(), Comparer(semantic=False, explain=False))
    y = [r["label"] for r in rows]
    X = feature_matrix(rows, FEATURES)
    spread = [cv_macro(X, y, seed) for seed in SEEDS]

    ann = [k for k, r in enumerate(rows) if r["gold_words"] is not None]
    ya = [y[k] for k in ann]
    share = np.array([[rows[k]["gold_words"].mean()] for k in ann])
    res = {
        "ours_annotated_cv": cv_macro(X[ann], ya),
        "gold_share_cv": cv_macro(share, ya),
        "gold_share_best_thresholds_in_sample": best_thresholds(share[:, 0], ya),
        "ours_plus_gold_share_cv": cv_macro(np.hstack([X[ann], share]), ya),
        "gold_share_quartiles": {c: [round(float(q), 3) for q in
                                     np.percentile(share[[v == c for v in ya], 0], (25, 50, 75))]
                                 for c in CLASSES},
        "ours_full_cv_over_seeds": {"min": min(spread), "median": float(np.median(spread)),
                                    "max": max(spread), "seeds": len(spread)},
    }
    print(f"METER 3-class macro-F1 ceiling check ({len(ann)} annotated texts; {len(rows)} in all)\n")
    print(table([
        ("our document model, 5-fold CV (annotated texts)", res["ours_annotated_cv"]),
        ("annotators' reused-word share alone, 5-fold CV", res["gold_share_cv"]),
        ("annotators' reused-word share, best 2 thresholds IN-SAMPLE",
         res["gold_share_best_thresholds_in_sample"][0]),
        ("our features + annotators' share, 5-fold CV", res["ours_plus_gold_share_cv"]),
    ], ("model", "3-class macro-F1")))
    print("\nannotators' reused-word share by class (quartiles):",
          {c: v for c, v in res["gold_share_quartiles"].items()})
    s = res["ours_full_cv_over_seeds"]
    print(f"our model on all {len(rows)} texts, CV over {s['seeds']} fold seeds: "
          f"min {s['min']:.3f}  median {s['median']:.3f}  max {s['max']:.3f}")
    if not args.no_write:
        path = write_result("meter_ceiling", {"command": cmdline(), "texts": len(rows),
                                              "annotated": len(ann), **res})
        print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
