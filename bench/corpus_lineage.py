"""Lineage of one large generated story: time and parent accuracy, side by side with the old
all-pairs parent selection (which capped stories at 80 members).

The story comes from bench/gen_corpus.py's language and copy model: a wire original, copies of it
(reordered, paraphrased lightly or heavily, truncated, with added paragraphs, the outlet's dateline
and footer) and copies of copies (30%). Two clocks: ``day`` dates each copy 0-2 days after its
parent, as gen_corpus does (so a third share their parent's date and only text decides the
order); ``hour`` stamps it 1-48 hours after (news items carry publication times). Per size:
  * new: ``redline.corpus.lineage.build`` (story inverted index, a few verified candidates per
    member; the full comparison with findings, as `redline lineage` runs it), total time, and the
    lexical part alone (order + candidates + took-added, no comparisons);
  * old: the all-pairs order and parent rule that lineage used before (pairwise shingle
    intersections), lexical part only, plus one comparison per edge estimated from the measured
    per-comparison time; run up to ``--old-max`` members.
Parent accuracy: share of members whose chosen parent is their true parent.

    python bench/corpus_lineage.py --sizes 100 500 2000
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cmdline, table, write_result  # noqa: E402
from gen_corpus import Language, _names, make_copy  # noqa: E402

from redline.corpus import lineage  # noqa: E402
from redline.corpus.shingles import text_shingles  # noqa: E402
from redline.model import Article  # noqa: E402
from redline.pipeline import Comparer  # noqa: E402
from redline.text.dates import parse_date  # noqa: E402


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


# ---------------------------------------------------------------- the old all-pairs rule (baseline)
def _overlap(a, b):
    return len(np.intersect1d(a, b, assume_unique=True))


def old_parents(arts, sh):
    docs = sorted(arts)
    orig = {x: sum(_overlap(sh[x], sh[y]) / max(len(sh[y]), 1) for y in docs if y != x) for x in docs}

    def key(d):
        return (parse_date(arts[d].date) or datetime.max, -round(orig[d], 6), arts[d].id)
    order = sorted(docs, key=key)
    out, added = {}, {order[0]: sh[order[0]]}
    for i, b in enumerate(order[1:], 1):
        earlier = order[:i]
        best, taken = None, 0
        for c in earlier[1:]:
            t = _overlap(sh[b], added[c])
            if t > taken:
                best, taken = c, t
        if best is None or taken < max(lineage.MIN_TAKEN, lineage.MIN_TAKEN_SHARE * len(sh[b])):
            shared = [(_overlap(sh[b], sh[c]), -k) for k, c in enumerate(earlier)]
            best = earlier[-max(shared)[1]]
        out[b] = best
        added[b] = np.setdiff1d(sh[b], sh[best], assume_unique=True)
    return out


def new_lexical(arts, sh):
    order = lineage.order_members(arts, sh)
    links = lineage.Parents(order, sh, [arts[d].outlet for d in order])
    out = {}
    for i in range(1, len(order)):
        took, _ = links.took_added(i)
        cands = links.candidates(i)
        p = took if took is not None else cands[0]
        links.settle(i, p)
        out[order[i]] = order[p]
    return out


def accuracy(parent_of: dict[str, str], truth: dict) -> float:
    kids = [a for a, p in truth.items() if p is not None]
    return round(sum(parent_of.get(a) == truth[a] for a in kids) / len(kids), 4)


def run(n: int, seed: int, old_max: int, comparer, clock: str) -> dict:
    arts, truth = story(n, seed, clock)
    sh = {d: text_shingles(a.text) for d, a in arts.items()}
    ids = {d: a.id for d, a in arts.items()}
    t0 = time.perf_counter()
    lex = new_lexical(arts, sh)
    lex_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph, comparisons = lineage.build("story", arts, sh, comparer)
    full_s = time.perf_counter() - t0
    n_compare = sum(e["candidates"] for e in graph["edges"])
    per_compare = full_s / max(n_compare, 1)
    out = {"members": n, "clock": clock, "new": {
        "lineage_s": round(full_s, 2), "lexical_s": round(lex_s, 3), "comparisons": n_compare,
        "comparisons_per_member": round(n_compare / max(n - 1, 1), 2),
        "parent_accuracy": accuracy({e["target"]: e["source"] for e in graph["edges"]}, truth),
        "parent_accuracy_lexical_only": accuracy({ids[c]: ids[p] for c, p in lex.items()}, truth),
        "root_is_original": next(x["id"] for x in graph["nodes"] if x["root"]) == "s-0"}}
    if n <= old_max:
        t0 = time.perf_counter()
        old = old_parents(arts, sh)
        old_s = time.perf_counter() - t0
        out["old_all_pairs"] = {"lexical_s": round(old_s, 3),
                                "lineage_s_estimated": round(old_s + (n - 1) * per_compare, 2),
                                "parent_accuracy": accuracy({ids[c]: ids[p] for c, p in old.items()}, truth)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--old-max", type=int, default=2000)
    ap.add_argument("--clocks", nargs="+", default=["day", "hour"], choices=["day", "hour"])
    args = ap.parse_args()
    comparer = Comparer(semantic=False, explain=True)
    results, rows = {}, []
    for n, clock in [(n, c) for c in args.clocks for n in args.sizes]:
        r = run(n, args.seed, args.old_max, comparer, clock)
        results[f"{clock}-{n}"] = r
        print(r, flush=True)
        old = r.get("old_all_pairs", {})
        rows.append((clock, n, r["new"]["lineage_s"], r["new"]["lexical_s"], r["new"]["comparisons_per_member"],
                     r["new"]["parent_accuracy"], old.get("lexical_s", "-"), old.get("lineage_s_estimated", "-"),
                     old.get("parent_accuracy", "-")))
    print(table(rows, ("clock", "members", "lineage s", "lexical s", "compares/member", "parent acc",
                       "old lexical s", "old lineage s (est)", "old parent acc")))
    print("wrote", write_result("corpus_lineage", {"command": cmdline(), "seed": args.seed, "sizes": results}))


if __name__ == "__main__":
    main()
