"""Framing heads across datasets: each score head (bias, subjectivity) fitted on one dataset and
scored, with nothing refit, on the others where the label maps (bench/protocol.py):

- BABE dev: Biased = positive (all 2,457 labelled sentences);
- CheckThat 2025 English: SUBJ = positive (fitted on train, scored on dev);
- WNC sample: the biased sentence before the edit (`pre`) = positive, the neutralised one
  (`post`) = negative (pairs whose text changed).

The head's form is the shipped one (a logistic of the lexicon score and, with embeddings, the
opinion model's logit, threshold chosen on the training set). In-domain figures sit on the
diagonal (BABE: 5-fold CV grouped by topic; CheckThat: train -> dev; WNC: 5-fold CV grouped by pair).

    python bench/framing_transfer.py [--no-semantic] [--no-write]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from common import cmdline, table, write_result
from framing_common import (
    analyse,
    apply_head,
    babe_rows,
    babe_topic,
    checkthat_rows,
    cv_macro_f1,
    fit_head,
    head_inputs,
    macro_f1,
    wnc_pairs,
)

HEADS = ("bias", "subjectivity")


def datasets() -> dict[str, dict]:
    babe = babe_rows()
    train, dev = checkthat_rows("train"), checkthat_rows("dev")
    pairs = [(a, b) for a, b in wnc_pairs("train") + wnc_pairs("test") if a != b]
    return {
        "BABE": {"fit": [r["text"] for r in babe], "fit_gold": [r["label_bias"] == "Biased" for r in babe],
                 "groups": [babe_topic(r) for r in babe]},
        "CheckThat": {"fit": [r["sentence"] for r in train], "fit_gold": [r["label"] == "SUBJ" for r in train],
                      "test": [r["sentence"] for r in dev], "test_gold": [r["label"] == "SUBJ" for r in dev]},
        "WNC": {"fit": [t for p in pairs for t in p], "fit_gold": [g for _ in pairs for g in (True, False)],
                "groups": [k for k in range(len(pairs)) for _ in (0, 1)]},
    }


def scored(d: dict, head: str, params: dict, semantic: bool) -> float:
    pred = apply_head(head_inputs(d["test_results"], head), params, semantic) >= params["threshold"]
    return macro_f1(list(d["test_gold"]), list(pred), [True, False])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-semantic", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    semantic = not args.no_semantic
    mode = "semantic" if semantic else "lexical"
    data = datasets()
    t0 = time.perf_counter()
    for d in data.values():
        d["fit_results"] = analyse(d["fit"], semantic)
        d["test_results"] = analyse(d["test"], semantic) if "test" in d else d["fit_results"]
        d["fit_gold"] = np.array(d["fit_gold"])
        d["test_gold"] = np.array(d["test_gold"]) if "test" in d else d["fit_gold"]
    elapsed = time.perf_counter() - t0
    res: dict = {}
    rows = []
    for head in HEADS:
        for a, da in data.items():
            xa = head_inputs(da["fit_results"], head)
            params = fit_head(xa, da["fit_gold"], semantic)
            cells = []
            for b, db in data.items():
                if a == b and "groups" in db:
                    v = cv_macro_f1(xa, db["fit_gold"], semantic, groups=db["groups"])
                else:
                    v = scored(db, head, params, semantic)
                res.setdefault(head, {}).setdefault(a, {})[b] = round(float(v), 4)
                cells.append(v)
            rows.append((f"{head} head fitted on {a}", *cells))
    print(table(rows, ("macro-F1 scored on (diagonal: in-domain)", *data)))
    print(f"mode {mode}; analysis took {elapsed:.1f} s")
    if not args.no_write:
        print(write_result(f"framing_transfer_{mode}", {
            "command": cmdline(), "mode": mode, "macro_f1": res,
            "in_domain": {"BABE": "5-fold CV grouped by topic", "CheckThat": "fit on train, scored on dev",
                          "WNC": "5-fold CV grouped by pair"},
            "sizes": {k: {"fit": len(v["fit"]), "scored": len(v.get("test", v["fit"]))} for k, v in data.items()}}))


if __name__ == "__main__":
    main()
