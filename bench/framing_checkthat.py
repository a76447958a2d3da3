"""CheckThat! 2025 English subjectivity: SUBJ/OBJ macro-F1 of `redline framing` on dev.

    python bench/framing_checkthat.py              # score dev with the shipped calibration
    python bench/framing_checkthat.py --calibrate  # fit the subjectivity head on train, then score dev

The figure: the head (two scales, an intercept and a threshold) fitted here on train only and
applied to dev untouched; nothing is calibrated on dev (bench/protocol.py). The shipped head is
scored on dev beside it, and the lexicon-only figure beside the semantic one. Reads
../shared/data/framing at run time.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from common import cmdline, table, write_result
from framing_common import (
    analyse,
    apply_head,
    checkthat_rows,
    fit_head,
    head_inputs,
    macro_f1,
    record_figure,
    save_head,
    shipped_drift,
)

TARGET = 0.72


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--no-semantic", action="store_true")
    args = ap.parse_args()
    semantic = not args.no_semantic
    mode = "semantic" if semantic else "lexical"
    train, dev = checkthat_rows("train"), checkthat_rows("dev")
    t0 = time.perf_counter()
    r_train = analyse([r["sentence"] for r in train], semantic)
    r_dev = analyse([r["sentence"] for r in dev], semantic)
    elapsed = time.perf_counter() - t0
    g_train = np.array([r["label"] == "SUBJ" for r in train])
    g_dev = np.array([r["label"] == "SUBJ" for r in dev])
    params = fit_head(head_inputs(r_train, "subjectivity"), g_train, semantic)
    fitted = apply_head(head_inputs(r_dev, "subjectivity"), params, semantic) >= params["threshold"]
    f1_train_fit = macro_f1(list(g_dev), list(fitted), [True, False])
    if args.calibrate:
        save_head("subjectivity", mode, params, "CheckThat 2025 English train (830 sentences)")
        from redline.explain import scoring
        scoring.calibration.cache_clear()
        r_dev = analyse([r["sentence"] for r in dev], semantic)
    shipped = [r.subjective for r in r_dev]
    f1 = macro_f1(list(g_dev), shipped, [True, False])
    lex_only = head_inputs(r_dev, "subjectivity")
    rows = [("CheckThat dev macro-F1, head fitted on train here", f1_train_fit, TARGET,
             "yes" if f1_train_fit >= TARGET else "no"),
            ("CheckThat dev macro-F1, shipped head", f1, "-", "-")]
    if args.calibrate:
        record_figure(mode, f1)
    drift = shipped_drift(mode, f1)
    rows.append(("... recorded in framing_heads.json", drift["recorded"], "-",
                 "ok" if drift["drift_ok"] else "DRIFTED"))
    print(table(rows, ("measure", "value", "target", "met")))
    print(f"{len(dev)} dev sentences, {len(train)} train; mode {mode}; analysis took {elapsed:.1f} s")
    write_result(f"framing_checkthat_{mode}", {
        "command": cmdline(), "mode": mode, "dev_sentences": len(dev), "train_sentences": len(train),
        "macro_f1_dev": round(f1_train_fit, 4), "macro_f1_dev_shipped_head": round(f1, 4), "shipped": drift,
        "target": TARGET, "met": f1_train_fit >= TARGET,
        "calibration": "subjectivity head (scales, intercept, threshold) fitted on train only, in this run",
        "subj_predicted_share": round(float(np.mean(shipped)), 4),
        "subj_gold_share": round(float(np.mean(g_dev)), 4),
        "lexicon_score_mean": round(float(lex_only[:, 0].mean()), 4)})


if __name__ == "__main__":
    main()
