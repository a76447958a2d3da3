"""METER exploration runner (issue 15): candidate document features from the sentence alignment
and model forms, each scored as 3-class macro-F1 over 5-fold CV grouped by story with fold seeds
100-109 only, so that the reported protocol (seed 0, bench/meter.py) is not watched while
exploring. Each candidate is one feature added to the 11 shipped ones (the sequential form, C=1,
none first), plus C and the head order (wholly first) on the 11. Nothing here is shipped: a
candidate worth keeping joins bench/meter.py's nested candidate list and is reported there once.

    python bench/meter_explore.py [--no-write]
"""
from __future__ import annotations

import sys

import numpy as np
import protocol
from common import cmdline, meter_items, table, update_result
from fitting import fit_sequential
from meter import FEATURES, ORDER, _macro, predict_derivation, run_all, to_product

from redline.align.settings import Settings
from redline.pipeline import Comparer, body_features

SEEDS = range(100, 110)
WHOLLY_FIRST = ("wholly", "partially", "none")


def runs(flags: np.ndarray, sizes: np.ndarray) -> list[tuple[int, int]]:
    """(words, sentences) of each stretch of consecutive flagged sentences."""
    out, words, count = [], 0, 0
    for size, flag in zip([*sizes, 0], [*flags, False]):
        if flag:
            words, count = words + size, count + 1
        elif count:
            out.append((words, count))
            words = count = 0
    return out


def alignment_features(derived, sources, matches) -> dict[str, float]:
    """Ratios from the sentence alignment: where the added sentences sit, how strongly and in
    what order sentences are matched, how much of each PA text is used."""
    sizes = np.array([f.size for f in derived])
    total = max(int(sizes.sum()), 1)
    added = np.array([m.label == "added" for m in matches])
    lex = np.array([m.lexical for m in matches])
    blocks = runs(added, sizes)
    f = {"added_run": max((w for w, _ in blocks), default=0) / total,
         "added_run_sentences": max((c for _, c in blocks), default=0) / len(matches),
         "added_blocks": len(blocks) / len(matches),
         "added_in_blocks_of_3": sum(w for w, c in blocks if c >= 3) / total,
         "reused_run": max((w for w, _ in runs(~added, sizes)), default=0) / total,
         "switches": float(np.mean(added[1:] != added[:-1])) if len(added) > 1 else 0.0,
         "first_lexical": float(lex[0]), "top3_lexical": float(np.sort(lex)[::-1][:3].mean()),
         "sentences_matched5": float(np.mean(lex >= 0.5)), "sentences_matched7": float(np.mean(lex >= 0.7))}
    for t in (3, 5, 7):
        f[f"unmatched_run{t}"] = max((w for w, _ in runs(lex < t / 10, sizes)), default=0) / total
    reused = np.flatnonzero(~added)
    f["added_head"] = sizes[:reused[0]].sum() / total if len(reused) else 1.0
    f["added_tail"] = sizes[reused[-1] + 1:].sum() / total if len(reused) else 1.0
    third = np.cumsum(sizes) <= total / 3
    third[0] = True
    f["lead_reused"] = float((sizes * ~added)[third].sum() / sizes[third].sum())
    kept = {(r.article, r.index) for m in matches for r in m.sources}
    used = [sum(g.size for g in s if (g.sentence.article, g.sentence.index) in kept) / max(sum(g.size for g in s), 1)
            for s in sources]
    f["best_source_kept"], f["sources_used"] = max(used), float(np.mean([u > 0 for u in used]))
    f["concordant"] = _concordant([(m.sources[0].article, m.sources[0].index) for m in matches
                                   if m.sources and m.label != "added"])
    return f


def _concordant(firsts: list[tuple[str, int]]) -> float:
    """Share of matched sentence pairs (same PA text) whose sources keep their order."""
    pairs = [(a[1], b[1]) for i, a in enumerate(firsts) for b in firsts[i + 1:] if a[0] == b[0]]
    return sum(1 for a, b in pairs if b >= a) / len(pairs) if pairs else 0.5


def ratio_features(feats: dict[str, float]) -> dict[str, float]:
    """The verbatim-run distribution as ratios of the covers."""
    return {"cover8_of_cover3": feats["cover8"] / max(feats["cover3"], 1e-3),
            "cover5_of_cover3": feats["cover5"] / max(feats["cover3"], 1e-3),
            "cover3_of_cover1": feats["cover3"] / max(feats["cover1"], 1e-3)}


def rows_with_candidates(comparer: Comparer) -> tuple[list[dict], list[str]]:
    items = meter_items()
    rows = run_all(items, comparer)
    names: list[str] = []
    for r, x in zip(rows, items):
        if r["feats"] is None:
            continue
        c = comparer.compare(sources=x["sources"], derived=x["derived"])
        extra = {**alignment_features(list(body_features(c.derived)), [list(body_features(s)) for s in c.sources],
                                      list(c.derived_sentences)), **ratio_features(r["feats"])}
        r["feats"] = {**r["feats"], **extra}
        names = list(extra)
    return rows, names


def seeds_score(rows, names: tuple[str, ...], C: float = 1.0, order: tuple[str, ...] = ORDER) -> list[float]:
    y = np.array([r["label"] for r in rows], dtype=object)
    stories = [protocol.meter_story(r["id"]) for r in rows]
    X = np.array([[r["feats"][k] if r["feats"] else 0.0 for k in names] for r in rows])
    fit = lambda X_, y_: fit_sequential(X_, np.array([to_product(v) for v in y_]), order, names, C=C)  # noqa: E731
    return [float(_macro(y, protocol.cv_predict(fit, predict_derivation, X, y,
                                                protocol.group_folds(list(y), stories, seed=s)))) for s in SEEDS]


def main() -> int:
    rows, names = rows_with_candidates(Comparer(Settings(), semantic=False, explain=False))
    tries = {"the 11 (C=1, none first)": (FEATURES, 1.0, ORDER), "the 11, C=0.3": (FEATURES, 0.3, ORDER),
             "the 11, C=3": (FEATURES, 3.0, ORDER), "the 11, wholly first": (FEATURES, 1.0, WHOLLY_FIRST),
             **{f"+ {k}": (FEATURES + (k,), 1.0, ORDER) for k in names},
             "+ added_run, wholly first": (FEATURES + ("added_run",), 1.0, WHOLLY_FIRST)}
    res = {}
    for name, (feats, C, order) in tries.items():
        v = seeds_score(rows, feats, C, order)
        res[name] = {"mean": float(np.mean(v)), "min": min(v), "max": max(v)}
    base = res["the 11 (C=1, none first)"]["mean"]
    print(f"METER 3-class macro-F1 grouped by story, fold seeds {SEEDS.start}-{SEEDS.stop - 1} (exploration only)\n")
    print(table([(k, v["mean"], v["mean"] - base, v["min"], v["max"]) for k, v in res.items()],
                ("candidate", "mean", "vs the 11", "min", "max")))
    if "--no-write" not in sys.argv:
        print("\nwrote " + update_result("meter_explore", "lexical", {
            "command": cmdline(), "seeds": list(SEEDS), "candidates": res}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
