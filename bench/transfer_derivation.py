"""Derivation level across datasets: fitted on METER courts, scored on Clough-Stevenson, and the
reverse (labels mapped cut -> wholly, light/heavy -> partially, non -> none; bench/protocol.py).

Beside each transfer figure, the in-domain one: METER by 5-fold CV grouped by story, Clough by
leaving one source task out (5 tasks). Also the shipped src/redline/models/derivation.json on
Clough as it is (nothing fitted there). Nothing is tuned on a reported split.

    python bench/transfer_derivation.py [--semantic] [--no-write]
"""
from __future__ import annotations

import sys
import time

import numpy as np
import protocol
from common import clough_items, cmdline, meter_items, reuse_bench_setup, table, update_result
from meter import (
    FEATURES,
    PREVIOUS_FEATURES,
    doc_scores,
    feature_matrix,
    fit_derivation,
    fit_previous,
    predict_derivation,
    run_all,
)

from redline import models
from redline.pipeline import Comparer

FORMS = {
    "sequential, 2 heads (shipped form)": (FEATURES, fit_derivation, predict_derivation),
    "multinomial (before)": (PREVIOUS_FEATURES, fit_previous, lambda m, X: m.predict(X)),
}


def clough_rows(comparer: Comparer) -> list[dict]:
    rows = []
    for x in clough_items():
        c = comparer.compare(sources=x["sources"], derived=x["derived"])
        rows.append({"id": x["id"], "task": x["sources"][0].id, "label": protocol.CLOUGH_TO_METER[x["label"]],
                     "feats": dict(c.features)})
    return rows


def scores_for(names, fit, predict, meter, clough) -> dict:
    Xm, ym = feature_matrix(meter, names), np.array([r["label"] for r in meter], dtype=object)
    Xc, yc = feature_matrix(clough, names), np.array([r["label"] for r in clough], dtype=object)
    by_story = protocol.group_folds(list(ym), [protocol.meter_story(r["id"]) for r in meter])
    by_task = protocol.group_folds(list(yc), [r["task"] for r in clough])
    return {
        "meter_in_domain_by_story": doc_scores(list(ym), list(protocol.cv_predict(fit, predict, Xm, ym, by_story))),
        "clough_in_domain_by_task": doc_scores(list(yc), list(protocol.cv_predict(fit, predict, Xc, yc, by_task))),
        "meter_to_clough": doc_scores(list(yc), list(predict(fit(Xm, ym), Xc))),
        "clough_to_meter": doc_scores(list(ym), list(predict(fit(Xc, yc), Xm))),
    }


def quartiles(meter, clough, names=("cover5", "word_reuse", "share_verbatim")) -> dict:
    out: dict = {}
    for name in names:
        for label, rows in (("METER", meter), ("Clough", clough)):
            for c in protocol.METER_CLASSES:
                v = [r["feats"][name] for r in rows if r["feats"] and r["label"] == c]
                out.setdefault(name, {}).setdefault(label, {})[c] = [round(float(q), 2) for q in
                                                                     np.percentile(v, (25, 50, 75))]
    return out


def main() -> int:
    args, comparer = reuse_bench_setup()
    t0 = time.perf_counter()
    meter = run_all(meter_items(), comparer)
    clough = clough_rows(comparer)
    seconds = time.perf_counter() - t0
    res = {name: scores_for(*form, meter, clough) for name, form in FORMS.items()}
    shipped = models.load("derivation")
    yc = [r["label"] for r in clough]
    res["shipped derivation.json on Clough"] = {"meter_to_clough": doc_scores(
        yc, list(predict_derivation(shipped, feature_matrix(clough, shipped["features"]))))}
    rows = []
    for name, v in res.items():
        for metric, label in (("macro_f1", "3-class"), ("binary_f1", "derived-vs-not")):
            cells = [v[k][metric] if k in v else "-" for k in
                     ("meter_in_domain_by_story", "clough_to_meter", "clough_in_domain_by_task", "meter_to_clough")]
            rows.append((f"{name}: {label}", *cells))
    spread = quartiles(meter, clough)
    mode = "lexical+semantic" if args.semantic else "lexical"
    print(f"Derivation transfer, METER courts ({len(meter)} texts) <-> Clough-Stevenson ({len(clough)} answers), "
          f"{mode}, {seconds:.1f} s to align\n")
    print(table(rows, ("model", "METER in-domain (by story)", "Clough -> METER",
                       "Clough in-domain (by task)", "METER -> Clough")))
    print("\nwhy the 3-class figure does not carry over: the same label sits at different amounts of reuse "
          "(quartiles per class)\n")
    print(table([(f"{k} {c}", *(str(spread[k][d][c]) for d in ("METER", "Clough"))) for k in spread
                 for c in protocol.METER_CLASSES], ("feature, class", "METER", "Clough (mapped)")))
    if not args.no_write:
        path = update_result("transfer_derivation", mode, {
            "command": cmdline(), "mode": mode, "meter_texts": len(meter), "clough_answers": len(clough),
            "label_map": protocol.CLOUGH_TO_METER, "results": res, "feature_quartiles_by_class": spread,
            "shipped": res["sequential, 2 heads (shipped form)"],
            "target": "each transfer within 0.05 of the in-domain figure"})
        print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
