"""Incremental index vs full rebuild: add a batch of new articles to an indexed corpus and re-query.

Per size N: a corpus of N generated articles (bench/gen_corpus.py) is added and indexed (the base);
then the next ``--batch`` articles of the same generator run (new copies of old stories, new stories)
are added, and the index is brought up to date two ways, side by side on the same store:
  * incremental: ``ContainmentIndex.open`` writes a delta segment and a new manifest;
  * full rebuild: ``ContainmentIndex.open(..., compact=True)`` builds and saves a new base (what
    every change cost before).
Both answer the same queries (new and old articles, top 10); the benchmark checks that the docs and
shared weights are identical and reports the largest difference in ``reverse``. Also: reopening
the saved incremental index in a new process (load), and the store-side ``corpus add`` time for
the batch (the same for both). With ``--more K``, K further batches are then added one at a time
after the side-by-side (from the base the rebuild saved), each followed by an incremental refresh:
the refresh time as the delta grows
(the delta is recomputed against the base, so it grows with all changes since the last compaction;
past 10% of the base, and 1,000 articles, the index compacts).

    python bench/corpus_incremental.py --sizes 10000 100000 --batch 500 --more 9
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cmdline, table, write_result  # noqa: E402
from gen_corpus import generate  # noqa: E402

from redline.corpus import Corpus  # noqa: E402
from redline.corpus.index import ContainmentIndex  # noqa: E402


def write_jsonl(path: Path, arts: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps(a) + "\n")


def run_queries(index, store, docs: list[int]) -> tuple[list, list[float]]:
    out, times = [], []
    for d in docs:
        q = store.shingles(d)
        t0 = time.perf_counter()
        hits = index.search(q, k=10, exclude=d, internal=True)
        times.append(time.perf_counter() - t0)
        out.append(hits)
    return out, times


def _load_child(db: str, out) -> None:
    corpus = Corpus(db, create=False)
    t0 = time.perf_counter()
    index = ContainmentIndex.open(corpus.store, corpus.settings)
    out.put({"seconds": time.perf_counter() - t0, "has_delta": index.delta is not None})


def load_in_child(db: Path) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_load_child, args=(str(db), q))
    p.start()
    result = q.get()
    p.join()
    return result


def compare(a: list, b: list) -> dict:
    same_docs = all(np.array_equal(x.docs, y.docs) for x, y in zip(a, b))
    same_shared = all(np.array_equal(x.shared, y.shared) and np.array_equal(x.containment, y.containment)
                      for x, y in zip(a, b))
    rev = max((float(np.max(np.abs(x.reverse - y.reverse) / np.maximum(y.reverse, 1e-12)))
               for x, y in zip(a, b) if len(y.reverse)), default=0.0)
    return {"same_docs": same_docs, "same_shared_and_containment": same_shared, "max_reverse_rel_diff": rev}


def ms(values: list[float], p: float) -> float:
    return round(float(np.percentile(values, p)) * 1000, 3)


def grow(corpus, tmp: Path, batches: list[list[dict]]) -> list[dict]:
    out = []
    for k, arts in enumerate(batches):
        write_jsonl(tmp / f"more{k}.jsonl", arts)
        corpus.add([tmp / f"more{k}.jsonl"])
        t0 = time.perf_counter()
        index = ContainmentIndex.open(corpus.store, corpus.settings)
        out.append({"articles": len(corpus), "refresh_s": round(time.perf_counter() - t0, 3),
                    "delta_changed": index.delta.info["changed"] if index.delta is not None else 0,
                    "compacted": index.delta is None})
    return out


def run_size(n: int, batch: int, n_queries: int, seed: int, more: int = 0) -> dict:
    arts, _ = generate(n + batch * (1 + more), seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_jsonl(tmp / "base.jsonl", arts[:n])
        write_jsonl(tmp / "new.jsonl", arts[n:n + batch])
        extra = [arts[n + batch * (k + 1):n + batch * (k + 2)] for k in range(more)]
        new_ids = [a["id"] for a in arts[n:n + batch]]
        old_ids = [a["id"] for a in arts[:n]]
        del arts
        db = tmp / "corpus.db"
        corpus = Corpus(db)
        corpus.add([tmp / "base.jsonl"])
        t0 = time.perf_counter()
        base = ContainmentIndex.open(corpus.store, corpus.settings)
        base_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = corpus.add([tmp / "new.jsonl"])
        add_s = time.perf_counter() - t0
        rng = np.random.default_rng(seed)
        picked = sorted(rng.choice(new_ids, min(n_queries, len(new_ids)), replace=False).tolist()) + \
            sorted(rng.choice(old_ids, n_queries, replace=False).tolist())
        docs = [corpus.store.lookup(i) for i in picked]
        docs = [d for d in docs if d is not None]

        t0 = time.perf_counter()
        inc = ContainmentIndex.open(corpus.store, corpus.settings)
        inc_s = time.perf_counter() - t0
        inc_hits, inc_t = run_queries(inc, corpus.store, docs)
        load = load_in_child(db)

        t0 = time.perf_counter()
        full = ContainmentIndex.open(corpus.store, corpus.settings, compact=True)
        full_s = time.perf_counter() - t0
        full_hits, full_t = run_queries(full, corpus.store, docs)
        growth = grow(corpus, tmp, extra)  # from the base the full rebuild just saved
        corpus.close()
    assert inc.delta is not None and full.delta is None and base.delta is None
    return {"articles": n, "batch": batch, "added": report.added, "duplicates": report.duplicates,
            "base_build_s": round(base_s, 3), "add_batch_s": round(add_s, 3),
            "incremental_index_s": round(inc_s, 3), "full_rebuild_s": round(full_s, 3),
            "speedup": round(full_s / inc_s, 1), "reopen_incremental_s": round(load["seconds"], 3),
            "delta_changed": inc.delta.info["changed"], "delta_changed_keys": int(len(inc.delta.changed_keys)),
            "delta_patched_docs": int(len(inc.delta.patch_docs)),
            "queries": len(docs),
            "query_ms_incremental": {"p50": ms(inc_t, 50), "p95": ms(inc_t, 95)},
            "query_ms_full": {"p50": ms(full_t, 50), "p95": ms(full_t, 95)},
            "agreement": compare(inc_hits, full_hits), "growth": growth}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--more", type=int, default=0, help="further batches, each followed by a refresh")
    args = ap.parse_args()
    results, rows = {}, []
    for n in args.sizes:
        r = run_size(n, args.batch, args.queries, args.seed, args.more)
        results[str(n)] = r
        print(json.dumps(r, indent=1), flush=True)
        rows.append((n, args.batch, r["add_batch_s"], r["incremental_index_s"], r["full_rebuild_s"],
                     r["speedup"], r["reopen_incremental_s"], r["query_ms_incremental"]["p95"],
                     r["query_ms_full"]["p95"],
                     r["agreement"]["same_docs"] and r["agreement"]["same_shared_and_containment"]))
    print(table(rows, ("articles", "batch", "add s", "incremental s", "full rebuild s", "speedup",
                       "reopen s", "q p95 ms inc", "q p95 ms full", "identical")))
    for n, r in results.items():
        if r["growth"]:
            print(f"{n}: refresh s as the delta grows:",
                  ", ".join(f"{g['delta_changed']}:{g['refresh_s']}" + (" (compacted)" if g["compacted"] else "")
                            for g in r["growth"]))
    print("wrote", write_result("corpus_incremental", {"command": cmdline(), "seed": args.seed, "sizes": results}))


if __name__ == "__main__":
    main()
