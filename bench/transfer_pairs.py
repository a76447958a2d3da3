"""Sentence matching across datasets: the matcher's pair score as a paraphrase detector, its accept
threshold fitted on MRPC train and scored on PAN-10 (Madnani et al. 2012 training pairs), and the
reverse, each beside the in-domain 5-fold CV figure (bench/protocol.py; seed 0).

The lexical score is what the gate pins (no model needed); ``--semantic`` adds the matcher's
blended score (``matcher.pair_score``, embeddings + two-way lexical overlap) and cosine alone.
``--limit N`` scores the first N pairs of each set (a quick look; not a reported figure).

    python bench/transfer_pairs.py [--semantic] [--limit N] [--no-write]
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import protocol
from common import DATA, best_threshold, cmdline, mrpc_pairs, need, prf, table, update_result
from fitting import drift
from mrpc import lexical, lexical_part_cv

from redline.align.settings import Settings

PAN = DATA / "paraphrase" / "pan10-madnani-train"


def pan_pairs() -> list[tuple[int, str, str]]:
    need(PAN)
    read = lambda name: (PAN / name).read_text(encoding="utf-8", errors="replace").splitlines()  # noqa: E731
    return [(int(q), a, b) for q, a, b in zip(read("pan-train.labels"), read("pan-train_s1.txt"),
                                                read("pan-train_s2.txt"))]


def scored(score: np.ndarray, gold: np.ndarray, t: float) -> dict:
    pred = score >= t
    return {"accuracy": float(np.mean(pred == gold)), "f1": prf(gold.tolist(), pred.tolist(), True)[2],
            "threshold": round(t, 4)}


def in_domain(score: np.ndarray, gold: np.ndarray) -> dict:
    pred = np.zeros(len(gold), dtype=bool)
    for train, test in protocol.random_folds(gold.tolist()):
        pred[test] = score[test] >= best_threshold(score[train], gold[train])
    return {"accuracy": float(np.mean(pred == gold)), "f1": prf(gold.tolist(), pred.tolist(), True)[2]}


def scores(pairs, semantic: bool) -> dict[str, np.ndarray]:
    lex, pair, penalty = lexical(pairs)
    out = {"lexical score": lex}
    if semantic:
        from redline.align.matcher import pair_score
        from redline.embed import default_embedder
        emb = default_embedder()
        if not emb.available:
            sys.exit("bench: --semantic needs the embedding model: " + (emb.error or ""))
        cos = (emb.encode([x[1] for x in pairs]) * emb.encode([x[2] for x in pairs])).sum(axis=1)
        out["matcher pair score (lexical + cosine)"] = pair_score(lex, cos, Settings(), pair, penalty)
        out["cosine only"] = cos
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--semantic", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    sets = {"MRPC": mrpc_pairs(), "PAN-10": pan_pairs()}
    if args.limit:
        sets = {k: v[:args.limit] for k, v in sets.items()}
    t0 = time.perf_counter()
    s = {k: scores(v, args.semantic) for k, v in sets.items()}
    gold = {k: np.array([q == 1 for q, _, _ in v]) for k, v in sets.items()}
    seconds = time.perf_counter() - t0
    res, rows = {}, []
    for name in s["MRPC"]:
        r = {}
        for a, b in (("MRPC", "PAN-10"), ("PAN-10", "MRPC")):
            r[f"{b}_in_domain_cv"] = in_domain(s[b][name], gold[b])
            r[f"{a}_to_{b}"] = scored(s[b][name], gold[b], best_threshold(s[a][name], gold[a]))
        res[name] = r
        for b, a in (("MRPC", "PAN-10"), ("PAN-10", "MRPC")):
            rows.append((f"{name}, on {b}", r[f"{b}_in_domain_cv"]["accuracy"], r[f"{a}_to_{b}"]["accuracy"],
                         r[f"{b}_in_domain_cv"]["accuracy"] - r[f"{a}_to_{b}"]["accuracy"],
                         r[f"{a}_to_{b}"]["threshold"]))
    recorded, ok = drift("pair_score", got := lexical_part_cv(sets["MRPC"], gold["MRPC"]))
    shipped = {"figure": round(got, 4), "recorded": recorded, "drift_ok": int(ok and not args.limit)}
    mode = "lexical+semantic" if args.semantic else "lexical"
    print(f"Sentence matching transfer, MRPC train ({len(sets['MRPC'])} pairs) <-> PAN-10 "
          f"({len(sets['PAN-10'])} pairs), {mode}, {seconds:.0f} s to score\n")
    print(table(rows, ("score, reported on", "accuracy, in-domain CV", "accuracy, threshold from the other",
                       "loss", "threshold used")))
    print(f"\nshipped pair_score.json, MRPC CV accuracy of its lexical pair part: {got:.4f} "
          f"(recorded {recorded:.4f}: {'ok' if ok else 'DRIFTED'})")
    if not args.no_write and not args.limit:
        path = update_result("transfer_pairs", mode, {"command": cmdline(), "mode": mode, "pairs": {
            k: len(v) for k, v in sets.items()}, "protocol": "threshold chosen for accuracy on one set, applied "
            "to the other; in-domain: 5-fold stratified CV, seed 0", "results": res, "shipped": shipped})
        print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
