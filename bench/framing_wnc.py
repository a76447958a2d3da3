"""WNC sample (Wiki Neutrality Corpus): share of pairs where a word the editors removed or changed
is among the words `redline framing` flags in the biased (`pre`) sentence.

    python bench/framing_wnc.py [--no-semantic]

Flagged words are those inside `loaded` spans, opinion markers, weasel attributions and hedges
(WNC's bias includes both framing and epistemological bias). Nothing is tuned on WNC. Reads
../shared/data/framing at run time.
"""
from __future__ import annotations

import argparse
import time
from difflib import SequenceMatcher

from common import cmdline, table, write_result
from framing_common import analyse, wnc_pairs, words_in_spans

TARGET = 0.45


def changed_words(pre: str, post: str) -> set[str]:
    a, b = pre.split(), post.split()
    out = set()
    for op, i1, i2, _, _ in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            out.update(w.lower() for w in a[i1:i2] if any(ch.isalnum() for ch in w))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-semantic", action="store_true")
    args = ap.parse_args()
    semantic = not args.no_semantic
    mode = "semantic" if semantic else "lexical"
    pairs = wnc_pairs("train") + wnc_pairs("test")
    t0 = time.perf_counter()
    results = analyse([pre for pre, _ in pairs], semantic)
    elapsed = time.perf_counter() - t0
    hits = {"any": 0, "loaded": 0}
    flagged_total = usable = 0
    for (pre, post), r in zip(pairs, results):
        gold = changed_words(pre, post)
        if not gold:
            continue
        usable += 1
        loaded = words_in_spans(pre, r.loaded)
        weasels = (a for a in r.attributions if a.kind == "weasel")
        flagged = loaded | words_in_spans(pre, [*r.opinion, *r.hedges, *weasels])
        flagged_total += len(flagged)
        hits["any"] += bool(gold & flagged)
        hits["loaded"] += bool(gold & loaded)
    share = hits["any"] / max(usable, 1)
    rows = [("pairs whose changed word is flagged", share, TARGET, "yes" if share >= TARGET else "no"),
            ("... by loaded spans alone", hits["loaded"] / max(usable, 1), "-", "-"),
            ("flagged words per sentence", flagged_total / max(usable, 1), "-", "-")]
    print(table(rows, ("measure", "value", "target", "met")))
    print(f"{usable} pairs with a removed or changed word (of {len(pairs)}); mode {mode}; {elapsed:.1f} s")
    write_result(f"framing_wnc_{mode}", {
        "command": cmdline(), "mode": mode, "pairs": usable, "share_flagged": round(share, 4),
        "share_flagged_by_loaded": round(hits["loaded"] / max(usable, 1), 4), "target": TARGET,
        "met": share >= TARGET, "flagged_words_per_sentence": round(flagged_total / max(usable, 1), 3)})


if __name__ == "__main__":
    main()
