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
    def build(cls, store: Store, settings: CorpusSettings) -> "ContainmentIndex":
        generation = store.generation
        hashes, docs = [], []
        for doc_nums, arrays in store.iter_shingles():
            hashes.extend(arrays)
            docs.append(np.repeat(doc_nums, [len(a) for a in arrays]))
        n_docs = store.count()
        limit = settings.df_limit(n_docs)
        all_h = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
        all_d = np.concatenate(docs) if docs else np.zeros(0, np.int64)
        del hashes, docs
        order = np.argsort(all_h, kind="stable")  # stable: postings stay in doc order
        all_h, all_d = all_h[order], all_d[order].astype(np.int32)
        del order
        keys, counts = np.unique(all_h, return_counts=True)
        keep = counts <= limit
        postings = all_d[np.repeat(keep, counts)]
        del all_h, all_d
        kept_counts = counts[keep]
        weights = (1.0 / np.log1p(kept_counts)).astype(np.float32)
        top = int(postings.max()) + 1 if len(postings) else 1
        doc_weight = np.bincount(postings, weights=np.repeat(weights, kept_counts), minlength=top)
        arrays = {"keys": keys[keep], "offsets": np.concatenate([[0], np.cumsum(kept_counts)]).astype(np.int64),
                  "postings": postings, "weights": weights, "pruned": keys[~keep],
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
