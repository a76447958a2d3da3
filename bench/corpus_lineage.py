"""Lineage of one large generated story: time and parent accuracy.

The story comes from bench/gen_corpus.py's language and copy model: a wire original, copies of it
(reordered, paraphrased lightly or heavily, truncated, with added paragraphs, the outlet's dateline
and footer) and copies of copies (30%). Two clocks: ``day`` dates each copy 0-2 days after its
parent (so a third share their parent's date and only text decides the order); ``hour`` stamps it
1-48 hours after (news items carry publication times). Per size: `redline lineage` (each member's
`trace` among the story's members, findings added to the comparison behind each edge), its time
apart from the clustering it needs first, comparisons
per member, parent accuracy (share of members whose primary parent is their true parent), edge
precision and recall, and whether the wire is the only root.

    python bench/corpus_lineage.py --sizes 100 500
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cmdline, table, write_result  # noqa: E402
from gen_corpus import Language, _names, make_copy  # noqa: E402

from redline.corpus import Corpus, CorpusSettings  # noqa: E402
from redline.model import Article  # noqa: E402


def story(n: int, seed: int, clock: str = "day") -> tuple[dict[int, Article], dict[str, str | None]]:
    rng = np.random.default_rng(seed)
    lang = Language(rng)
    names = _names(rng, lang, 4)
    outlets = [f"{lang.content[i].capitalize()} News" for i in range(1, 41)]
    footers = {o: lang.sentence(rng, [o]) + f" Copyright {o}. All rights reserved." for o in outlets}
    nodes = [("s-0", lang.paragraphs(rng, names, 10), outlets[0], datetime(2025, 3, 1, 6), None)]
    for k in range(1, n):
        parent = nodes[int(rng.integers(1, len(nodes)))] if len(nodes) > 1 and rng.random() < 0.3 else nodes[0]
        kind = str(rng.choice(["verbatim", "light", "heavy"], p=[0.4, 0.35, 0.25]))
        paras = make_copy(rng, lang, parent[1], names, kind)
        nodes.append((f"s-{k}", paras, outlets[int(rng.integers(1, len(outlets)))],
                      parent[3] + later(rng, clock), parent[0]))
    arts, truth = {}, {}
    for doc, (aid, paras, outlet, day, parent) in enumerate(nodes):
        body = [" ".join(p) for p in paras]
        body[0] = f"{outlet.upper()} - " + body[0]
        stamp = day.date().isoformat() if clock == "day" else day.isoformat(timespec="seconds")
        arts[doc] = Article(aid, "\n\n".join(body + [footers[outlet]]), outlet=outlet, date=stamp)
        truth[aid] = parent
    return arts, truth


def later(rng, clock: str) -> timedelta:
    return timedelta(days=int(rng.integers(0, 3))) if clock == "day" else timedelta(hours=int(rng.integers(1, 49)))


def accuracy(parent_of: dict[str, str], truth: dict) -> float:
    kids = [a for a, p in truth.items() if p is not None]
    return round(sum(parent_of.get(a) == truth[a] for a in kids) / len(kids), 4)


def run(n: int, seed: int, clock: str, tmp: Path) -> dict:
    arts, truth = story(n, seed, clock)
    corpus = Corpus(tmp / f"story-{clock}-{n}.db", CorpusSettings(max_df=10 * n))  # one story: nothing is boilerplate
    corpus.add(list(arts.values()))
    t0 = time.perf_counter()
    corpus.clusters()
    clusters_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph, _ = corpus.lineage("s-0")
    seconds = time.perf_counter() - t0
    corpus.close()
    primary = {e["target"]: e["source"] for e in graph["edges"] if e["role"] == "primary"}
    edges = {(e["source"], e["target"]) for e in graph["edges"]}
    wanted = {(p, c) for c, p in truth.items() if p is not None}
    roots = [x["id"] for x in graph["nodes"] if x["root"]]
    return {"members": n, "clock": clock, "lineage_s": round(seconds, 2), "clusters_s": round(clusters_s, 2),
            "candidates_per_member": round(float(np.mean([e["candidates"] for e in graph["edges"]] or [0])), 1),
            "parent_accuracy": accuracy(primary, truth),
            "edge_precision": round(len(edges & wanted) / max(len(edges), 1), 4),
            "edge_recall": round(len(edges & wanted) / max(len(wanted), 1), 4),
            "root_is_original": roots == ["s-0"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--clocks", nargs="+", default=["day", "hour"], choices=["day", "hour"])
    args = ap.parse_args()
    results, rows = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for n, clock in [(n, c) for c in args.clocks for n in args.sizes]:
            r = run(n, args.seed, clock, Path(tmp))
            results[f"{clock}-{n}"] = r
            print(r, flush=True)
            rows.append((clock, n, r["lineage_s"], r["candidates_per_member"], r["parent_accuracy"],
                         r["edge_precision"], r["edge_recall"], r["root_is_original"]))
    print(table(rows, ("clock", "members", "lineage s", "candidates/member", "parent acc", "edge P", "edge R",
                       "wire only root")))
    print("wrote", write_result("corpus_lineage", {"command": cmdline(), "seed": args.seed, "sizes": results}))


if __name__ == "__main__":
    main()
