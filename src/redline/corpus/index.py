"""Inverted index of pruned shingles that scores containment exactly.

Shingles found in more than ``df_limit`` articles are boilerplate (datelines, footers, licence
notices) and are pruned, so they cannot link unrelated stories. The remaining shingles weigh
1/log(1+df): a rare shared phrase says more than a common one. The index lives in numpy arrays,
saved beside the database as .npy files (memory-mapped on load) and rebuilt when the store's
generation changes.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .settings import CorpusSettings
from .store import Store

FILES = ("keys", "offsets", "postings", "weights", "pruned", "doc_weight")


@dataclass
class Hits:
    docs: np.ndarray         # candidate doc numbers, best first
    shared: np.ndarray       # weighted shingles shared with the query
    containment: np.ndarray  # share of the query's weight found in the candidate
    reverse: np.ndarray      # share of the candidate's weight found in the query


class ContainmentIndex:
    def __init__(self, arrays: dict[str, np.ndarray], generation: int, n_docs: int, limit: int):
        self.keys = arrays["keys"]
        self.offsets = arrays["offsets"]
        self.postings = arrays["postings"]
        self.weights = arrays["weights"]
        self.pruned = arrays["pruned"]
        self.doc_weight = arrays["doc_weight"]
        self.generation = generation
        self.n_docs = n_docs
        self.limit = limit

    # ------------------------------------------------------------------ build / load
    @classmethod
    def build(cls, store: Store, settings: CorpusSettings, partitions: int = 16) -> "ContainmentIndex":
        """Sort the postings one hash range at a time, so the peak memory is the raw shingles plus
        1/``partitions`` of the sorting work (the ranges are in hash order, so the result is the same)."""
        generation = store.generation
        n_docs = store.count()
        limit = settings.df_limit(n_docs)
        parts = _partitioned(store, partitions)
        pieces = [_sorted_part(parts, p, limit) for p in range(partitions)]
        keys = np.concatenate([x[0] for x in pieces])
        kept_counts = np.concatenate([x[1] for x in pieces])
        postings = np.concatenate([x[2] for x in pieces]) if pieces else np.zeros(0, np.int32)
        pruned = np.concatenate([x[3] for x in pieces])
        weights = (1.0 / np.log1p(kept_counts)).astype(np.float32)
        top = int(postings.max()) + 1 if len(postings) else 1
        doc_weight = np.bincount(postings, weights=np.repeat(weights, kept_counts), minlength=top)
        arrays = {"keys": keys, "offsets": np.concatenate([[0], np.cumsum(kept_counts)]).astype(np.int64),
                  "postings": postings, "weights": weights, "pruned": pruned,
                  "doc_weight": doc_weight.astype(np.float32)}
        return cls(arrays, generation, n_docs, limit)

    @classmethod
    def open(cls, store: Store, settings: CorpusSettings, cache: bool = True) -> "ContainmentIndex":
        folder = index_folder(store)
        if cache:
            loaded = cls._load(folder, store.generation, settings)
            if loaded is not None:
                return loaded
        index = cls.build(store, settings)
        if cache:
            index.save(folder, settings)
        return index

    @classmethod
    def _load(cls, folder: Path, generation: int, settings: CorpusSettings):
        try:
            info = json.loads((folder / "index.json").read_text())
            if info.get("generation") != generation or info.get("settings") != _key(settings):
                return None
            arrays = {n: np.load(folder / f"{n}.npy", mmap_mode="r") for n in FILES}
        except (OSError, ValueError):
            return None
        return cls(arrays, generation, info["n_docs"], info["limit"])

    def save(self, folder: Path, settings: CorpusSettings) -> None:
        tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            for n in FILES:
                np.save(tmp / f"{n}.npy", np.asarray(getattr(self, n)))
            (tmp / "index.json").write_text(json.dumps({"generation": self.generation, "n_docs": self.n_docs,
                                                        "limit": self.limit, "settings": _key(settings)}))
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        except OSError:  # a read-only folder or a full disk: the index is only a cache
            shutil.rmtree(tmp, ignore_errors=True)

    # ------------------------------------------------------------------ queries
    def query_weights(self, q: np.ndarray, internal: bool) -> tuple[np.ndarray, np.ndarray, float]:
        """Positions of the query's indexed shingles and the query's total (unpruned) weight."""
        q = np.asarray(q, dtype=np.uint64)
        pos = np.searchsorted(self.keys, q)
        pos_c = np.minimum(pos, max(len(self.keys) - 1, 0))
        found = (pos < len(self.keys)) & (self.keys[pos_c] == q) if len(self.keys) else np.zeros(len(q), bool)
        if len(self.pruned):
            pp = np.minimum(np.searchsorted(self.pruned, q), len(self.pruned) - 1)
            is_pruned = self.pruned[pp] == q
        else:
            is_pruned = np.zeros(len(q), bool)
        kp = pos[found]
        # shingles the index has never seen occur only in the query: df 1 counting the query itself
        unseen = ~found & ~is_pruned
        w = np.asarray(self.weights)[kp]
        if not internal:  # the query is not in the index, so every df is one higher with it
            df = np.rint(np.expm1(1.0 / w.astype(np.float64)))
            w = (1.0 / np.log1p(df + 1.0)).astype(np.float32)
        total = float(w.sum()) + float(unseen.sum()) / np.log(2.0)
        return kp, w, total

    def search(self, q: np.ndarray, k: int = 10, exclude: int | None = None,
               allow: np.ndarray | None = None, internal: bool = False) -> Hits:
        kp, w, total = self.query_weights(q, internal)
        docs, shared = self._accumulate(kp, w)
        keep = np.ones(len(docs), bool)
        if exclude is not None:
            keep &= docs != exclude
        if allow is not None:
            keep &= allow[np.minimum(docs, len(allow) - 1)] & (docs < len(allow))
        docs, shared = docs[keep], shared[keep]
        order = np.lexsort((docs, -shared))[:k] if k else np.lexsort((docs, -shared))
        docs, shared = docs[order], shared[order]
        dw = np.asarray(self.doc_weight)[docs]
        return Hits(docs, shared, shared / max(total, 1e-9), shared / np.maximum(dw, 1e-9))

    def _accumulate(self, kp: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        starts = np.asarray(self.offsets)[kp]
        lens = np.asarray(self.offsets)[kp + 1] - starts
        total = int(lens.sum())
        if total == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float64)
        run_start = np.repeat(starts - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
        idx = run_start + np.arange(total)
        docs = np.asarray(self.postings)[idx]
        uniq, inv = np.unique(docs, return_inverse=True)
        shared = np.bincount(inv, weights=np.repeat(w.astype(np.float64), lens))
        return uniq.astype(np.int64), shared


def index_folder(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".index")


def _key(settings: CorpusSettings) -> list:
    return [settings.shingle, settings.max_df, settings.max_df_share]


def _partitioned(store: Store, partitions: int) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """(hashes, docs) of every stored shingle, split by the top bits of the hash, in doc order."""
    shift = np.uint64(64 - max(1, int(np.log2(partitions))))
    parts: list[list] = [[] for _ in range(partitions)]
    for doc_nums, arrays in store.iter_shingles():
        h = np.concatenate(arrays) if arrays else np.zeros(0, np.uint64)
        d = np.repeat(doc_nums.astype(np.int32), [len(a) for a in arrays])
        top = (h >> shift).astype(np.int64) if partitions > 1 else np.zeros(len(h), np.int64)
        order = np.argsort(top, kind="stable")
        bounds = np.searchsorted(top[order], np.arange(partitions + 1))
        h, d = h[order], d[order]
        for p in range(partitions):
            parts[p].append((h[bounds[p]:bounds[p + 1]], d[bounds[p]:bounds[p + 1]]))
    return parts


def _sorted_part(parts: list, p: int, limit: int):
    chunks, parts[p] = parts[p], None  # free the raw chunks as each range is done
    h = np.concatenate([c[0] for c in chunks]) if chunks else np.zeros(0, np.uint64)
    d = np.concatenate([c[1] for c in chunks]) if chunks else np.zeros(0, np.int32)
    del chunks
    order = np.argsort(h, kind="stable")  # stable: postings stay in doc order
    h, d = h[order], d[order]
    del order
    keys, counts = np.unique(h, return_counts=True)
    keep = counts <= limit
    return keys[keep], counts[keep], d[np.repeat(keep, counts)], keys[~keep]
