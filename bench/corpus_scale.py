"""Corpus scale on the synthetic generator (bench/gen_corpus.py), side by side with datasketch MinHashLSH.

Per size: `corpus add` throughput (lexical only, one JSON Lines file), index build, `trace` latency
p50/p95 (retrieval alone and with verification), recall of each copy's true parent by copy kind
(verbatim / light / heavy paraphrase / wire update), beside the same trace with the origin decision
switched off (``CorpusSettings.origin = False``: most similar candidate first, today's ranking
before issue 14), `clusters` time, peak memory, ARI and pairwise precision against the stories, and a
plain datasketch MinHashLSH (128 perms) over the same word-3-gram shingles, unpruned: insert time,
query time and recall at the same top-k. Also:
  * false-source rate: copies of held-out stories (a share of the stories is left out of the corpus
    whole) traced against the corpus: any source listed is false; and copies whose parent alone was
    left out (its other copies stay: siblings): a source that is not one of the copy's ancestors is false;
  * lineage edge precision and recall against the truth's parent edges, on sampled stories, drawn from
    the clusters the timed clustering run saved (its time is the lineage alone);
  * misses the text cannot decide (``misses_text_ties``): the chosen source holds all the article's text
    its true parent holds, so no word prefers the parent; and parent_or_tied@1: the parent first or among
    the candidates trace itself says the article's text cannot tell from the first (``tied_with``).
Each timed pass of traces starts with redline's in-process caches emptied (``cold_caches``); traces
are timed by the clock and by this process's CPU time (on a shared machine the load changes between
passes, CPU time much less so).
1M is projected from the measured growth between the two largest sizes (log-log slope), and
labelled a projection.

    python bench/corpus_scale.py --sizes 10000 100000 --queries 200
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cmdline, table, write_result  # noqa: E402
from gen_corpus import generate  # noqa: E402

from redline.corpus import Corpus  # noqa: E402
from redline.model import Article  # noqa: E402


def rss_mb() -> float:
    return vm_hwm_mb()


def vm_hwm_mb() -> float:
    """Peak resident memory of this process image (VmHWM; unlike ru_maxrss it is not inherited
    from the parent across fork and exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clusters_child(db: str, workers: int, out) -> None:
    corpus = Corpus(db, workers=workers)
    start = time.perf_counter()
    groups = corpus.clusters()
    seconds = time.perf_counter() - start
    assignment = {m: g["cluster"] for g in groups for m in g["members"]}
    for alias, doc in corpus.store.db.execute("SELECT id, doc FROM aliases"):
        assignment[alias] = assignment[corpus.store.ids([doc])[doc]]
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out.put({"seconds": seconds, "peak_mb": vm_hwm_mb(), "worker_peak_mb": kids, "assignment": assignment})


def _index_child(db: str, out) -> None:
    from redline.corpus.index import ContainmentIndex
    corpus = Corpus(db, create=False)
    start = time.perf_counter()
    ContainmentIndex.build(corpus.store, corpus.settings)
    out.put({"seconds": time.perf_counter() - start, "peak_mb": vm_hwm_mb()})


def index_build_in_child(db: Path) -> dict:
    """Index build time and peak memory in a fresh process, apart from the benchmark's own data."""
    q = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=_index_child, args=(str(db), q))
    p.start()
    result = q.get()
    p.join()
    return {k: round(v, 2) for k, v in result.items()}


def clusters_in_child(db: Path, workers: int) -> dict:
    q = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=_clusters_child, args=(str(db), workers, q))
    p.start()
    result = q.get()
    p.join()
    return result


def cold_caches(corpus: Corpus) -> None:
    """Empty redline's in-process caches (sentence features, word grams, dates, word frequencies) so
    that each timed pass over the queries starts cold: a second pass would otherwise find every
    candidate already featurised and look faster than it is."""
    for name, module in list(sys.modules.items()):
        if name.startswith("redline"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    corpus.store._df_cache = {}


def cluster_quality(assignment: dict, truth: dict) -> dict:
    from sklearn.metrics import adjusted_rand_score
    from sklearn.metrics.cluster import pair_confusion_matrix
    ids = sorted(truth)
    gold = [truth[i]["story"] for i in ids]
    pred = [assignment[i] for i in ids]
    (tn, fp), (fn, tp) = pair_confusion_matrix(gold, pred)
    prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"ari": round(float(adjusted_rand_score(gold, pred)), 4), "pairwise_precision": round(float(prec), 4),
            "pairwise_recall": round(float(rec), 4),
            "pairwise_f1": round(float(2 * prec * rec / max(prec + rec, 1e-9)), 4)}


def recall_table(found: dict[str, list[str]], truth: dict, queries: list[str],
                 tied: dict[str, list[str]] | None = None) -> dict:
    """parent@1 and @5, same_story@1 by copy kind; with ``tied`` (each query's first source's ``tied_with``),
    also parent_or_tied@1: the parent first, or among the candidates the article's text cannot tell from
    the first."""
    out: dict = {}
    for kind in ("verbatim", "light", "heavy", "update", "all"):
        qs = [q for q in queries if kind == "all" or truth[q]["kind"] == kind]
        if not qs:
            continue
        at1 = sum(1 for q in qs if found[q][:1] == [truth[q]["parent"]])
        at5 = sum(1 for q in qs if truth[q]["parent"] in found[q][:5])
        story = sum(1 for q in qs if found[q][:1] and truth.get(found[q][0], {}).get("story") == truth[q]["story"])
        out[kind] = {"queries": len(qs), "parent@1": round(at1 / len(qs), 4), "parent@5": round(at5 / len(qs), 4),
                     "same_story@1": round(story / len(qs), 4)}
        if tied is not None:
            both = sum(1 for q in qs if truth[q]["parent"] in found[q][:1] + tied.get(q, []))
            out[kind]["parent_or_tied@1"] = round(both / len(qs), 4)
    return out


def hold_out(arts: list[dict], truth: dict, rng, count: int) -> dict:
    """Leave ``count`` stories with copies out of the corpus whole (their copies are traced as articles
    without a source here), and for ``count`` other stories only one copy and its wire parent (the
    wire's other copies stay: siblings without their origin)."""
    by_story: dict[str, list[str]] = {}
    for i, t in truth.items():
        by_story.setdefault(t["story"], []).append(i)
    spread = sorted(s for s, m in by_story.items() if len(m) >= 3)
    picked = rng.choice(spread, min(2 * count, len(spread)), replace=False).tolist()
    by_id = {a["id"]: a for a in arts}
    left_out, queries = set(), {}
    for k, sid in enumerate(sorted(picked)):
        copies = sorted(i for i in by_story[sid] if truth[i]["parent"] == f"{sid}-w0")
        if not copies or (k % 2 and f"{sid}-w1" in truth):
            continue  # a wire's later version stays a version of the left-out parent: only its copies stay
        q = copies[int(rng.integers(0, len(copies)))]
        if k % 2 == 0:
            left_out.update(by_story[sid])
            queries[q] = {**by_id[q], "held_out": "story"}
        else:
            left_out.update((q, f"{sid}-w0"))
            queries[q] = {**by_id[q], "held_out": "parent"}
    return {"left_out": left_out, "queries": queries}


def sample_stories(truth: dict, rng, count: int) -> list[str]:
    sizes: dict[str, int] = {}
    for t in truth.values():
        sizes[t["story"]] = sizes.get(t["story"], 0) + 1
    spread = sorted(s for s, n in sizes.items() if 3 <= n <= 40)
    return sorted(rng.choice(spread, min(count, len(spread)), replace=False).tolist())


def pct(values: list[float], p: float) -> float:
    return round(float(np.percentile(values, p)) * 1000, 2)


def ancestors(aid: str, truth: dict) -> set[str]:
    out, todo = set(), [p["id"] for p in truth[aid]["parents"]]
    while todo:
        x = todo.pop()
        if x in truth and x not in out:
            out.add(x)
            todo += [p["id"] for p in truth[x]["parents"]]
    return out


def false_sources(corpus: Corpus, held: dict[str, dict], truth: dict) -> dict:
    """Traces of articles whose source is not in the corpus: a listed source that is not one of the
    article's ancestors is false (``held``: id -> article, kind "story" or "parent" left out)."""
    out = {}
    for kind in ("story", "parent"):
        items = [(i, a) for i, a in held.items() if a["held_out"] == kind]
        false = 0
        for aid, a in items:
            art = Article(aid, a["text"], title=a["title"], date=a["date"], outlet=a["outlet"],
                          meta={"outlet_kind": a["outlet_kind"]})
            res = corpus.trace(art, top=5)
            false += any(s["id"] not in ancestors(aid, truth) for s in res["sources"])
        out[kind] = {"queries": len(items), "false_source_rate": round(false / max(len(items), 1), 4)}
    return out


def lineage_edges(corpus: Corpus, truth: dict, stories: list[str]) -> dict:
    """Edge precision and recall of `lineage` against the truth's parent edges, on the given stories."""
    members: dict[str, list[str]] = {}
    for i, t in truth.items():
        members.setdefault(t["story"], []).append(i)
    drawn = right = wanted = 0
    start = time.perf_counter()
    for sid in stories:
        first = next((m for m in sorted(members[sid]) if corpus.store.lookup(m) is not None), None)
        if first is None:
            continue
        graph, _ = corpus.lineage(first, explain=False)
        ids = {n["id"] for n in graph["nodes"]}
        truth_edges = {(p["id"], c) for c in ids if c in truth for p in truth[c]["parents"] if p["id"] in ids}
        edges = {(e["source"], e["target"]) for e in graph["edges"]}
        drawn += len(edges)
        wanted += len(truth_edges)
        right += len(edges & truth_edges)
    return {"stories": len(stories), "edges": drawn, "truth_edges": wanted,
            "precision": round(right / max(drawn, 1), 4), "recall": round(right / max(wanted, 1), 4),
            "seconds": round(time.perf_counter() - start, 2)}


def text_ties(corpus: Corpus, found: dict[str, list[str]], truth: dict, queries: list[str]) -> dict:
    """Misses the text cannot decide: the chosen source holds all of the article's text that its true parent
    holds (fewer than the origin decision's margin of the article's unpruned shingles are the parent's
    alone), so nothing in the words prefers the parent (an agency's versions the copy kept none of the
    update of, a merged copy that kept none of the origin's text the other copy lacks)."""
    from redline.corpus.origin import margin_of
    pruned = corpus.index.pruned

    def kept(aid: str) -> np.ndarray:
        sh = corpus.store.shingles(corpus.store.lookup(aid))
        return np.setdiff1d(sh, pruned, assume_unique=False)

    out: dict = {}
    for q in queries:
        top = found[q][:1]
        if top == [truth[q]["parent"]] or not top:
            continue
        art = kept(q)
        only = np.setdiff1d(np.intersect1d(art, kept(truth[q]["parent"])), kept(top[0]))
        if len(only) < margin_of(len(art)):
            for kind in (truth[q]["kind"], "all"):
                out[kind] = out.get(kind, 0) + 1
    return out


def run_redline(db: Path, jsonl: Path, queries: list[str], truth: dict, held: dict) -> dict:
    corpus = Corpus(db)
    start = time.perf_counter()
    report = corpus.add([jsonl])
    add_s = time.perf_counter() - start
    start = time.perf_counter()
    _ = corpus.index  # built here, timed
    index_s = time.perf_counter() - start
    corpus._index = None
    start = time.perf_counter()
    _ = corpus.index  # from the saved .npy files, memory-mapped
    load_s = time.perf_counter() - start
    retrieval_t, trace_t, trace_cpu, found_idx, found, tied = [], [], [], {}, {}, {}
    cold_caches(corpus)
    for q in queries:
        doc = corpus.store.lookup(q)
        t0 = time.perf_counter()
        hits = corpus.index.search(corpus.store.shingles(doc), k=5, exclude=doc, internal=True)
        retrieval_t.append(time.perf_counter() - t0)
        ids = corpus.store.ids(hits.docs)
        found_idx[q] = [ids[int(d)] for d in hits.docs]
        t0, c0 = time.perf_counter(), time.process_time()
        res = corpus.trace(q, top=5)
        trace_t.append(time.perf_counter() - t0)
        trace_cpu.append(time.process_time() - c0)
        found[q] = [s["id"] for s in res["sources"]]
        tied[q] = res["sources"][0].get("tied_with", []) if res["sources"] else []
    baseline = replace(corpus.settings, origin=False)
    default, corpus.settings = corpus.settings, baseline
    found_old, old_t, old_cpu = {}, [], []
    cold_caches(corpus)
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        found_old[q] = [s["id"] for s in corpus.trace(q, top=5)["sources"]]
        old_t.append(time.perf_counter() - t0)
        old_cpu.append(time.process_time() - c0)
    corpus.settings = default
    false = false_sources(corpus, held, truth)
    ties = text_ties(corpus, found, truth, queries)
    stats = corpus.stats()
    corpus.close()
    return {"articles": report.seen, "add_seconds": round(add_s, 2),
            "add_articles_per_s": round(report.seen / add_s, 1), "index_build_s": round(index_s, 2),
            "index_load_s": round(load_s, 3), "db_mb": round(stats["bytes"] / 1e6, 1),
            "retrieval_ms": {"p50": pct(retrieval_t, 50), "p95": pct(retrieval_t, 95)},
            "trace_ms": {"p50": pct(trace_t, 50), "p95": pct(trace_t, 95)},
            "recall_trace": recall_table(found, truth, queries, tied),
            "recall_index_only": recall_table(found_idx, truth, queries),
            "recall_most_similar_first": recall_table(found_old, truth, queries),
            "trace_ms_most_similar_first": {"p50": pct(old_t, 50), "p95": pct(old_t, 95)},
            "trace_cpu_ms": {"p50": pct(trace_cpu, 50), "p95": pct(trace_cpu, 95)},
            "trace_cpu_ms_most_similar_first": {"p50": pct(old_cpu, 50), "p95": pct(old_cpu, 95)},
            "misses_text_ties": ties, "false_sources": false, "rss_mb": round(rss_mb(), 1)}


def run_lineage(db: Path, truth: dict, stories: list[str]) -> dict:
    """Lineage on the clusters the clustering child saved (the same generation: not clustered again)."""
    corpus = Corpus(db, create=False)
    try:
        return lineage_edges(corpus, truth, stories)
    finally:
        corpus.close()


def run_datasketch(db: Path, queries: list[str], truth: dict, threshold: float) -> dict:
    from datasketch import MinHash, MinHashLSH
    corpus = Corpus(db, create=False)
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sigs = {}
    start = time.perf_counter()
    for doc_nums, arrays in corpus.store.iter_shingles():
        ids = corpus.store.ids(doc_nums)
        for d, sh in zip(doc_nums, arrays):
            m = MinHash(num_perm=128, seed=1)
            m.update_batch([x.tobytes() for x in sh])
            sigs[ids[int(d)]] = m
            lsh.insert(ids[int(d)], m)
    insert_s = time.perf_counter() - start
    times, found = [], {}
    for q in queries:
        t0 = time.perf_counter()
        cands = sorted((-sigs[q].jaccard(sigs[c]), c) for c in lsh.query(sigs[q]) if c != q)
        times.append(time.perf_counter() - t0)
        found[q] = [c for _, c in cands[:5]]
    corpus.close()
    return {"threshold": threshold, "insert_seconds": round(insert_s, 2),
            "insert_articles_per_s": round(len(sigs) / insert_s, 1),
            "query_ms": {"p50": pct(times, 50), "p95": pct(times, 95)},
            "recall": recall_table(found, truth, queries)}


def project(sizes: list[int], results: dict, target: int = 1_000_000) -> dict:
    a, b = sizes[-2], sizes[-1]
    ra, rb = results[str(a)], results[str(b)]
    out = {"from_sizes": [a, b], "projection": True}
    for name, get in (("add_seconds", lambda r: r["redline"]["add_seconds"]),
                      ("index_build_s", lambda r: r["redline"]["index_build_s"]),
                      ("trace_p95_ms", lambda r: r["redline"]["trace_ms"]["p95"]),
                      ("retrieval_p95_ms", lambda r: r["redline"]["retrieval_ms"]["p95"]),
                      ("clusters_seconds", lambda r: r["clusters"]["seconds"]),
                      ("clusters_peak_mb", lambda r: r["clusters"]["peak_mb"]),
                      ("clusters_worker_peak_mb", lambda r: r["clusters"]["worker_peak_mb"]),
                      ("index_build_peak_mb", lambda r: r["redline"]["index_build_child"]["peak_mb"]),
                      ("db_mb", lambda r: r["redline"]["db_mb"])):
        va, vb = max(get(ra), 1e-6), max(get(rb), 1e-6)
        slope = float(np.log(vb / va) / np.log(b / a))
        out[name] = {"value": round(vb * (target / b) ** slope, 1), "growth_exponent": round(slope, 2)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--lsh-threshold", type=float, default=0.3)
    ap.add_argument("--held-out", type=int, default=50,
                    help="stories left out whole (and as many with only the parent left out)")
    ap.add_argument("--lineage-stories", type=int, default=30)
    ap.add_argument("--name", default="corpus_scale",
                    help="results file under bench/results/ (another name keeps the committed figures)")
    args = ap.parse_args()
    results, rows = {}, []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            arts, truth = generate(n, args.seed)
            rng = np.random.default_rng(args.seed)
            held = hold_out(arts, truth, rng, args.held_out)
            jsonl = Path(tmp) / "articles.jsonl"
            with open(jsonl, "w", encoding="utf-8") as fh:
                for a in arts:
                    if a["id"] not in held["left_out"]:
                        fh.write(json.dumps(a) + "\n")
            del arts
            truth_in = {i: t for i, t in truth.items() if i not in held["left_out"]}
            copies = sorted(i for i, t in truth_in.items() if t["parent"] in truth_in)
            queries = sorted(rng.choice(copies, min(args.queries, len(copies)), replace=False).tolist())
            stories = sample_stories(truth_in, rng, args.lineage_stories)
            db = Path(tmp) / "corpus.db"
            red = run_redline(db, jsonl, queries, truth, held["queries"])
            red["index_build_child"] = index_build_in_child(db)
            clu = clusters_in_child(db, args.workers)
            red["lineage_edges"] = run_lineage(db, truth, stories)
            quality = cluster_quality(clu.pop("assignment"), truth_in)
            clu = {**{k: round(v, 2) for k, v in clu.items()}, **quality, "workers": args.workers}
            ds = run_datasketch(db, queries, truth_in, args.lsh_threshold)
        results[str(n)] = {"redline": red, "clusters": clu, "datasketch_lsh": ds}
        old = red["recall_most_similar_first"]
        rows.append((n, red["add_articles_per_s"], red["retrieval_ms"]["p95"], red["trace_ms"]["p50"],
                     red["trace_ms"]["p95"], red["recall_trace"]["all"]["parent@1"],
                     red["recall_trace"].get("heavy", {}).get("parent@1", float("nan")),
                     red["recall_trace"]["all"]["parent_or_tied@1"],
                     red["misses_text_ties"].get("all", 0), old["all"]["parent@1"],
                     old.get("heavy", {}).get("parent@1", float("nan")),
                     red["false_sources"]["story"]["false_source_rate"],
                     red["false_sources"]["parent"]["false_source_rate"],
                     red["lineage_edges"]["precision"], red["lineage_edges"]["recall"],
                     ds["recall"]["all"]["parent@1"], ds["recall"].get("heavy", {}).get("parent@1", float("nan")),
                     ds["query_ms"]["p95"], clu["seconds"], clu["peak_mb"], clu["ari"]))
        print(json.dumps(results[str(n)], indent=1), flush=True)
    print(table(rows, ("articles", "add/s", "retr p95 ms", "trace p50", "trace p95", "parent@1",
                       "heavy@1", "parent or tied@1", "misses: text ties", "old parent@1", "old heavy@1",
                       "false (story out)", "false (parent out)",
                       "lineage P", "lineage R", "LSH parent@1", "LSH heavy@1", "LSH q p95 ms", "clusters s",
                       "peak MB", "ARI")))
    data = {"command": cmdline(), "seed": args.seed, "queries": args.queries, "sizes": results}
    if len(args.sizes) >= 2:
        data["projection_1m"] = project(args.sizes, results)
        print("1M (projection from measured growth):", json.dumps(data["projection_1m"]))
    print("wrote", write_result(args.name, data))


if __name__ == "__main__":
    main()
