"""METER courts: document derivation level (3-class and binary) and word-level reuse spans.

Each newspaper text is compared with ALL PA texts of its story folder as several sources.
Learned parts are cross-validated (5 folds, stratified, seed 0): the derivation classifier
(multinomial logistic regression on the product's document features, the same form as the
model shipped in src/redline/align/models.py) and the reused-word model (logistic regression on
the product's per-word features, with its probability threshold chosen on the training folds).
``--fit`` refits both on all texts and prints the numbers to pin in the product.

    python bench/meter.py [--semantic] [--fit] [--no-write]
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from common import accuracy, cmdline, folds, macro_f1, meter_items, prf, table, update_result

from redline.align.models import MODEL_FEATURES
from redline.align.settings import Settings
from redline.align.words import quoted, reused_probability, word_covers, word_features
from redline.pipeline import Comparer, body_features

CLASSES = ("wholly", "partially", "non")
TO_BENCH = {"wholly": "wholly", "partially": "partially", "none": "non"}
WORD_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def run_all(items, comparer: Comparer) -> list[dict]:
    out = []
    for x in items:
        if not x["sources"]:  # one METER text lists no PA file: nothing to derive from
            out.append({"id": x["id"], "label": x["label"], "feats": None, "product": "non",
                        "gold_words": _gold_words(x, None), "words": None})
            continue
        c = comparer.compare(sources=x["sources"], derived=x["derived"])
        d_feats = list(body_features(c.derived))
        s_feats = [f for s in c.sources for f in body_features(s)]
        cover = word_covers(d_feats, s_feats)
        words = {"X": word_features(d_feats, s_feats, list(c.derived_sentences), cover, quoted(d_feats)),
                 "cover2": cover[2], "cover3": cover[3]}
        out.append({"id": x["id"], "label": x["label"], "feats": dict(c.features),
                    "product": TO_BENCH[c.derivation], "gold_words": _gold_words(x, d_feats),
                    "words": words})
    return out


def _gold_words(x, d_feats) -> np.ndarray | None:
    """Reused (Verbatim or Rewrite) flag of each product token, from the .aat character spans."""
    if x["spans"] is None:
        return None
    text = x["derived"].text
    if d_feats is None:
        from redline.text.normalise import tokens
        toks = tokens(text)
    else:
        toks = [t for f in d_feats for t in f.toks]
    label = np.zeros(len(text) + 1, dtype=np.int8)
    for name, a, b in x["spans"]:
        label[a:b] = 1 if name in ("Verbatim", "Rewrite") else 0
    return np.array([label[t.start] == 1 for t in toks], dtype=bool)


def feature_matrix(rows, names) -> np.ndarray:
    return np.array([[r["feats"][k] if r["feats"] else 0.0 for k in names] for r in rows])


def classifier():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))


def cv_predict(X: np.ndarray, y: list[str], seed: int = 0) -> list[str]:
    pred = np.empty(len(y), dtype=object)
    for train, test in folds(y, seed=seed):
        pred[test] = classifier().fit(X[train], np.array(y)[train]).predict(X[test])
    return list(pred)


def doc_scores(gold: list[str], pred: list[str]) -> dict:
    derived = [g != "non" for g in gold]
    p_derived = [p != "non" for p in pred]
    bp, br, bf = prf(derived, p_derived, True)
    per = {c: dict(zip(("p", "r", "f1"), prf(gold, pred, c))) for c in CLASSES}
    return {"macro_f1": macro_f1(gold, pred, CLASSES), "accuracy": accuracy(gold, pred),
            "binary_f1": bf, "binary_p": bp, "binary_r": br, "per_class": per}


def word_model():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))


def _word_rows(rows) -> list[dict]:
    return [r for r in rows if r["gold_words"] is not None]


def _word_matrix(rows) -> tuple[np.ndarray, np.ndarray]:
    width = next(r["words"]["X"].shape[1] for r in rows if r["words"])
    X = [r["words"]["X"] if r["words"] else np.zeros((len(r["gold_words"]), width)) for r in rows]
    return np.vstack(X), np.concatenate([r["gold_words"] for r in rows])


def _prf_words(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float, int]:
    tp = float((gold & pred).sum())
    P, R = tp / max(pred.sum(), 1), tp / max(gold.sum(), 1)
    return P, R, (2 * P * R / (P + R) if P + R else 0.0), int(len(gold))


def fit_words(rows):
    """The word model and its threshold (best F1 on these rows' own words)."""
    X, y = _word_matrix(rows)
    model = word_model().fit(X, y)
    p = model.predict_proba(X)[:, 1]
    best = max(WORD_THRESHOLDS, key=lambda t: (round(_prf_words(y, p >= t)[2], 6), -t))
    return model, best


def cv_word_scores(rows) -> tuple[dict, list]:
    """Fit the word model and its threshold on 4 folds of the annotated texts, score the 5th."""
    ann = _word_rows(rows)
    chosen, gold, pred = [], [], []
    for train, test in folds([r["label"] for r in ann]):
        model, t = fit_words([ann[i] for i in train])
        chosen.append(t)
        X, y = _word_matrix([ann[i] for i in test])
        gold.append(y)
        pred.append(model.predict_proba(X)[:, 1] >= t)
    P, R, F, n = _prf_words(np.concatenate(gold), np.concatenate(pred))
    return {"p": P, "r": R, "f1": F, "words": n, "docs": len(ann)}, chosen


def shipped_word_scores(rows, settings: Settings) -> dict:
    X, y = _word_matrix(_word_rows(rows))
    return dict(zip(("p", "r", "f1", "words"), _prf_words(y, reused_probability(X) >= settings.reused_word)))


def word_baseline(rows, n: int) -> tuple[float, float, float]:
    gold = np.concatenate([r["gold_words"] for r in rows if r["gold_words"] is not None])
    pred = np.concatenate([r["words"][f"cover{n}"] if r["words"] else np.zeros(len(r["gold_words"]), bool)
                           for r in rows if r["gold_words"] is not None])
    tp = float((gold & pred).sum())
    P, R = tp / max(pred.sum(), 1), tp / max(gold.sum(), 1)
    return P, R, 2 * P * R / (P + R)


def print_word_model(rows) -> None:
    model, t = fit_words(_word_rows(rows))
    scaler, lr = model[0], model[1]
    fmt = lambda v: "(" + ", ".join(f"{float(a):.4f}" for a in v) + ",)"  # noqa: E731
    print("\n# pin in src/redline/align/models.py (and Settings.reused_word)")
    print(f"WORD_MEAN = {fmt(scaler.mean_)}")
    print(f"WORD_SCALE = {fmt(scaler.scale_)}")
    print(f"WORD_COEF = {fmt(lr.coef_[0])}")
    print(f"WORD_INTERCEPT = {float(lr.intercept_[0]):.4f}")
    print(f"reused_word = {t}")


def fit_and_print(X: np.ndarray, y: list[str]) -> None:
    model = classifier().fit(X, np.array(y))
    scaler, lr = model[0], model[1]
    order = [list(lr.classes_).index(c) for c in CLASSES]
    fmt = lambda v: "(" + ", ".join(f"{float(a):.4f}" for a in v) + ",)"  # noqa: E731
    print("\n# pin in src/redline/align/models.py")
    print(f"MODEL_MEAN = {fmt(scaler.mean_)}")
    print(f"MODEL_SCALE = {fmt(scaler.scale_)}")
    print("MODEL_COEF = (" + ",\n              ".join(fmt(lr.coef_[i]) for i in order) + ")")
    print(f"MODEL_INTERCEPT = {fmt(lr.intercept_[order])}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--semantic", action="store_true", help="use sentence embeddings as well")
    ap.add_argument("--fit", action="store_true", help="refit the shipped numbers on all texts")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--dump", help="pickle the per-text rows here for analysis")
    args = ap.parse_args()
    settings = Settings()
    items = meter_items()
    comparer = Comparer(settings, semantic=args.semantic, explain=False)
    if args.semantic and comparer.embedder is None:
        sys.exit("bench: --semantic needs the embedding model: " + "; ".join(comparer.notes))
    t0 = time.perf_counter()
    rows = run_all(items, comparer)
    seconds = time.perf_counter() - t0
    if args.dump:
        import pickle
        with open(args.dump, "wb") as fh:
            pickle.dump(rows, fh)
    y = [r["label"] for r in rows]

    X = feature_matrix(rows, MODEL_FEATURES)
    model_cv = doc_scores(y, cv_predict(X, y))
    base_cv = doc_scores(y, cv_predict(feature_matrix(rows, ["containment3"]), y))
    shipped = doc_scores(y, [r["product"] for r in rows])
    words_cv, chosen = cv_word_scores(rows)
    words_shipped = shipped_word_scores(rows, settings)
    base_words = {f"cover{n}": dict(zip(("p", "r", "f1"), word_baseline(rows, n))) for n in (2, 3)}

    mode = "lexical+semantic" if args.semantic else "lexical"
    print(f"METER courts, {len(rows)} newspaper texts vs all PA texts of their story ({mode}, "
          f"{seconds:.1f} s to align)\n")
    print(table([
        ("redline model, 5-fold CV", model_cv["macro_f1"], model_cv["accuracy"], model_cv["binary_f1"]),
        ("redline shipped model (fit on all: in-sample)", shipped["macro_f1"], shipped["accuracy"],
         shipped["binary_f1"]),
        ("word 3-gram containment, 5-fold CV", base_cv["macro_f1"], base_cv["accuracy"], base_cv["binary_f1"]),
    ], ("document level", "3-class macro-F1", "3-class acc", "derived-vs-not F1")))
    print()
    print(table([
        ("redline reused words, word model 5-fold CV", words_cv["p"], words_cv["r"], words_cv["f1"]),
        ("redline reused words, shipped model (fit on all: in-sample)", words_shipped["p"],
         words_shipped["r"], words_shipped["f1"]),
        ("baseline: word in a shared 2-gram", *base_words["cover2"].values()),
        ("baseline: word in a shared 3-gram", *base_words["cover3"].values()),
    ], (f"word level, reused vs new ({words_cv['docs']} .aat texts, {words_cv['words']} words)",
        "P", "R", "F1")))
    print(f"\nword-model threshold chosen per fold: {chosen}")
    if args.fit:
        print_word_model(rows)
        fit_and_print(X, y)
    if not args.no_write:
        path = update_result("meter", mode, {
            "command": cmdline(), "mode": mode, "texts": len(rows), "align_seconds": round(seconds, 2),
            "model_features": list(MODEL_FEATURES), "cv": "5-fold stratified, seed 0",
            "document_cv": model_cv, "document_shipped_in_sample": shipped,
            "document_baseline_containment3_cv": base_cv,
            "words_cv": words_cv, "words_cv_threshold_per_fold": chosen,
            "words_shipped": words_shipped, "words_baselines": base_words,
            "targets": {"macro_f1": 0.75, "span_f1": 0.85}})
        print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
