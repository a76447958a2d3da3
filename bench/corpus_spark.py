"""`clusters` on the local engine and on Apache Spark, side by side, on the synthetic corpus.

Per size: the corpus from bench/gen_corpus.py is added once; then each engine clusters it in a
fresh process (spawned, so neither inherits the other's memory): local with ``--workers``
processes, Spark in local mode (``--master``, default local[2]). Reported: wall time (Spark's
session start-up apart from the clustering itself), peak memory (the driver's Python process;
for Spark also the JVM and the largest Python worker), the number of candidate edges and of
star-contraction rounds, ARI against the generator's stories, and whether both engines gave
every article the same cluster id. On one 2-core machine Spark is expected to be slower: it pays
for a JVM, Python workers and shuffles; what it buys is that the same steps run on a cluster.

    python bench/corpus_spark.py --sizes 10000
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cmdline, table, write_result  # noqa: E402
from corpus_scale import cluster_quality, vm_hwm_mb  # noqa: E402
from gen_corpus import generate  # noqa: E402

from redline.corpus import Corpus  # noqa: E402


def _hwm_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


def _local_child(db: str, workers: int, verify: bool, out) -> None:
    corpus = Corpus(db, create=False, workers=workers)
    start = time.perf_counter()
    groups = corpus.clusters(verify=verify, engine="local")
    seconds = time.perf_counter() - start
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out.put({"seconds": seconds, "clusters_seconds": seconds, "startup_seconds": 0.0,
             "driver_peak_mb": vm_hwm_mb(), "worker_peak_mb": kids, "assignment": _assignment(corpus, groups)})


def _spark_child(db: str, master: str, verify: bool, out) -> None:
    from redline.engines.spark import SparkExecutor
    start = time.perf_counter()
    executor = SparkExecutor(master)
    spark = executor.spark
    started = time.perf_counter()
    corpus = Corpus(db, create=False)
    groups = corpus.clusters(verify=verify, engine=executor)
    done = time.perf_counter()
    jvm = int(spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid())
    workers = _descendants(jvm)
    result = {"seconds": done - start, "startup_seconds": started - start, "clusters_seconds": done - started,
              "driver_peak_mb": vm_hwm_mb(), "jvm_peak_mb": _hwm_mb(jvm),
              "worker_peak_mb": max((_hwm_mb(p) for p in workers), default=0.0),
              "python_workers": len(workers), "rounds": executor.rounds, "assignment": _assignment(corpus, groups)}
    executor.close()
    out.put(result)


def _assignment(corpus: Corpus, groups: list[dict]) -> dict[str, str]:
    """Article id -> cluster id, duplicate texts (stored once, as aliases) included."""
    out = {m: g["cluster"] for g in groups for m in g["members"]}
    for alias, doc in corpus.store.db.execute("SELECT id, doc FROM aliases"):
        out[alias] = out[corpus.store.ids([doc])[doc]]
    return out


def in_child(target, *args) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    result = q.get()
    p.join()
    return result


def count_edges(db: Path) -> int:
    from redline.corpus.clusters import candidate_edges
    from redline.engines import LocalExecutor
    with Corpus(db, create=False) as corpus:
        return len(candidate_edges(corpus.store, corpus.settings, LocalExecutor(1)))


def run_size(n: int, seed: int, workers: int, master: str, verify: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        arts, truth = generate(n, seed)
        jsonl = Path(tmp) / "articles.jsonl"
        with open(jsonl, "w", encoding="utf-8") as fh:
            for a in arts:
                fh.write(json.dumps(a) + "\n")
        del arts
        db = Path(tmp) / "corpus.db"
        with Corpus(db) as corpus:
            corpus.add([jsonl])
        edges = count_edges(db)
        local = in_child(_local_child, str(db), workers, verify)
        spark = in_child(_spark_child, str(db), master, verify)
    same = local["assignment"] == spark["assignment"]
    out = {"articles": n, "candidate_edges": edges, "verify": verify, "identical_clusters": same,
           "clusters": len(set(local["assignment"].values()))}
    for name, res in (("local", local), ("spark", spark)):
        assignment = res.pop("assignment")
        out[name] = {**{k: round(v, 2) if isinstance(v, float) else v for k, v in res.items()},
                     **cluster_quality(assignment, truth)}
    out["local"]["workers"] = workers
    out["spark"]["master"] = master
    out["spark_over_local"] = {"seconds": round(spark["seconds"] / local["seconds"], 1),
                               "clusters_seconds": round(spark["clusters_seconds"] / local["clusters_seconds"], 1)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2, help="local engine processes")
    ap.add_argument("--master", default="local[2]", help="Spark master")
    ap.add_argument("--verify", action="store_true", help="also verify every edge with the full comparison")
    args = ap.parse_args()
    results, rows = {}, []
    for n in args.sizes:
        r = run_size(n, args.seed, args.workers, args.master, args.verify)
        results[str(n)] = r
        print(json.dumps(r, indent=1), flush=True)
        for name in ("local", "spark"):
            e = r[name]
            rows.append((n, name, e["seconds"], e["startup_seconds"], e["clusters_seconds"], e["driver_peak_mb"],
                         e.get("jvm_peak_mb", 0.0), e["worker_peak_mb"], e["ari"], r["identical_clusters"]))
    print(table(rows, ("articles", "engine", "total s", "start-up s", "clusters s", "driver MB", "JVM MB",
                       "worker MB", "ARI", "identical")))
    data = {"command": cmdline(), "seed": args.seed, "cpus": os.cpu_count(), "sizes": results,
            "note": "one machine, 2 cores shared with other work: Spark's overhead (JVM, Python workers, "
                    "shuffles) is not repaid here; the engine exists so that the same steps run on a cluster"}
    print("wrote", write_result("corpus_spark", data))


if __name__ == "__main__":
    main()
