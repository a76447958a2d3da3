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

Plain wire copy is the neutral text the finding meets most, and the fixtures do not show it: the
METER PA stories (../shared/data, read at run time, never copied) are cut into two fixed halves by a
seeded hash of the story id. The `fit` half's sentences (no named speaker, not quoted) take part in
the grouped CV as neutral items (a group = one story) and, weighted, in the fit; the `report` half
is only reported (`--wire`: the share of its sentences the finding flags).

`--fit` chooses the wire weight, the regularisation and the threshold by the grouped CV above
(threshold: the highest mean of the lowest and the average kind recall, with CV precision >= 0.92,
no neutral kind flagged above 0.15 and at most 7% of the wire fit half flagged, the subjectivity
path included) and rewrites the model file with the halves' definition and the PA data's SHA-256.

    python bench/opinion_added.py [--semantic | --both] [--fit] [--split blind|blind2|blind3] [--wire] [--show]
                                   [--no-write]
"""
from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import numpy as np
from common import METER, REPO, cmdline, meter_items, table, update_result, write_result
from fitting import _scaler, drift, write_model
from protocol import group_folds, meter_story, sha256_files

from redline import Article, Comparer, models
from redline.explain import analyse_sentences, default_lexicon
from redline.explain.context import build_context
from redline.explain.rhetoric import (
    DERIVED_FEATURES,
    FAMILIES,
    LEXICON_FEATURES,
    NEUTRAL_FAMILIES,
    SEMANTIC_FEATURES,
    embedding_logit,
    feature_vector,
    rhetoric_model,
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
# The grids (the semantic one smaller: its grouped CV refits the embedding head 30 times a setting).
C_GRID = {"lexical": (0.1, 0.3, 1.0, 3.0), "semantic": (0.3, 1.0, 3.0)}
# Plain wire copy (METER PA, no named speaker, not quoted) is the neutral text the finding meets
# most; fixed before any fit: at most this share of the wire fit half may be flagged, and the wire
# half's rows weigh this much against the fixtures' neutral rows.
WIRE_CAP = 0.07
WIRE_WEIGHTS = {"lexical": (1.0, 2.0, 4.0), "semantic": (1.0, 2.0)}
WIRE_SALT = "redline-opinion-wire-v1"
SEED = 0
# The older files name two kinds more briefly.
KIND_NAMES = {"sarcasm": "sarcasm_irony", "background": "background_fact"}
FIT_SPLITS = ("train", "dev")


def lexical_features() -> tuple[str, ...]:
    return (*FAMILIES, *NEUTRAL_FAMILIES, *LEXICON_FEATURES, *DERIVED_FEATURES)


def load(split: str) -> list[tuple[str, str, str, str]]:
    """(group, kind, sentence, file) of a split: train, blind, blind2 (a folder of
    <group>_<kind>[.<writer>].txt) or dev, fresh (files with `# kind:` headers)."""
    if split in ("train", "blind", "blind2", "blind3"):
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
                out.append((group, kind, line.strip(), kind))
    return out


def load_folder(folder: Path) -> list[tuple[str, str, str, str]]:
    out = []
    for group in ("opinion", "neutral"):
        for path in sorted(folder.glob(f"{group}_*.txt")):
            tag = path.stem.split("_", 1)[1]
            lines = path.read_text(encoding="utf-8").splitlines()
            out += [(group, tag.split(".")[0], line.strip(), tag) for line in lines if line.strip()]
    return out


def split_files(split: str) -> list[Path]:
    if split == "train":
        return sorted((FIXTURES / "train").glob("*.txt"))
    return [FIXTURES / "opinion.txt", FIXTURES / "neutral.txt"]


class Item:
    """One fixture sentence after `redline compare`'s analysis: its added sentences' features."""

    def __init__(self, split: str, group: str, kind: str, text: str, rows: list, base: bool, file: str = ""):
        self.split, self.group, self.kind, self.text = split, group, kind, text
        self.rows, self.base = rows, base      # feature dicts of unguarded sentences; subjectivity path
        self.file = file                       # the CV group: one writer's file of one kind, or a wire story
        self.y = group == "opinion"
        self.vectors: list = []
        self.analysis = None


def analyse(comparer: Comparer, split: str) -> list[Item]:
    lexicon, start = default_lexicon(), len(SOURCE) + 2
    out = []
    for group, kind, text, file in load(split):
        c = comparer.compare(sources=[Article("source", SOURCE)], derived=Article("rewrite", SOURCE + "\n\n" + text))
        ctx = build_context(c, lexicon, comparer.embedder)
        added = [a for m, a in zip(c.derived_sentences, ctx.derived) if m.label == "added" and a.start >= start]
        free = [a for a in added if not theirs(a, ctx.derived_quotes)]
        item = Item(split, group, kind, text, [feature_vector(a)[0] for a in free], any(is_opinion(a) for a in free),
                    f"{split}:{file}")
        item.vectors = [ctx.embedding(a) for a in free]
        out.append(item)
    return out


# ---------------------------------------------------------------- fitting

def _lr(Z: np.ndarray, y: np.ndarray, C: float, w: np.ndarray | None):
    from sklearn.linear_model import LogisticRegression
    if w is None:
        return LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(Z, y)
    return LogisticRegression(C=C, max_iter=5000).fit(Z, y, sample_weight=w)


def _rows(items: list[Item]) -> tuple[list[int], np.ndarray]:
    owner = [k for k, it in enumerate(items) for _ in it.rows]
    return owner, np.array([items[k].y for k in owner])


def row_weights(items: list[Item], wire_weight: float) -> np.ndarray | None:
    """Per row, balanced classes as before, the neutral half shared between the fixtures' neutral
    sentences and the wire sentences in the ratio 1 : ``wire_weight`` (None: no wire rows, plain
    balanced weights). The total is the number of fixture rows, so C means what it meant."""
    owner, y = _rows(items)
    wire = np.array([items[k].split == "wire" for k in owner], dtype=bool)
    if not wire.any():
        return None
    n = float((~wire).sum())
    neg = float((~wire & ~y).sum())
    w = np.where(y, n / 2 / max(y.sum(), 1), n / 2 / neg / (1 + wire_weight))
    return np.where(wire, n / 2 * wire_weight / (1 + wire_weight) / wire.sum(), w)


def fit_embedding(items: list[Item], C: float, wire_weight: float = 0.0) -> dict:
    owner, y = _rows(items)
    V = np.array([v for it in items for v in it.vectors])
    lr = _lr(V, y, C, row_weights(items, wire_weight))
    return {"coef": [round(float(a), 6) for a in lr.coef_[0]], "intercept": round(float(lr.intercept_[0]), 6), "C": C}


def _embedding_oof(items: list[Item], C: float, wire_weight: float) -> list[list[float]]:
    """Out-of-fold embedding logits per item (grouped folds), so the head above the embedding
    learns how far to trust it on sentences it was not fitted on."""
    out: list[list[float]] = [[] for _ in items]
    groups = [it.file for it in items]
    for train, test in group_folds([it.y for it in items], groups, seed=SEED):
        head = fit_embedding([items[k] for k in train], C, wire_weight)
        for k in test:
            out[k] = [embedding_logit({"embedding_head": head}, v) for v in items[k].vectors]
    return out


def fit(items: list[Item], features: tuple[str, ...], C: float, semantic: bool, wire_weight: float = 0.0) -> dict:
    """The rhetoric model on ``items`` (wire items take part when ``wire_weight`` > 0)."""
    if wire_weight <= 0:
        items = [it for it in items if it.split != "wire"]
    model: dict = {}
    if semantic:
        model["embedding_head"] = fit_embedding(items, C, wire_weight)
        for it, logits in zip(items, _embedding_oof(items, C, wire_weight)):
            for row, z in zip(it.rows, logits):
                row["embedding"] = z
    owner, y = _rows(items)
    X = np.array([[r[f] for f in features] for it in items for r in it.rows])
    mean, scale = _scaler(X)
    lr = _lr((X - mean) / scale, y, C, row_weights(items, wire_weight))
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


def cv_scores(items: list[Item], features: tuple[str, ...], C: float, semantic: bool,
              wire_weight: float = 0.0) -> np.ndarray:
    """Out-of-fold scores over grouped folds of ``items`` (fixtures and, when given, wire items)."""
    out = np.zeros(len(items))
    groups = [it.file for it in items]
    for train, test in group_folds([it.y for it in items], groups, seed=SEED):
        model = fit([_copy(items[k]) for k in train], features, C, semantic, wire_weight)
        out[test] = scores(model, [items[k] for k in test])
    return out


def _copy(it: Item) -> Item:
    new = Item(it.split, it.group, it.kind, it.text, [dict(r) for r in it.rows], it.base, it.file)
    new.vectors, new.analysis = it.vectors, it.analysis
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


def wire_share(wire: list[Item], p: np.ndarray, threshold: float) -> float:
    return float(np.mean(decide(wire, p, threshold))) if wire else 0.0


def choose_threshold(items: list[Item], p: np.ndarray, wire: list[Item], pw: np.ndarray) -> tuple[float, dict]:
    """The threshold with the best recall goal on the fixtures' out-of-fold scores ``p`` within the
    bounds: CV precision, every neutral kind, and the share of the wire fit half flagged (its
    out-of-fold scores ``pw``) at most WIRE_CAP."""
    best: tuple = (-1.0, 0.0, {})
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        f = figure(items, decide(items, p, float(t)))
        f["goal"] = round(recall_goal(f), 4)
        f["wire_fit_half_flagged"] = round(wire_share(wire, pw, float(t)), 4)
        if (f["precision"] >= CV_PRECISION and max(f["neutral_flagged_per_kind"].values()) <= MAX_NEUTRAL_KIND
                and f["wire_fit_half_flagged"] <= WIRE_CAP):
            best = max(best, (f["goal"], float(t), f), key=lambda b: b[:2])
    return best[1], best[2]


def cv_figure(items: list[Item], wire: list[Item], features: tuple[str, ...], C: float, semantic: bool,
              wire_weight: float, threshold: float | None = None) -> tuple[float, dict]:
    """Grouped CV over fixtures and the wire fit half together: the threshold (chosen, or the one
    given) and the out-of-fold figure."""
    p = cv_scores(items + wire, features, C, semantic, wire_weight)
    pf, pw = p[:len(items)], p[len(items):]
    if threshold is None:
        return choose_threshold(items, pf, wire, pw)
    f = figure(items, decide(items, pf, threshold))
    if wire:
        f["wire_fit_half_flagged"] = round(wire_share(wire, pw, threshold), 4)
        f["wire_fit_half_kept"] = round(1 - f["wire_fit_half_flagged"], 4)
    return threshold, f


def refit(items: list[Item], wire: list[Item], semantic: bool) -> Path:
    features = lexical_features() + (SEMANTIC_FEATURES if semantic else ())
    tried = []
    grid = "semantic" if semantic else "lexical"
    for ww in WIRE_WEIGHTS[grid]:
        for C in C_GRID[grid]:
            t, f = cv_figure(items, wire, features, C, semantic, ww)
            tried.append((f.get("goal", 0.0), -C, -ww, t, f))
            print(f"  wire weight {ww}, C={C}: threshold {t:.2f}, CV goal {f.get('goal', 0):.3f}, min kind recall "
                  f"{f.get('min_kind_recall', 0):.3f}, recall {f.get('recall', 0):.3f}, "
                  f"precision {f.get('precision', 0):.3f}, wire fit half {f.get('wire_fit_half_flagged', 1):.3f}",
                  flush=True)
    _, C, ww, t, f = max(tried, key=lambda r: r[:3])  # on a tie, the stronger regularisation
    C, ww = -C, -ww
    model = fit([_copy(it) for it in items + wire], features, C, semantic, ww)
    model["threshold"] = t
    model["wire"] = {"weight": ww, "cap": WIRE_CAP, **wire_dataset(),
                     "fit_half_in_sample": wire_rate(wire, model)}
    inside = figure(items, decide(items, scores(model, items), t))
    name = f"opinion_rhetoric_{'semantic' if semantic else 'lexical'}"
    files = split_files("train") + split_files("dev")
    return write_model(name, model, dataset={
        "name": "opinion fixture train (writer A) + dev (writer B)", "path": "tests/fixtures/opinion",
        "sha256": sha256_files(files, REPO), "sentences": len(items)},
        protocol=(f"grouped 5-fold CV over train+dev (a group = one writer's file of one kind) and the METER PA "
                  f"'fit' half (a group = one story), seed {SEED}; wire weight from {list(WIRE_WEIGHTS[grid])}, C "
                  f"from {list(C_GRID[grid])} and the threshold (highest mean of the lowest and the average kind "
                  f"recall) chosen on the out-of-fold scores, with CV precision >= {CV_PRECISION}, no neutral kind "
                  f"flagged above {MAX_NEUTRAL_KIND} and at most {WIRE_CAP:.0%} of the wire fit half's "
                  f"sentences flagged (subjectivity path included); the wire 'report' half and the blind sets "
                  f"take part in no choice"),
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
    ap.add_argument("--split", choices=("blind", "blind2", "blind3"), help="also score a blind set (summary only)")
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
    name = f"opinion_rhetoric_{'semantic' if semantic else 'lexical'}"
    wire_fit = wire_items(semantic, "fit") if (args.fit or args.wire or "wire" in models.load(name)) else []
    if args.fit:
        print(f"fitting ({mode}) on {len(items)} sentences + {len(wire_fit)} wire sentences; "
              f"wrote {refit(items, wire_fit, semantic)}")
        rhetoric_model.cache_clear()
    shipped = models.load(name)
    ww = shipped.get("wire", {}).get("weight", 0.0)
    features, C, threshold = tuple(shipped["features"]), shipped["C"], shipped["threshold"]
    _, cv = cv_figure(items, wire_fit if ww > 0 else [], features, C, semantic, ww, threshold)
    train = [it for it in items if it.split == "train"]
    dev = [it for it in items if it.split == "dev"]
    moved = fit([_copy(it) for it in train + wire_fit], features, C, semantic, ww)
    transfer = figure(dev, decide(dev, scores(moved, dev), threshold))
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
    wire = {"fit_half": wire_rate(wire_fit, shipped), "report_half": wire_rate(wire_items(semantic, "report"), shipped)
            } if args.wire else None
    if wire:
        for half, w in wire.items():
            print(f"PA wire (METER sources), {half.replace('_', ' ')}: {w['sentences']} sentences of {w['stories']} "
                  f"stories without a named speaker: flagged {w['flagged']:.1%} ({w['rhetoric_flagged']:.1%} by the "
                  f"rhetoric model, {w['subjectivity_flagged']:.1%} by the subjectivity path)")
    print(f"mode {mode}; threshold {threshold}; wire weight {ww}; CV wire fit half flagged "
          f"{cv.get('wire_fit_half_flagged', 'n/a (no wire in the fit)')}; shipped file in-sample lowest kind recall "
          f"{inside['min_kind_recall']:.4f} (recorded {recorded:.4f}, drift ok {drift_ok}); targets: recall >= "
          f"{TARGET_RECALL} per kind, precision >= {TARGET_PRECISION}; {time.perf_counter() - t0:.1f} s")
    if args.split and blind is None:
        print(f"{args.split}: tests/fixtures/opinion/{args.split}/ is missing")
    if args.show:
        for it, hit in zip(fresh_items, fresh_calls):
            if hit != it.y:
                print(f"  fresh {'missed' if it.y else 'false '} {it.kind:20s} {it.text}")
    if not args.no_write:
        out = {"command": cmdline(), "mode": mode, "threshold": threshold, "cv": cv,
               "transfer_train_to_dev": transfer, "shipped_in_sample": inside, "recorded": recorded,
               "drift_ok": drift_ok, "fresh": fresh, "pa_wire": wire,
               "targets": {"recall_per_kind": TARGET_RECALL, "precision": TARGET_PRECISION}}
        if blind:
            out[args.split] = blind
            print(update_result(f"opinion_added_{args.split}", mode, {"command": cmdline(), **blind}))
        print(write_result(f"opinion_added_{'semantic' if semantic else 'lexical'}", out))


def wire_half(story: str) -> str:
    """Which fixed half of the METER PA stories a story is in: ``fit`` (neutral evidence in the
    fit and the threshold choice) or ``report`` (only ever reported). A seeded hash of the story id
    (date/catchline), so every sentence of a story falls in one half."""
    digest = hashlib.sha256(f"{WIRE_SALT}:{story}".encode()).digest()
    return "fit" if digest[0] % 2 == 0 else "report"


def wire_texts() -> list[tuple[str, str, str]]:
    """(PA file, story, text) of every distinct METER PA text, in corpus order."""
    seen: dict[str, tuple[str, str, str]] = {}
    for item in meter_items():
        for s in item["sources"]:
            seen.setdefault(s.text, (s.id, meter_story(s.id), s.text))
    return list(seen.values())


def wire_dataset() -> dict:
    """The PA files behind the halves and their SHA-256 (the data is read, never copied)."""
    texts = wire_texts()
    root = METER / "meter_corpus"
    halves = {h: sorted({story for _, story, _ in texts if wire_half(story) == h}) for h in ("fit", "report")}
    return {"name": "METER courts PA copy (wire sentences: no named speaker, not inside a quote)",
            "path": "../shared/data/reuse/meter-courts/meter_corpus/PA",
            "sha256": sha256_files([root / f for f, _, _ in texts], root),
            "halves": f"story = <date>/<catchline> of the PA file; half = 'fit' when the first byte of "
                      f"sha256('{WIRE_SALT}:' + story) is even, else 'report'",
            "stories": {h: len(v) for h, v in halves.items()}}


def wire_items(semantic: bool, half: str) -> list[Item]:
    """One neutral Item per wire sentence of a half (no named speaker, not inside a quote), analysed
    as the product analyses an added sentence; group = its story."""
    from redline.embed import default_embedder
    embedder = default_embedder() if semantic else None
    out = []
    for _, story, text in wire_texts():
        if wire_half(story) != half:
            continue
        quotes = extract_quotes(text)
        for a in analyse_sentences(text, split_sentences(text, ""), None, embedder, quotes, learned=False):
            if not theirs(a, quotes):
                it = Item("wire", "neutral", "wire", a.text, [feature_vector(a)[0]], is_opinion(a), story)
                it.analysis, it.vectors = a, [None]
                out.append(it)
    if embedder is not None:
        for it, v in zip(out, embedder.encode([it.text for it in out])):
            it.vectors = [v]
    return out


def wire_rate(items: list[Item], model: dict) -> dict:
    """Share of wire sentences the finding flags (subjectivity path or rhetoric score >= the
    model's threshold, by the product's scoring function)."""
    hits = [bool(p >= model["threshold"]) for p in scores(model, items)]
    return {"sentences": len(items), "stories": len({it.file for it in items}),
            "rhetoric_flagged": round(sum(hits) / max(len(items), 1), 4),
            "subjectivity_flagged": round(sum(it.base for it in items) / max(len(items), 1), 4),
            "flagged": round(sum(h or it.base for h, it in zip(hits, items)) / max(len(items), 1), 4),
            "kept": round(1 - sum(h or it.base for h, it in zip(hits, items)) / max(len(items), 1), 4)}


def blind_figure(analyser: Comparer, comparer: Comparer, split: str) -> dict | None:
    if not any((FIXTURES / split).glob("opinion_*.txt")):
        return None
    return product_figure(comparer, analyse(analyser, split))[0]


if __name__ == "__main__":
    main()
