"""MRPC train: the sentence matcher as a paraphrase detector.

Each pair is scored the way the matcher scores a (derived, source) sentence pair: the embedding
cosine blended with the two-way lexical overlap, less the penalties for a number clash and length
asymmetry (``matcher.pair_parts`` and ``matcher.pair_score``; their weights were chosen on this
set, so the CV figure is for the threshold only). The decision threshold is
chosen on 4 folds and applied to the 5th (5-fold stratified CV, seed 0); the product's shipped
``paraphrase_score`` is scored beside it. Lexical-only and cosine-only are shown as baselines.

    python bench/mrpc.py [--no-write]
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from common import best_threshold, cmdline, folds, mrpc_pairs, prf, table, update_result

from redline.align.features import featurise
from redline.align.lexical import lexical_scores
from redline.align.matcher import pair_parts, pair_score
from redline.align.settings import Settings
from redline.embed import default_embedder
from redline.model import Sentence


def lexical(pairs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: the lexical score, and the blend's lexical side and penalty (``pair_parts``)."""
    out = np.zeros((3, len(pairs)), dtype=np.float32)
    for k, (_, a, b) in enumerate(pairs):
        fa = featurise(Sentence("a", 0, 0, len(a), a))
        fb = featurise(Sentence("b", 0, 0, len(b), b))
        lex = lexical_scores([fb], [fa])
        pair, penalty = pair_parts(lex, [fb], [fa])
        out[:, k] = lex["lexical"][0, 0], pair[0, 0], penalty[0, 0]
    return out[0], out[1], out[2]


def cv_threshold(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float, list[float]]:
    pred = np.zeros(len(gold), dtype=bool)
    chosen = []
    for train, test in folds(gold.tolist()):
        t = best_threshold(scores[train], gold[train])
        chosen.append(round(t, 4))
        pred[test] = scores[test] >= t
    return float(np.mean(pred == gold)), prf(gold.tolist(), pred.tolist(), True)[2], chosen


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    settings = Settings()
    pairs = mrpc_pairs()
    gold = np.array([q == 1 for q, _, _ in pairs])
    lex, pair, penalty = lexical(pairs)
    emb = default_embedder()
    if not emb.available:
        sys.exit("bench: mrpc needs the embedding model: " + (emb.error or ""))
    t0 = time.perf_counter()
    a = emb.encode([x[1] for x in pairs])
    b = emb.encode([x[2] for x in pairs])
    seconds = time.perf_counter() - t0
    cos = (a * b).sum(axis=1)
    score = pair_score(lex, cos, settings, pair, penalty)
    rows, res = [], {}
    for name, s in (("matcher pair score (lexical + cosine)", score), ("cosine only", cos), ("lexical only", lex)):
        acc, f1, chosen = cv_threshold(s, gold)
        rows.append((name, acc, f1, str(chosen)))
        res[name] = {"accuracy_cv": acc, "f1_cv": f1, "thresholds": chosen}
    shipped = score >= settings.paraphrase_score
    res["shipped"] = {"threshold": settings.paraphrase_score, "accuracy": float(np.mean(shipped == gold)),
                      "f1": prf(gold.tolist(), shipped.tolist(), True)[2]}
    res["fit_on_all"] = best_threshold(score, gold)
    print(f"MRPC train, {len(pairs)} pairs ({gold.mean():.1%} paraphrase; {emb.precision} embeddings took "
          f"{seconds:.0f} s)\n")
    print(table(rows, ("score", "accuracy (5-fold CV)", "F1", "thresholds per fold")))
    print(f"\nshipped paraphrase_score={settings.paraphrase_score}: accuracy {res['shipped']['accuracy']:.3f} "
          f"(in-sample); threshold fit on all pairs: {res['fit_on_all']:.4f}")
    if not args.no_write:
        record = {"command": cmdline(), "pairs": len(pairs), "precision": emb.precision,
                  "semantic_weight": settings.semantic_weight, "cv": "5-fold stratified, seed 0", **res,
                  "target_accuracy": 0.75}
        print(f"\nwrote {update_result('mrpc', 'lexical+semantic', record)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
