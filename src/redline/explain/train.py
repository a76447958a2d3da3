"""Rebuild the opinion model and the loaded-word model from our own sentences (``data/sentences.tsv``)
and lexicons, and write them as model files (``opinion.json``, ``loaded_words.json``; docs/models.md)
into the folder given. The shipped ones are ``src/redline/models``; nothing is written into the
installed package unless that folder is named.

    python -m redline.explain.train --out src/redline/models

L2-regularised logistic regression over sentence embeddings, fitted with Newton steps in numpy so
the result is deterministic. Only sentences written for this project are used.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time
from importlib import resources
from pathlib import Path

import numpy as np


def load_sentences() -> tuple[list[str], np.ndarray]:
    path = resources.files("redline.explain") / "data" / "sentences.tsv"
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        texts.append(text.strip())
        labels.append(1.0 if label == "subjective" else 0.0)
    return texts, np.asarray(labels)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> tuple[np.ndarray, float]:
    x1 = np.hstack([x, np.ones((len(x), 1))]).astype(np.float64)
    w = np.zeros(x1.shape[1])
    reg = np.full(x1.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x1 @ w)))
        grad = x1.T @ (p - y) + reg * w
        hess = (x1 * (p * (1 - p))[:, None]).T @ x1 + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def word_examples(texts: list[str], labels: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Positives: single words of our loaded lexicons; negatives: content words of our objective
    sentences and neutral titles / reporting verbs."""
    from ..text.normalise import STOPWORDS, tokens
    from .lexicon import default_lexicon

    lex = default_lexicon()
    pos = {e.words[0].rstrip("*") for e in lex.entries
           if e.kind in ("loaded", "label", "evaluative", "intensifier") and len(e.words) == 1 and e.weight >= 0.4}
    neg = {t.norm for text, y in zip(texts, labels) if y == 0 for t in tokens(text)
           if t.norm.isalpha() and t.norm not in STOPWORDS}
    neg |= {e.words[0] for e in lex.entries if e.kind in ("title", "reporting") and e.weight < 0.3}
    neg -= pos
    words = sorted(pos) + sorted(neg)
    return words, np.r_[np.ones(len(pos)), np.zeros(len(neg))]


COMMAND = "python -m redline.explain.train --out src/redline/models"


def _dataset(name: str) -> dict:
    path = resources.files("redline.explain") / "data" / "sentences.tsv"
    return {"name": name, "path": "src/redline/explain/data/sentences.tsv",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "lexicons": "src/redline/explain/lexicons"}


def _model_file(name: str, model: str, w: np.ndarray, b: float, accuracy: float, protocol: str, dataset: dict,
                prefix: str, **extra) -> dict:
    return {"name": name, "kind": "logistic", "model": model, "features": [f"{prefix}{i}" for i in range(len(w))],
            "coef": [round(float(v), 6) for v in w], "intercept": round(b, 6), "l2": 1.0, **extra,
            "dataset": dataset, "protocol": protocol,
            "figure": {"name": "training accuracy (in-sample)", "value": round(accuracy, 4)},
            "command": COMMAND, "fitted": time.strftime("%Y-%m-%d", time.gmtime())}


def train_word_model(emb, texts, labels, out: Path) -> str:
    from .words import WordModel, static_matrix

    table = static_matrix(emb)
    words, y = word_examples(texts, labels)
    vecs = WordModel(table[0], table[1], np.zeros(table[0].shape[1]), 0.0).vectors(words)
    w, b = fit_logistic(vecs, y)
    acc = float(((vecs @ w + b > 0) == (y > 0.5)).mean())
    _write(out, _model_file(
        "loaded_words", "logistic regression over mean all-MiniLM-L6-v2 wordpiece input embeddings", w, b, acc,
        "L2-regularised logistic regression (Newton steps, deterministic) over each word's mean wordpiece input "
        "embedding; read at explain.words.THRESHOLD; scored through the framing benches (bench/framing_wnc.py, "
        "bench/framing_babe.py word recall)",
        _dataset("single words of redline's loaded lexicons (positives) and content words of its objective "
                 "sentences (negatives)"), "minilm_input_", words=len(words)))
    return f"word model: {int(y.sum())} loaded and {int(len(y) - y.sum())} neutral words, training accuracy {acc:.3f}"


def _write(out: Path, data: dict) -> Path:
    from .. import models
    models.check(data, data["name"])
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{data['name']}.json"
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    from ..embed import default_embedder

    ap = argparse.ArgumentParser(prog="python -m redline.explain.train")
    ap.add_argument("--out", type=Path, required=True, help="folder to write opinion.json and loaded_words.json")
    args = ap.parse_args(argv)
    texts, labels = load_sentences()
    emb = default_embedder()
    if not emb.available:
        raise SystemExit(f"redline: error: {emb.error}")
    print(train_word_model(emb, texts, labels, args.out))
    vecs = emb.encode(texts)
    w, b = fit_logistic(vecs, labels)
    acc = float(((vecs @ w + b > 0) == (labels > 0.5)).mean())
    path = _write(args.out, _model_file(
        "opinion", "logistic regression over all-MiniLM-L6-v2 embeddings", w, b, acc,
        "L2-regularised logistic regression (Newton steps, deterministic) over all-MiniLM-L6-v2 sentence embeddings "
        "of every sentence in the dataset; its held-out use is as an input of the framing heads "
        "(bench/framing_checkthat.py, bench/framing_transfer.py)",
        _dataset("redline's own sentences, written for the project"), "minilm_", sentences=len(texts)))
    print(f"trained on {len(texts)} sentences, training accuracy {acc:.3f}; wrote {path}")


if __name__ == "__main__":
    main()
