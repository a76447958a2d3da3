"""Inverted index of pruned shingles that scores containment exactly, kept up to date incrementally.

Shingles found in more than ``df_limit`` articles are boilerplate (datelines, footers, licence
notices) and are pruned, so they cannot link unrelated stories. The remaining shingles weigh
1/log(1+df): a rare shared phrase says more than a common one. The arrays are saved beside the
database as .npy files (memory-mapped on load).

Incremental: an immutable *base* segment describes the store at one generation; a *delta*
segment describes what changed since (articles added or updated, and tombstones for base
articles removed or replaced), computed from the store's change log. The delta carries the live
document frequency of every shingle whose count or pruning changed, so queries give the same
candidates, shared weights and containment as a full rebuild; the candidate's own total weight
(``reverse``) is patched by differences and may differ from a rebuild in the last float32 bit.
New segment files are written first and ``manifest.json`` is replaced atomically; an index whose
manifest does not match the store (uid, generation, article count, shapes) is rebuilt. When the
delta passes ``DELTA_SHARE`` of the base, or exactness would need postings the base did not keep,
the index is compacted into a new base.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import segments
from .settings import CorpusSettings
from .store import CorpusError, Store

FORMAT = 2
FILES = ("keys", "offsets", "postings", "weights", "pruned", "doc_weight")
BASE_FILES = FILES + ("pruned_counts", "spare_keys", "spare_offsets", "spare_postings")
DELTA_FILES = ("docs", "doc_weight", "keys", "offsets", "postings", "tombs", "changed_keys", "changed_df",
               "patch_docs", "patch_weight")
DELTA_SHARE = 0.1   # compact when more articles than this share of the base changed ...
MIN_DELTA = 1000    # ... and more than this many
SPARE = 2           # pruned shingles keep postings up to SPARE x the limit, so a delta can un-prune them


class Stale(Exception):
    """The index cannot follow the store by a delta; build a new base."""


@dataclass
class Hits:
    docs: np.ndarray         # candidate doc numbers, best first
    shared: np.ndarray       # weighted shingles shared with the query
    containment: np.ndarray  # share of the query's weight found in the candidate
    reverse: np.ndarray      # share of the candidate's weight found in the query


@dataclass
class Delta:
    arrays: dict[str, np.ndarray]
    info: dict  # generation, n_docs, limit, changed, dir

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["arrays"][name]
        except KeyError:
            raise AttributeError(name) from None


def _weight(df: np.ndarray) -> np.ndarray:
    return (1.0 / np.log1p(df)).astype(np.float32)


def _find(keys: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``q`` in the sorted ``keys`` and whether each is there."""
    pos = np.searchsorted(keys, q)
    if not len(keys):
        return pos, np.zeros(len(q), bool)
    return pos, np.asarray(keys)[np.minimum(pos, len(keys) - 1)] == q


def _runs(offsets: np.ndarray, postings: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The postings of the keys at ``pos``, one run after another, and each run's length."""
    offsets = np.asarray(offsets)
    starts = offsets[pos]
    lens = offsets[pos + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, np.int64), lens
    run_start = np.repeat(starts - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
    return np.asarray(postings)[run_start + np.arange(total)].astype(np.int64), lens


def _isin_sorted(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    return _find(sorted_set, values)[1]


class ContainmentIndex:
    # the base arrays (BASE_FILES), set by name in __init__
    keys: np.ndarray
    offsets: np.ndarray
    postings: np.ndarray
    weights: np.ndarray
    pruned: np.ndarray
    doc_weight: np.ndarray
    pruned_counts: np.ndarray
    spare_keys: np.ndarray
    spare_offsets: np.ndarray
    spare_postings: np.ndarray

    def __init__(self, arrays: dict[str, np.ndarray], base: dict, delta: Delta | None = None):
        for name in BASE_FILES:
            setattr(self, name, arrays[name])
        self.arrays = arrays
        self.base = base
        self.delta = delta
        live = delta.info if delta is not None else base
        self.generation = live["generation"]
        self.n_docs = live["n_docs"]
        self.limit = live["limit"]
        if delta is not None:  # the shingles pruned now: the base's, as the delta moved them
            df, keys = np.asarray(delta.changed_df), np.asarray(delta.changed_keys)
            gone = np.setdiff1d(arrays["pruned"], keys[df <= self.limit], assume_unique=True)
            self.pruned = _union(gone, keys[df > self.limit])

    # ------------------------------------------------------------------ full build
    @classmethod
    def build(cls, store: Store, settings: CorpusSettings, partitions: int = 16) -> ContainmentIndex:
        """Sort the postings one hash range at a time, so the peak memory is the raw shingles plus
        1/``partitions`` of the sorting work (the ranges are in hash order, so the result is the same)."""
        with store.snapshot():
            generation, n_docs, uid = store.generation, store.count(), store.uid
            limit = settings.df_limit(n_docs)
            spare = SPARE * limit
            parts = _partitioned(store, partitions)
        pieces = [_sorted_part(parts, p, limit, spare) for p in range(partitions)]
        cat = [np.concatenate([x[k] for x in pieces]) for k in range(8)]
        keys, kept_counts, postings, pruned, pruned_counts, spare_keys, spare_counts, spare_postings = cat
        weights = _weight(kept_counts)
        top = int(postings.max()) + 1 if len(postings) else 1
        doc_weight = np.bincount(postings, weights=np.repeat(weights, kept_counts), minlength=top)
        arrays = {"keys": keys, "offsets": _offsets(kept_counts), "postings": postings.astype(np.int32),
                  "weights": weights, "pruned": pruned, "doc_weight": doc_weight.astype(np.float32),
                  "pruned_counts": pruned_counts.astype(np.int64), "spare_keys": spare_keys,
                  "spare_offsets": _offsets(spare_counts), "spare_postings": spare_postings.astype(np.int32)}
        base = {"generation": generation, "n_docs": n_docs, "limit": limit, "spare_limit": spare, "uid": uid}
        return cls(arrays, base)

    # ------------------------------------------------------------------ open: load, follow, or rebuild
    @classmethod
    def open(cls, store: Store, settings: CorpusSettings, cache: bool = True,
             delta_share: float = DELTA_SHARE, min_delta: int = MIN_DELTA,
             compact: bool = False) -> ContainmentIndex:
        """The index for the store as it is now: the saved one, the saved base with a new delta,
        or (``compact``, too large a delta, or anything amiss) a full rebuild."""
        folder = index_folder(store)
        with store.snapshot():
            generation, count = store.generation, store.count()
            index = cls._load(folder, store, settings) if cache and not compact else None
            if index is not None and index.generation == generation and index.n_docs == count:
                return index
            fresh = None
            if index is not None:
                try:
                    fresh = index.follow(store, settings, delta_share, min_delta)
                except Stale:
                    fresh = None
            if fresh is None:
                fresh = cls.build(store, settings)
        if cache:
            fresh.save(folder, settings)
            if fresh.delta is None:
                _trim_log(store, fresh.base["generation"])
        return fresh

    def follow(self, store: Store, settings: CorpusSettings, delta_share: float = DELTA_SHARE,
               min_delta: int = MIN_DELTA) -> ContainmentIndex:
        """This base with a new delta describing the store as it is now; Stale if it cannot."""
        return ContainmentIndex(self.arrays, self.base, self._delta(store, settings, delta_share, min_delta))

    @classmethod
    def _load(cls, folder: Path, store: Store, settings: CorpusSettings) -> ContainmentIndex | None:
        try:
            m = segments.read_manifest(folder)
            if m.get("format") != FORMAT or m.get("settings") != _key(settings) or m["base"]["uid"] != store.uid:
                return None
            arrays = segments.load_arrays(folder / m["base"]["dir"], BASE_FILES)
            segments.check_base(arrays)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        try:
            delta = None
            if m.get("delta"):
                delta = Delta(segments.load_arrays(folder / m["delta"]["dir"], DELTA_FILES), m["delta"])
                segments.check_delta(delta.arrays)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            delta = None  # the base alone: open() recomputes the delta from the change log
        return cls(arrays, m["base"], delta)

    # ------------------------------------------------------------------ save
    def save(self, folder: Path, settings: CorpusSettings) -> None:
        """New segments first, then the manifest replaced atomically; a kill at any point leaves
        either the old manifest (and its segments) or the new one."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not (self.base.get("dir") and (folder / self.base["dir"]).is_dir()):
                self.base = {**self.base, "dir": segments.write_segment(folder, "base", self.arrays, BASE_FILES)}
            delta_info = None
            if self.delta is not None:
                if not (self.delta.info.get("dir") and (folder / self.delta.info["dir"]).is_dir()):
                    self.delta.info = {**self.delta.info,
                                       "dir": segments.write_segment(folder, "delta", self.delta.arrays, DELTA_FILES)}
                delta_info = self.delta.info
            manifest = {"format": FORMAT, "settings": _key(settings), "generation": self.generation,
                        "n_docs": self.n_docs, "base": self.base, "delta": delta_info}
            previous = segments.named(folder)
            segments.write_manifest(folder, manifest)
            keep = {self.base["dir"], *([delta_info["dir"]] if delta_info else [])}
            segments.clean(folder, keep, previous - keep)
        except OSError:  # a read-only folder or a full disk: the index is only a cache
            pass

    # ------------------------------------------------------------------ the delta
    def _delta(self, store: Store, settings: CorpusSettings, delta_share: float, min_delta: int) -> Delta:
        b = self.base
        start = store.changes_from()
        if start is None or start > b["generation"] or store.uid != b["uid"]:
            raise Stale
        first = store.changes_since(b["generation"])
        if len(first) > max(min_delta, delta_share * b["n_docs"]):
            raise Stale  # compact
        tombs = np.array(sorted(d for d, old in first.items() if old is not None), np.int64)
        current = store.shingles_of(sorted(first))
        docs = np.array(sorted(current), np.int64)
        n_docs = b["n_docs"] - len(tombs) + len(docs)
        if n_docs != store.count():
            raise Stale
        limit = settings.df_limit(n_docs)
        if limit > b["spare_limit"]:
            raise Stale
        old = [np.frombuffer(blob, dtype=np.uint64) for d in tombs.tolist() if (blob := first[d]) is not None]
        tomb_keys, tomb_counts = _runs_of(np.sort(np.concatenate(old)) if old else np.zeros(0, np.uint64))
        dkeys, dcounts, dpostings = _postings_of(docs, [current[d] for d in docs.tolist()])
        changed = _union(tomb_keys, dkeys)
        if limit != b["limit"]:
            changed = _union(changed, self._band(b["limit"], limit))
        where = self._base_lookup(changed)
        df = where["df"] - _count(tomb_keys, tomb_counts, changed) + _count(dkeys, dcounts, changed)
        live = (df >= 1) & (df <= limit)
        if np.any(where["pruned"] & ~where["spare"] & live):
            raise Stale  # a shingle pruned beyond the spare postings is back under the limit
        c_base = np.where(where["kept"], _weight(np.maximum(where["df"], 1)).astype(np.float64), 0.0)
        c_live = np.where(live, _weight(np.maximum(df, 1)).astype(np.float64), 0.0)
        patch_docs, patch_weight = self._patch(changed, where, c_live - c_base, tombs)
        c_delta = c_live[np.searchsorted(changed, dkeys)]
        doc_idx = np.searchsorted(docs, dpostings)
        dw = np.bincount(doc_idx, weights=np.repeat(c_delta, dcounts), minlength=len(docs)).astype(np.float32)
        arrays = {"docs": docs, "doc_weight": dw, "keys": dkeys, "offsets": _offsets(dcounts),
                  "postings": dpostings.astype(np.int32), "tombs": tombs, "changed_keys": changed,
                  "changed_df": df.astype(np.int64), "patch_docs": patch_docs, "patch_weight": patch_weight}
        info = {"generation": store.generation, "n_docs": n_docs, "limit": limit, "changed": len(first)}
        return Delta(arrays, info)

    def _band(self, old_limit: int, new_limit: int) -> np.ndarray:
        """Base shingles whose pruning flips only because the limit moved with the corpus size."""
        if new_limit < old_limit:
            counts = np.diff(np.asarray(self.offsets))
            return np.asarray(self.keys)[(counts > new_limit) & (counts <= old_limit)]
        counts = np.diff(np.asarray(self.spare_offsets))
        return np.asarray(self.spare_keys)[(counts > old_limit) & (counts <= new_limit)]

    def _base_lookup(self, q: np.ndarray) -> dict[str, np.ndarray]:
        """For each key: its base df, whether it was kept, pruned, or pruned with spare postings."""
        pos, kept = _find(self.keys, q)
        ppos, pruned = _find(self.arrays["pruned"], q)
        spos, spare = _find(self.spare_keys, q)
        df = np.zeros(len(q), np.int64)
        offsets = np.asarray(self.offsets)
        df[kept] = offsets[pos[kept] + 1] - offsets[pos[kept]]
        df[pruned] = np.asarray(self.pruned_counts)[ppos[pruned]]
        return {"df": df, "kept": kept, "pos": pos, "pruned": pruned, "spare": spare, "spos": spos}

    def _patch(self, keys: np.ndarray, where: dict, diff: np.ndarray, tombs: np.ndarray):
        """New total weight of each base article holding a shingle whose weight changed."""
        moved = diff != 0
        k = moved & where["kept"]
        s = moved & where["spare"]
        d1, l1 = _runs(self.offsets, self.postings, where["pos"][k])
        d2, l2 = _runs(self.spare_offsets, self.spare_postings, where["spos"][s])
        docs = np.concatenate([d1, d2])
        w = np.concatenate([np.repeat(diff[k], l1), np.repeat(diff[s], l2)])
        keep = ~_isin_sorted(docs, tombs)
        docs, w = docs[keep], w[keep]
        uniq, inv = np.unique(docs, return_inverse=True)
        sums = np.bincount(inv, weights=w, minlength=len(uniq))
        return uniq, (self._base_dw(uniq).astype(np.float64) + sums).astype(np.float32)

    def _base_dw(self, docs: np.ndarray) -> np.ndarray:
        dw = np.asarray(self.doc_weight)
        out = np.zeros(len(docs), np.float32)
        inside = docs < len(dw)
        out[inside] = dw[docs[inside]]
        return out

    # ------------------------------------------------------------------ queries
    def df(self, q: np.ndarray) -> tuple[np.ndarray, dict]:
        """The live document frequency of each query shingle (0: in no stored article)."""
        where = self._base_lookup(q)
        df = where["df"].copy()
        if self.delta is not None:
            cpos, cfound = _find(self.delta.changed_keys, q)
            df[cfound] = np.asarray(self.delta.changed_df)[cpos[cfound]]
        return df, where

    def search(self, q: np.ndarray, k: int = 10, exclude: int | None = None,
               allow: np.ndarray | None = None, internal: bool = False) -> Hits:
        q = np.asarray(q, dtype=np.uint64)
        df, where = self.df(q)
        kept = (df >= 1) & (df <= self.limit)
        # a query not in the index counts itself: every df is one higher with it
        w = _weight(df[kept] if internal else df[kept] + 1)
        total = float(w.sum()) + float((df == 0).sum()) / np.log(2.0)
        docs, owner = self._postings(q, kept, where)
        uniq, inv = np.unique(docs, return_inverse=True)
        shared = np.bincount(inv, weights=w.astype(np.float64)[owner], minlength=len(uniq))
        docs = uniq.astype(np.int64)
        keep = np.ones(len(docs), bool)
        if exclude is not None:
            keep &= docs != exclude
        if allow is not None:
            keep &= allow[np.minimum(docs, len(allow) - 1)] & (docs < len(allow))
        docs, shared = docs[keep], shared[keep]
        order = np.lexsort((docs, -shared))[:k] if k else np.lexsort((docs, -shared))
        docs, shared = docs[order], shared[order]
        dw = self.doc_weights(docs)
        return Hits(docs, shared, shared / max(total, 1e-9), shared / np.maximum(dw, 1e-9))

    def _postings(self, q: np.ndarray, kept: np.ndarray, where: dict) -> tuple[np.ndarray, np.ndarray]:
        """Docs holding each kept query shingle and, for each, the shingle's rank among the kept.
        Every article gets its shingles in key order, as in a full build, so sums round the same."""
        idx = np.flatnonzero(kept)
        in_base = where["kept"][idx]
        docs, lens = _runs(self.offsets, self.postings, where["pos"][idx[in_base]])
        owner = np.repeat(np.flatnonzero(in_base), lens)
        if self.delta is None:
            return docs, owner
        back = ~in_base & where["pruned"][idx]
        if np.any(back & ~where["spare"][idx]):
            raise Stale("a shingle pruned in the base has no postings")  # _delta rules this out
        if np.any(back):
            d2, l2 = _runs(self.spare_offsets, self.spare_postings, where["spos"][idx[back]])
            docs = np.concatenate([docs, d2])
            owner = np.concatenate([owner, np.repeat(np.flatnonzero(back), l2)])
            order = np.argsort(owner, kind="stable")
            docs, owner = docs[order], owner[order]
        live = ~_isin_sorted(docs, np.asarray(self.delta.tombs))
        docs, owner = docs[live], owner[live]
        dpos, dfound = _find(self.delta.keys, q[idx])
        d3, l3 = _runs(self.delta.offsets, self.delta.postings, dpos[dfound])
        return np.concatenate([docs, d3]), np.concatenate([owner, np.repeat(np.flatnonzero(dfound), l3)])

    def doc_weights(self, docs: np.ndarray) -> np.ndarray:
        """Total weight of each article's kept shingles."""
        docs = np.asarray(docs, dtype=np.int64)
        out = self._base_dw(docs)
        if self.delta is not None:
            for name_docs, name_w in (("patch_docs", "patch_weight"), ("docs", "doc_weight")):
                pos, found = _find(getattr(self.delta, name_docs), docs)
                out[found] = np.asarray(getattr(self.delta, name_w))[pos[found]]
        return out


def index_folder(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".index")


def index_status(store: Store) -> dict | None:
    """What the saved index holds, from its manifest (nothing is built or checked): None if none."""
    try:
        m = segments.read_manifest(index_folder(store))
        delta = m.get("delta") or {}
        return {"base_articles": m["base"]["n_docs"], "base_generation": m["base"]["generation"],
                "delta_changed": delta.get("changed", 0), "generation": m["generation"],
                "current": m["generation"] == store.generation}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _key(settings: CorpusSettings) -> list:
    return [settings.shingle, settings.max_df, settings.max_df_share]


def _offsets(counts: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def _count(keys: np.ndarray, counts: np.ndarray, q: np.ndarray) -> np.ndarray:
    pos, found = _find(keys, q)
    out = np.zeros(len(q), np.int64)
    out[found] = counts[pos[found]]
    return out


def _postings_of(docs: np.ndarray, arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted unique keys, their counts, and the docs holding each (in doc order), key after key."""
    h = np.concatenate(arrays) if arrays else np.zeros(0, np.uint64)
    d = np.repeat(docs, [len(a) for a in arrays]) if arrays else np.zeros(0, np.int64)
    order = np.argsort(h, kind="stable")
    keys, counts = _runs_of(h[order])
    return keys, counts, d[order].astype(np.int64)


def _runs_of(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of a sorted array and how often each occurs (np.unique without re-sorting)."""
    if not len(h):
        return h, np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate([[True], h[1:] != h[:-1]]))
    return h[starts], np.diff(np.concatenate([starts, [len(h)]])).astype(np.int64)


def _union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Union of two sorted unique arrays, sorted."""
    return _runs_of(np.sort(np.concatenate([a, b]), kind="stable"))[0]


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


def _sorted_part(parts: list, p: int, limit: int, spare: int):
    chunks, parts[p] = parts[p], None  # free the raw chunks as each range is done
    h = np.concatenate([c[0] for c in chunks]) if chunks else np.zeros(0, np.uint64)
    d = np.concatenate([c[1] for c in chunks]) if chunks else np.zeros(0, np.int32)
    del chunks
    order = np.argsort(h, kind="stable")  # stable: postings stay in doc order
    h, d = h[order], d[order]
    del order
    keys, counts = np.unique(h, return_counts=True)
    keep = counts <= limit
    spare_keep = ~keep & (counts <= spare)
    return (keys[keep], counts[keep], d[np.repeat(keep, counts)], keys[~keep], counts[~keep],
            keys[spare_keep], counts[spare_keep], d[np.repeat(spare_keep, counts)])


def _trim_log(store: Store, generation: int) -> None:
    """Drop change-log rows the new base already holds; skipped (not waited for) when busy."""
    try:
        timeout = store.db.execute("PRAGMA busy_timeout").fetchone()[0]
        store.db.execute("PRAGMA busy_timeout = 0")
        try:
            if store.has_log:
                store.trim_changes(generation)
        finally:
            store.db.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    except (sqlite3.Error, CorpusError):
        pass
