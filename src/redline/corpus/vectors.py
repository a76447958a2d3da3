"""Semantic stage: one vector per article (the mean of its leading sentence embeddings) in a
usearch HNSW index, for copies paraphrased too heavily for word shingles to find."""
from __future__ import annotations

import numpy as np

from ..text.sentences import split_sentences
from .store import Store


def article_vectors(embedder, articles, sentences: int = 12) -> list[np.ndarray | None]:
    texts, owners = [], []
    for k, art in enumerate(articles):
        for s in split_sentences(art.text, art.id)[:sentences]:
            texts.append(s.text)
            owners.append(k)
    out: list[np.ndarray | None] = [None] * len(articles)
    if not texts:
        return out
    vecs = embedder.encode(texts)
    owners_arr = np.array(owners)
    for k in range(len(articles)):
        rows = vecs[owners_arr == k]
        if len(rows):
            v = rows.mean(axis=0)
            out[k] = (v / max(np.linalg.norm(v), 1e-9)).astype(np.float32)
    return out


class VectorIndex:
    def __init__(self, docs: np.ndarray, vecs: np.ndarray):
        self.docs = docs
        self.vecs = vecs
        self.index = None
        if len(docs):
            try:
                from usearch.index import Index
            except ImportError:  # exact search in numpy: slower, same answers
                return
            self.index = Index(ndim=vecs.shape[1], metric="cos", dtype="f32")
            self.index.add(docs, vecs)

    @classmethod
    def from_store(cls, store: Store) -> VectorIndex:
        return cls(*store.vectors())

    def __len__(self) -> int:
        return len(self.docs)

    def search(self, vec: np.ndarray, k: int, exclude: int | None = None) -> list[tuple[int, float]]:
        if not len(self.docs) or vec is None:
            return []
        if self.index is not None:
            found = self.index.search(vec.astype(np.float32), k + 1)
            pairs = [(int(d), 1.0 - float(dist)) for d, dist in zip(found.keys, found.distances)]
        else:
            sims = self.vecs @ vec
            top = np.argsort(-sims, kind="stable")[:k + 1]
            pairs = [(int(self.docs[i]), float(sims[i])) for i in top]
        return [(d, s) for d, s in pairs if d != exclude][:k]
