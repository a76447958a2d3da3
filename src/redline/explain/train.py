"""Rebuild ``data/opinion_model.json`` from our own sentences (``data/sentences.tsv``).

    python -m redline.explain.train

L2-regularised logistic regression over sentence embeddings, fitted with Newton steps in numpy so
the result is deterministic. Only sentences written for this project are used.
"""
from __future__ import annotations

import json
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


def train_word_model(emb, texts, labels) -> str:
    from .words import WordModel, static_matrix

    table = static_matrix(emb)
    words, y = word_examples(texts, labels)
    vecs = WordModel(table[0], table[1], np.zeros(table[0].shape[1]), 0.0).vectors(words)
    w, b = fit_logistic(vecs, y)
    _write("word_model.json", {"model": "logistic regression over mean all-MiniLM-L6-v2 wordpiece input embeddings",
                               "trained_on": "single words of our lexicons (positives) and content words of our "
                                             "objective sentences (negatives)",
                               "words": len(words), "l2": 1.0, "bias": round(b, 6),
                               "weights": [round(float(v), 6) for v in w]})
    return f"word model: {int(y.sum())} loaded and {int(len(y) - y.sum())} neutral words"


def _write(name: str, data: dict) -> Path:
    out = Path(str(resources.files("redline.explain") / "data" / name))
    out.write_text(json.dumps(data) + "\n", encoding="utf-8")
    return out


def main() -> None:
    from ..embed import default_embedder

    texts, labels = load_sentences()
    emb = default_embedder()
    if not emb.available:
        raise SystemExit(f"redline: error: {emb.error}")
    print(train_word_model(emb, texts, labels))
    vecs = emb.encode(texts)
    w, b = fit_logistic(vecs, labels)
    out = _write("opinion_model.json", {"model": "logistic regression over all-MiniLM-L6-v2 embeddings",
                                        "trained_on": "src/redline/explain/data/sentences.tsv (written for redline)",
                                        "sentences": len(texts), "l2": 1.0, "bias": round(b, 6),
                                        "weights": [round(float(v), 6) for v in w]})
    acc = float(((vecs @ w + b > 0) == (labels > 0.5)).mean())
    print(f"trained on {len(texts)} sentences, training accuracy {acc:.3f}; wrote {out}")


if __name__ == "__main__":
    main()
