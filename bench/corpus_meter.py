"""METER source retrieval and story clustering through `redline.Corpus`.

All 660 PA texts and all newspaper texts go into one corpus (PA texts get outlet "PA").
Dates come from METER's own metadata (``--dates meter``, the default): a PA text is dated by the
time stamp in its wire header (e.g. "11:49 02/11/99"); a newspaper text by its folder's date plus
one day, because METER's readme (PA/readme.txt) says the PA copy of a day "was available for use in
court stories that appeared in the next day's newspapers". ``--dates folder`` gives every text its
folder's date (PA and newspapers the same day), to show what the ranking does without that.
For each wholly/partially derived newspaper text, `trace` must rank a PA text of its own story
folder first. Reported side by side on the same queries:
  * redline trace restricted to PA sources (--source-outlet PA; the task as the issue measured it),
  * redline trace over the whole corpus (other newspapers compete as sources), and the same with
    `--print-editions` (METER's newspapers are print editions: those of one day cannot copy each other),
  * the containment index alone (before verification),
  * brute-force exact word-3-gram containment, datasketch MinHash (128 perms) Jaccard ranking,
    datasketch MinHashLSH (128 perms) at two thresholds.
False-source rate: non-derived texts whose top PA source has confidence >= 0.5 (PA sources only), and
non-derived texts for which the whole-corpus trace lists any PA source with confidence >= 0.5; beside
it, the share of derived texts whose right PA source is ranked first with that confidence.
Clustering: story folders as gold; adjusted Rand index and pairwise F1.

    python bench/corpus_meter.py [--semantic] [--limit N] [--dates meter|folder] [--show]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import METER, clean_pa, clean_paper, cmdline, need, table, write_result  # noqa: E402

from redline.corpus import Corpus  # noqa: E402
from redline.model import Article  # noqa: E402
from redline.text import words  # noqa: E402


def story(path: str) -> tuple[str, str]:
    parts = Path(path).parts
    return parts[-3], parts[-2]


STAMP = re.compile(r"(\d{1,2}):(\d{2}) (\d{2})/(\d{2})/(\d{2})")


def day(folder_date: str, plus: int = 0) -> date:
    d, m, y = (int(x) for x in folder_date.split("."))
    return date(2000 + y if y < 50 else 1900 + y, m, d) + timedelta(days=plus)


def iso(folder_date: str) -> str:
    return day(folder_date).isoformat()


def pa_date(raw: str, folder_date: str, dates: str) -> str:
    m = STAMP.search(raw)
    if dates == "folder" or m is None:
        return iso(folder_date)
    hh, mm, d, mo, y = m.groups()
    return f"{day(f'{d}.{mo}.{y}').isoformat()}T{int(hh):02d}:{mm}"


def paper_date(folder_date: str, dates: str) -> str:
    return iso(folder_date) if dates == "folder" else day(folder_date, 1).isoformat()


def load(dates: str = "meter") -> tuple[list[Article], dict[str, str]]:
    need(METER)
    root = METER / "meter_corpus"
    arts = []
    for p in sorted((root / "PA" / "rawtexts" / "courts").rglob("*.txt")):
        if p.name == "readme.txt":
            continue
        rel = str(p.relative_to(root))
        raw = p.read_bytes().decode("latin-1")
        arts.append(Article(rel, clean_pa(raw), outlet="PA", date=pa_date(raw, story(rel)[0], dates)))
    labels = {}
    with open(METER / "pairs_index.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            labels[row["newspaper_file"]] = row["label"].split("_")[0]
    for p in sorted((root / "newspapers" / "rawtexts" / "courts").rglob("*.txt")):
        if p.name == "readme.txt":
            continue
        rel = str(p.relative_to(root))
        paper = p.stem.split("_")[-1]
        arts.append(Article(rel, clean_paper(p.read_bytes().decode("latin-1")), outlet=paper,
                            date=paper_date(story(rel)[0], dates)))
    return arts, labels


def rank_of(ids: list[list[str]], own: tuple) -> int | None:
    """1-based rank of the first hit that is a PA text of the story; each hit may carry aliases."""
    for k, names in enumerate(ids, 1):
        if any(n.startswith("PA/") and story(n) == own for n in names):
            return k
    return None


def metrics(ranks: list[int | None]) -> dict:
    n = len(ranks)
    return {"queries": n, "recall@1": sum(r == 1 for r in ranks) / n,
            "recall@5": sum(r is not None and r <= 5 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n}


def misses(queries: list[str], ranks: list, traced: list) -> list[dict]:
    return [{"query": q, "rank": r, "top": [s["id"] for s in t["sources"][:3]]}
            for q, r, t in zip(queries, ranks, traced) if r != 1]


def confident(ranks: list, traced: list) -> dict:
    """Share of queries whose right PA source is ranked first with at least this confidence."""
    return {str(thr): round(sum(1 for r, t in zip(ranks, traced) if r == 1 and t["sources"][0]["confidence"] >= thr)
                            / max(len(ranks), 1), 4) for thr in (0.5, 0.7)}


def run_trace(corpus: Corpus, queries: list[str], outlets) -> tuple[list, list, float]:
    ranks, results = [], []
    start = time.perf_counter()
    for q in queries:
        res = corpus.trace(q, top=5, source_outlets=outlets)
        results.append(res)
        ranks.append(rank_of([[s["id"], *s.get("aliases", [])] for s in res["sources"]], story(q)))
    return ranks, results, (time.perf_counter() - start) / max(len(queries), 1)


def index_only(corpus: Corpus, queries: list[str], allow) -> tuple[list, float]:
    ranks = []
    start = time.perf_counter()
    for q in queries:
        doc = corpus.store.lookup(q)
        hits = corpus.index.search(corpus.store.shingles(doc), k=5, exclude=doc, allow=allow, internal=True)
        ids = corpus.store.ids(hits.docs)
        ranks.append(rank_of([[ids[int(d)], *corpus.store.aliases(int(d))] for d in hits.docs], story(q)))
    return ranks, (time.perf_counter() - start) / len(queries)


def baselines(arts: dict[str, Article], queries: list[str], pa: list[str]) -> dict:
    from datasketch import MinHash, MinHashLSH
    grams = {i: {" ".join(w[k:k + 3]) for w in [words(arts[i].text)] for k in range(max(len(w) - 2, 1))}
             for i in set(pa) | set(queries)}
    out = {}
    start = time.perf_counter()
    ranks = []
    for q in queries:
        g = grams[q]
        scored = sorted((-len(g & grams[p]) / max(len(g), 1), p) for p in pa)
        ranks.append(rank_of([[p] for _, p in scored[:5]], story(q)))
    out["brute-force 3-gram containment"] = (ranks, (time.perf_counter() - start) / len(queries))
    mh = {}
    for i, g in grams.items():
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([s.encode("utf-8") for s in g])
        mh[i] = m
    start = time.perf_counter()
    ranks = []
    for q in queries:
        scored = sorted((-mh[q].jaccard(mh[p]), p) for p in pa)
        ranks.append(rank_of([[p] for _, p in scored[:5]], story(q)))
    out["datasketch MinHash(128) Jaccard"] = (ranks, (time.perf_counter() - start) / len(queries))
    for threshold in (0.1, 0.3):
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        for p in pa:
            lsh.insert(p, mh[p])
        start = time.perf_counter()
        ranks = []
        for q in queries:
            cands = sorted((-mh[q].jaccard(mh[p]), p) for p in lsh.query(mh[q]))
            ranks.append(rank_of([[p] for _, p in cands[:5]], story(q)))
        out[f"datasketch MinHashLSH(128, t={threshold})"] = (ranks, (time.perf_counter() - start) / len(queries))
    return out


def clustering(corpus: Corpus, arts: list[Article], verify: bool) -> dict:
    from sklearn.metrics import adjusted_rand_score
    start = time.perf_counter()
    groups = corpus.clusters(verify=verify)
    seconds = time.perf_counter() - start
    of = {}
    for g in groups:
        for m in g["members"]:
            of[m] = g["cluster"]
            for alias in corpus.store.aliases(corpus.store.lookup(m)):
                of[alias] = g["cluster"]
    ids = [a.id for a in arts]
    gold = [story(i) for i in ids]
    pred = [of[i] for i in ids]
    gold_ids = {g: k for k, g in enumerate(sorted(set(gold)))}
    pred_ids = {p: k for k, p in enumerate(sorted(set(pred)))}
    g_arr = np.array([gold_ids[g] for g in gold])
    p_arr = np.array([pred_ids[p] for p in pred])
    same_g = g_arr[:, None] == g_arr[None, :]
    same_p = p_arr[:, None] == p_arr[None, :]
    upper = np.triu(np.ones_like(same_g), 1)
    tp = int((same_g & same_p & upper).sum())
    prec = tp / max(int((same_p & upper).sum()), 1)
    rec = tp / max(int((same_g & upper).sum()), 1)
    return {"verify": verify, "ari": adjusted_rand_score(g_arr, p_arr), "pairwise_precision": prec,
            "pairwise_recall": rec, "pairwise_f1": 2 * prec * rec / max(prec + rec, 1e-9),
            "clusters": len(set(pred)), "gold_stories": len(set(gold)), "seconds": seconds}


def show_misses(data: dict) -> None:
    """The missed queries of each trace ranking: the rank of the right PA text (- when not listed), the top three."""
    def short(i: str) -> str:
        return i.split("courts/", 1)[-1]

    for key in sorted(k for k in data if k.startswith("misses_")):
        print(f"{key} ({len(data[key])}):")
        for m in data[key]:
            top = ", ".join(map(short, m["top"])) or "(no source)"
            print(f"  {short(m['query'])}  rank {m['rank'] or '-'}  top: {top}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--semantic", action="store_true", help="store article vectors, verify with embeddings")
    ap.add_argument("--limit", type=int, default=0, help="only the first N queries (a quick look)")
    ap.add_argument("--dates", choices=("meter", "folder"), default="meter",
                    help="meter: PA header stamps, newspapers the next day (METER's readme); "
                         "folder: the folder date for all")
    ap.add_argument("--show", action="store_true", help="list each query the trace rankings miss, with their top")
    args = ap.parse_args()
    arts, labels = load(args.dates)
    by_id = {a.id: a for a in arts}
    queries = [i for i in sorted(labels) if labels[i] in ("wholly", "partially") and i in by_id]
    non = [i for i in sorted(labels) if labels[i] == "non" and i in by_id]
    if args.limit:
        queries, non = queries[:args.limit], non[:max(args.limit // 4, 1)]
    pa = [a.id for a in arts if a.outlet == "PA"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus(Path(tmp) / "meter.db", semantic=None if args.semantic else False)
        start = time.perf_counter()
        report = corpus.add(arts)
        add_s = time.perf_counter() - start
        start = time.perf_counter()
        _ = corpus.index  # built here, timed
        index_s = time.perf_counter() - start
        rows, data = [], {"command": cmdline(), "semantic": args.semantic, "dates": args.dates, "texts": len(arts),
                          "pa_texts": len(pa), "stored": len(corpus), "duplicates": report.duplicates,
                          "add_seconds": round(add_s, 2), "index_seconds": round(index_s, 2), "retrieval": {}}
        ranks, traced, per_q = run_trace(corpus, queries, ["PA"])
        results = {"redline trace (PA sources)": (ranks, per_q)}
        data["misses_pa_trace"] = misses(queries, ranks, traced)
        data["true_source_confident"] = {"PA sources": confident(ranks, traced)}
        ranks, traced, per_q = run_trace(corpus, queries, None)
        results["redline trace (whole corpus)"] = (ranks, per_q)
        data["misses_whole_corpus"] = misses(queries, ranks, traced)
        data["true_source_confident"]["whole corpus"] = confident(ranks, traced)
        if args.dates == "meter":  # newspapers of one day are print editions: none can have copied another
            default = corpus.settings
            corpus.settings = replace(default, same_day_copies=False)
            ranks, traced, per_q = run_trace(corpus, queries, None)
            corpus.settings = default
            results["redline trace (whole corpus, --print-editions)"] = (ranks, per_q)
            data["misses_whole_corpus_print_editions"] = misses(queries, ranks, traced)
            data["true_source_confident"]["whole corpus, print editions"] = confident(ranks, traced)
        results["containment index only (PA)"] = index_only(corpus, queries, corpus.outlet_mask(["PA"]))
        results.update(baselines(by_id, queries, pa))
        for name, (r, per_q) in results.items():
            m = metrics(r)
            data["retrieval"][name] = {**{k: round(v, 4) if isinstance(v, float) else v for k, v in m.items()},
                                       "ms_per_query": round(per_q * 1000, 2)}
            rows.append((name, m["recall@1"], m["recall@5"], m["mrr"], round(per_q * 1000, 1)))
        _, non_results, _ = run_trace(corpus, non, ["PA"])
        for thr in (0.5, 0.7):
            false = sum(1 for r in non_results if r["sources"] and r["sources"][0]["confidence"] >= thr)
            data[f"false_source_rate@{thr}"] = round(false / max(len(non), 1), 4)
        _, non_whole, _ = run_trace(corpus, non, None)
        for thr in (0.5, 0.7):
            false = sum(1 for r in non_whole if any(s["id"].startswith("PA/") and s["confidence"] >= thr
                                                    for s in r["sources"]))
            data[f"false_source_rate_whole_corpus@{thr}"] = round(false / max(len(non), 1), 4)
        data["non_derived_queries"] = len(non)
        data["clustering"] = [clustering(corpus, arts, False), clustering(corpus, arts, True)]
        corpus.close()
    print(table(rows, ("method", "R@1", "R@5", "MRR", "ms/query")))
    print(f"false-source rate (non-derived, top PA source confidence >= 0.5): {data['false_source_rate@0.5']:.3f}"
          f"  (>= 0.7: {data['false_source_rate@0.7']:.3f}, {len(non)} texts); whole corpus, any PA source listed"
          f" with confidence >= 0.5: {data['false_source_rate_whole_corpus@0.5']:.3f}"
          f" (>= 0.7: {data['false_source_rate_whole_corpus@0.7']:.3f})")
    for name, rates in data["true_source_confident"].items():
        print(f"derived texts whose right PA source is ranked first with confidence >= 0.5 / 0.7 ({name}): "
              f"{rates['0.5']:.3f} / {rates['0.7']:.3f}")
    for c in data["clustering"]:
        print(f"clusters verify={c['verify']}: ARI {c['ari']:.3f}  pairwise F1 {c['pairwise_f1']:.3f} "
              f"(P {c['pairwise_precision']:.3f} R {c['pairwise_recall']:.3f}), {c['clusters']} clusters "
              f"for {c['gold_stories']} stories, {c['seconds']:.1f} s")
    if args.show:
        show_misses(data)
    name = "corpus_meter_semantic" if args.semantic else "corpus_meter"
    name += "_folder_dates" if args.dates == "folder" else ""
    if not args.limit:
        print("wrote", write_result(name, data))


if __name__ == "__main__":
    main()
