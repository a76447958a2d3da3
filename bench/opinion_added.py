"""Opinion in added sentences: recall per rhetorical kind and precision of `redline compare`'s
`opinion_added` finding on tests/fixtures/opinion (our own sentences; splits in its README).

Each sentence is appended, as a new paragraph, to a neutral source article. The rhetoric model
(explain/rhetoric.py, shipped as src/redline/models/opinion_rhetoric_<mode>.json) is fitted on
`train` (tests/fixtures/opinion/train/, writer A) and `dev` (opinion.txt and neutral.txt, writer
B). A run prints, per kind:

- `cv`: grouped 5-fold cross-validation over train+dev, every (writer, kind) file in one fold
  only, each fold refitted with the shipped file's settings (the figure the gate pins);
- `transfer`: fitted on train alone, scored on dev (another writer);
- `shipped`: the shipped file through `redline compare` on train+dev (in-sample; the gate checks it
  still scores the figure the file records) and on `fresh` (writer C, never fitted on);
- `blind` / `blind2` only when asked (`--split blind|blind2`): sets written by people who saw no
  rule or fixture; never used for any choice.

`--fit` chooses the regularisation and the threshold by the grouped CV above (threshold: the
highest mean of the lowest and the average kind recall, with CV precision >= 0.92 and no neutral
kind flagged above 0.15) and rewrites the model file. Reads no
../shared data.

    python bench/opinion_added.py [--semantic | --both] [--fit] [--split blind|blind2] [--wire] [--show] [--no-write]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from common import METER, REPO, cmdline, meter_items, table, update_result, write_result
from fitting import _scaler, drift, write_model
from protocol import group_folds, sha256_files

from redline import Article, Comparer, models
from redline.explain import analyse_sentences, default_lexicon
from redline.explain.context import build_context
from redline.explain.rhetoric import (
    DERIVED_FEATURES,
    FAMILIES,
    LEXICON_FEATURES,
    NEUTRAL_FAMILIES,
    SEMANTIC_FEATURES,
    assess,
    embedding_logit,
    feature_vector,
    score,
)
from redline.explain.wording import is_opinion, theirs
from redline.text.quotes import extract_quotes
from redline.text.sentences import split_sentences

FIXTURES = REPO / "tests" / "fixtures" / "opinion"
SOURCE = ("The county council met on Tuesday to discuss the future of the library service.\n\n"
          "Officers presented a report on visitor numbers, opening hours and the cost of running the "
          "seven branches.\n\nThe report said three branches needed repairs to their roofs and heating.\n\n"
          "Councillors will vote on the proposals at a meeting next month.")
TARGET_RECALL, TARGET_PRECISION = 0.90, 0.85
CV_PRECISION = 0.92   # the threshold keeps this much precision in CV: a margin for unseen writers
MAX_NEUTRAL_KIND = 0.15  # and flags at most this share of any one neutral kind
C_GRID = (0.03, 0.1, 0.3, 1.0)
SEED = 0
# The older files name two kinds more briefly.
KIND_NAMES = {"sarcasm": "sarcasm_irony", "background": "background_fact"}
FIT_SPLITS = ("train", "dev")


def lexical_features() -> tuple[str, ...]:
    return (*FAMILIES, *NEUTRAL_FAMILIES, *LEXICON_FEATURES, *DERIVED_FEATURES)


def load(split: str) -> list[tuple[str, str, str]]:
    """(group, kind, sentence) of a split: train, blind, blind2 (a folder of <group>_<kind>.txt) or
    dev, fresh (files with `# kind:` headers)."""
    if split in ("train", "blind", "blind2"):
        return load_folder(FIXTURES / split)
    out = []
    for group in ("opinion", "neutral"):
        kind = ""
        name = f"fresh_{group}" if split == "fresh" else group
        for line in (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith("# kind:"):
                kind = line.split(":", 1)[1].strip()
                kind = KIND_NAMES.get(kind, kind)
            elif line.strip():
                out.append((group, kind, line.strip()))
    return out


def load_folder(folder: Path) -> list[tuple[str, str, str]]:
    out = []
    for group in ("opinion", "neutral"):
        for path in sorted(folder.glob(f"{group}_*.txt")):
            kind = path.stem.split("_", 1)[1]
            out += [(group, kind, line.strip()) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
    return out


def split_files(split: str) -> list[Path]:
    if split == "train":
        return sorted((FIXTURES / "train").glob("*.txt"))
    return [FIXTURES / "opinion.txt", FIXTURES / "neutral.txt"]


class Item:
    """One fixture sentence after `redline compare`'s analysis: its added sentences' features."""

    def __init__(self, split: str, group: str, kind: str, text: str, rows: list, base: bool):
        self.split, self.group, self.kind, self.text = split, group, kind, text
        self.rows, self.base = rows, base      # feature dicts of unguarded sentences; subjectivity path
        self.y = group == "opinion"
        self.vectors: list = []


def analyse(comparer: Comparer, split: str) -> list[Item]:
    lexicon, start = default_lexicon(), len(SOURCE) + 2
    out = []
    for group, kind, text in load(split):
        c = comparer.compare(sources=[Article("source", SOURCE)], derived=Article("rewrite", SOURCE + "\n\n" + text))
        ctx = build_context(c, lexicon, comparer.embedder)
        added = [a for m, a in zip(c.derived_sentences, ctx.derived) if m.label == "added" and a.start >= start]
        free = [a for a in added if not theirs(a, ctx.derived_quotes)]
        item = Item(split, group, kind, text, [feature_vector(a)[0] for a in free], any(is_opinion(a) for a in free))
        item.vectors = [ctx.embedding(a) for a in free]
        out.append(item)
    return out


# ---------------------------------------------------------------- fitting

def _lr(Z: np.ndarray, y: np.ndarray, C: float):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(Z, y)


def _rows(items: list[Item]) -> tuple[list[int], np.ndarray]:
    owner = [k for k, it in enumerate(items) for _ in it.rows]
    return owner, np.array([items[k].y for k in owner])


def fit_embedding(items: list[Item], C: float) -> dict:
    owner, y = _rows(items)
    V = np.array([v for it in items for v in it.vectors])
    lr = _lr(V, y, C)
    return {"coef": [round(float(a), 6) for a in lr.coef_[0]], "intercept": round(float(lr.intercept_[0]), 6), "C": C}


def _embedding_oof(items: list[Item], C: float) -> list[list[float]]:
    """Out-of-fold embedding logits per item (grouped folds), so the head above the embedding
    learns how far to trust it on sentences it was not fitted on."""
    out: list[list[float]] = [[] for _ in items]
    groups = [f"{it.split}:{it.kind}" for it in items]
    for train, test in group_folds([it.y for it in items], groups, seed=SEED):
        head = fit_embedding([items[k] for k in train], C)
        for k in test:
            out[k] = [embedding_logit({"embedding_head": head}, v) for v in items[k].vectors]
    return out


def fit(items: list[Item], features: tuple[str, ...], C: float, semantic: bool) -> dict:
    model: dict = {}
    if semantic:
        model["embedding_head"] = fit_embedding(items, C)
        for it, logits in zip(items, _embedding_oof(items, C)):
            for row, z in zip(it.rows, logits):
                row["embedding"] = z
    owner, y = _rows(items)
    X = np.array([[r[f] for f in features] for it in items for r in it.rows])
    mean, scale = _scaler(X)
    lr = _lr((X - mean) / scale, y, C)
    return {"kind": "logistic", "features": list(features), "mean": [round(float(a), 6) for a in mean],
            "scale": [round(float(a), 6) for a in scale], "coef": [round(float(a), 6) for a in lr.coef_[0]],
            "intercept": round(float(lr.intercept_[0]), 6), "C": C, **model}


def scores(model: dict, items: list[Item]) -> np.ndarray:
    """Per item, the highest rhetoric score over its unguarded added sentences (0 if none), by the
    product's own scoring function."""
    out = np.zeros(len(items))
    for k, it in enumerate(items):
        ps = []
        for row, v in zip(it.rows, it.vectors):
            x = dict(row)
            if "embedding_head" in model:
                x["embedding"] = embedding_logit(model, v)
            ps.append(score(model, x)[0])
        out[k] = max(ps, default=0.0)
    return out


def cv_scores(items: list[Item], features: tuple[str, ...], C: float, semantic: bool) -> np.ndarray:
    out = np.zeros(len(items))
    groups = [f"{it.split}:{it.kind}" for it in items]
    for train, test in group_folds([it.y for it in items], groups, seed=SEED):
        model = fit([_copy(items[k]) for k in train], features, C, semantic)
        out[test] = scores(model, [items[k] for k in test])
    return out


def _copy(it: Item) -> Item:
    new = Item(it.split, it.group, it.kind, it.text, [dict(r) for r in it.rows], it.base)
    new.vectors = it.vectors
    return new


def figure(items: list[Item], calls: list[bool]) -> dict:
    kinds: dict[str, list[bool]] = {}
    for it, hit in zip(items, calls):
        kinds.setdefault(f"{it.group}:{it.kind}", []).append(hit)
    tp = sum(hit for it, hit in zip(items, calls) if it.y)
    fp = sum(hit for it, hit in zip(items, calls) if not it.y)
    n_op = sum(it.y for it in items)
    per = {k.split(":")[1]: round(sum(v) / len(v), 4) for k, v in kinds.items() if k.startswith("opinion")}
    return {"sentences": len(items), "opinion": n_op, "recall": round(tp / max(n_op, 1), 4),
            "precision": round(tp / max(tp + fp, 1), 4), "min_kind_recall": min(per.values(), default=0.0),
            "recall_per_kind": per,
            "neutral_flagged_per_kind": {k.split(":")[1]: round(sum(v) / len(v), 4) for k, v in kinds.items()
                                         if k.startswith("neutral")}}


def decide(items: list[Item], p: np.ndarray, threshold: float) -> list[bool]:
    return [it.base or bool(s >= threshold) for it, s in zip(items, p)]


def recall_goal(f: dict) -> float:
    """The issue's target is recall on every kind at a precision with room to spare (0.85; blind
    precision ran at 0.96 where recall was 0.55), so the threshold maximises the mean of the lowest
    and the average kind recall, within the precision and per-kind false-flag bounds."""
    per = list(f["recall_per_kind"].values())
    return float((min(per) + np.mean(per)) / 2)


def choose_threshold(items: list[Item], p: np.ndarray) -> tuple[float, dict]:
    best: tuple = (-1.0, 0.0, {})
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        f = figure(items, decide(items, p, float(t)))
        f["goal"] = round(recall_goal(f), 4)
        if f["precision"] >= CV_PRECISION and max(f["neutral_flagged_per_kind"].values()) <= MAX_NEUTRAL_KIND:
            best = max(best, (f["goal"], float(t), f), key=lambda b: b[:2])
    return best[1], best[2]


def refit(items: list[Item], semantic: bool) -> Path:
    features = lexical_features() + (SEMANTIC_FEATURES if semantic else ())
    tried = []
    for C in C_GRID:
        t, f = choose_threshold(items, cv_scores(items, features, C, semantic))
        tried.append((f.get("goal", 0.0), -C, t, f))
        print(f"  C={C}: threshold {t:.2f}, CV goal {f.get('goal', 0):.3f}, min kind recall "
              f"{f.get('min_kind_recall', 0):.3f}, recall {f.get('recall', 0):.3f}, "
              f"precision {f.get('precision', 0):.3f}")
    _, C, t, f = max(tried, key=lambda r: r[:2])  # on a tie, the stronger regularisation
    C = -C
    model = fit([_copy(it) for it in items], features, C, semantic)
    model["threshold"] = t
    inside = figure(items, decide(items, scores(model, items), t))
    name = f"opinion_rhetoric_{'semantic' if semantic else 'lexical'}"
    files = split_files("train") + split_files("dev")
    return write_model(name, model, dataset={
        "name": "opinion fixture train (writer A) + dev (writer B)", "path": "tests/fixtures/opinion",
        "sha256": sha256_files(files, REPO), "sentences": len(items)},
        protocol=(f"grouped 5-fold CV over train+dev (a group = one writer's file of one kind; seed {SEED}); "
                  f"C from {list(C_GRID)} and the threshold (highest mean of the lowest and the average kind "
                  f"recall, with CV precision >= {CV_PRECISION}) chosen on the out-of-fold scores, "
                  f"no neutral kind flagged above {MAX_NEUTRAL_KIND}; "
                  f"blind sets never read"),
        figure={"value": inside["min_kind_recall"], "measure": "min kind recall, in-sample on train+dev",
                "in_sample": inside, "cv": f},
        notes="item flagged = subjectivity path (explain/wording.is_opinion) or rhetoric score >= threshold")


# ---------------------------------------------------------------- scoring through the product

def flagged(comparer: Comparer, sentence: str) -> bool:
    c = comparer.compare(sources=[Article("source", SOURCE)], derived=Article("rewrite", SOURCE + "\n\n" + sentence))
    start = len(SOURCE) + 2
    return any(f.kind == "opinion_added" and any(e.article == "rewrite" and e.start >= start for e in f.derived)
               for f in c.findings)


def product_figure(comparer: Comparer, items: list[Item]) -> tuple[dict, list[bool]]:
    calls = [flagged(comparer, it.text) for it in items]
    return figure(items, calls), calls


def rows_of(name: str, f: dict) -> list[tuple]:
    rows = [(name, k, "recall", v) for k, v in f["recall_per_kind"].items()]
    rows += [(name, k, "flagged (false)", v) for k, v in f["neutral_flagged_per_kind"].items()]
    return rows + [(name, "all opinion", "recall", f["recall"]), (name, "all", "precision", f["precision"]),
                   (name, "lowest kind", "recall", f["min_kind_recall"])]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--semantic", action="store_true", help="the semantic model only")
    ap.add_argument("--both", action="store_true", help="lexical, then semantic")
    ap.add_argument("--fit", action="store_true", help="choose C and threshold by grouped CV, rewrite the model file")
    ap.add_argument("--split", choices=("blind", "blind2"), help="also score a blind set (summary only)")
    ap.add_argument("--show", action="store_true", help="print fresh sentences called wrongly (never blind)")
    ap.add_argument("--wire", action="store_true", help="also the flag rate on PA wire sentences (../shared/data)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    for semantic in ((False, True) if args.both else (args.semantic,)):
        run(args, semantic)


def run(args, semantic: bool) -> None:
    mode = "lexical+semantic" if semantic else "lexical"
    t0 = time.perf_counter()
    analyser = Comparer(semantic=semantic, explain=False)
    items = [it for split in FIT_SPLITS for it in analyse(analyser, split)]
    if args.fit:
        print(f"fitting ({mode}) on {len(items)} sentences; wrote {refit(items, semantic)}")
    name = f"opinion_rhetoric_{'semantic' if semantic else 'lexical'}"
    shipped = models.load(name)
    cv = figure(items, decide(items, cv_scores(items, tuple(shipped["features"]), shipped["C"], semantic),
                              shipped["threshold"]))
    train = [it for it in items if it.split == "train"]
    dev = [it for it in items if it.split == "dev"]
    moved = fit([_copy(it) for it in train], tuple(shipped["features"]), shipped["C"], semantic)
    transfer = figure(dev, decide(dev, scores(moved, dev), shipped["threshold"]))
    comparer = Comparer(semantic=semantic, explain=True)
    inside, _ = product_figure(comparer, items)
    recorded, drift_ok = drift(name, inside["min_kind_recall"])
    fresh_items = analyse(analyser, "fresh")
    fresh, fresh_calls = product_figure(comparer, fresh_items)
    rows = rows_of("cv train+dev", cv) + rows_of("train -> dev", transfer) + rows_of("fresh", fresh)
    blind = blind_figure(analyser, comparer, args.split) if args.split else None
    if blind:
        rows += rows_of(args.split, blind)
    print(table(rows, ("split", "kind", "measure", "value")))
    wire = wire_rate(semantic) if args.wire else None
    if wire:
        print(f"PA wire (METER sources), {wire['sentences']} sentences without a named speaker: flagged "
              f"{wire['flagged']:.1%} ({wire['rhetoric_flagged']:.1%} by the rhetoric model)")
    print(f"mode {mode}; threshold {shipped['threshold']}; shipped file in-sample lowest kind recall "
          f"{inside['min_kind_recall']:.4f} (recorded {recorded:.4f}, drift ok {drift_ok}); targets: recall >= "
          f"{TARGET_RECALL} per kind, precision >= {TARGET_PRECISION}; {time.perf_counter() - t0:.1f} s")
    if args.split and blind is None:
        print(f"{args.split}: tests/fixtures/opinion/{args.split}/ is missing")
    if args.show:
        for it, hit in zip(fresh_items, fresh_calls):
            if hit != it.y:
                print(f"  fresh {'missed' if it.y else 'false '} {it.kind:20s} {it.text}")
    if not args.no_write:
        out = {"command": cmdline(), "mode": mode, "threshold": shipped["threshold"],
               "cv": cv,
               "transfer_train_to_dev": transfer, "shipped_in_sample": inside, "recorded": recorded,
               "drift_ok": drift_ok, "fresh": fresh, "pa_wire": wire,
               "targets": {"recall_per_kind": TARGET_RECALL, "precision": TARGET_PRECISION}}
        if blind:
            out[args.split] = blind
            print(update_result(f"opinion_added_{args.split}", mode, {"command": cmdline(), **blind}))
        print(write_result(f"opinion_added_{'semantic' if semantic else 'lexical'}", out))


def wire_rate(semantic: bool) -> dict | None:
    """Share of plain PA wire sentences (METER sources, no named speaker, not inside a quote) the
    finding would flag: a false-flag estimate on real news, where the fixtures' neutral kinds are
    cleaner than court reports. Needs ../shared/data (METER); None without it."""
    if not METER.exists():
        return None
    from redline.embed import default_embedder
    embedder = default_embedder() if semantic else None
    texts = list(dict.fromkeys(s.text for it in meter_items() for s in it["sources"]))
    n = moved = either = 0
    for text in texts:
        quotes = extract_quotes(text)
        for a in analyse_sentences(text, split_sentences(text, ""), None, embedder, quotes, learned=False):
            if theirs(a, quotes):
                continue
            vector = embedder.encode([a.text])[0] if embedder is not None else None
            hit = assess(a, vector).flagged
            n, moved, either = n + 1, moved + hit, either + (hit or is_opinion(a))
    return {"sentences": n, "rhetoric_flagged": round(moved / max(n, 1), 4), "flagged": round(either / max(n, 1), 4)}


def blind_figure(analyser: Comparer, comparer: Comparer, split: str) -> dict | None:
    if not any((FIXTURES / split).glob("opinion_*.txt")):
        return None
    return product_figure(comparer, analyse(analyser, split))[0]


if __name__ == "__main__":
    main()
