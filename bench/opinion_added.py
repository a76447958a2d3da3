"""Opinion in added sentences: recall per rhetorical kind and overall precision of `redline
compare`'s `opinion_added` finding on tests/fixtures/opinion (our own sentences; see its README).

Each sentence is appended, as a new paragraph, to a neutral source article and compared with it;
the sentence counts as flagged when an `opinion_added` finding points at it. The fixture's dev
half (odd lines of each kind) was meant to be the only half looked at while building rules, but
explain/rhetoric.py holds cues that match held-out sentences only, so the held-out figure is close
to in-sample. Every run also prints the fresh split (fresh_*.txt: 20 sentences a reviewer wrote
without reading the rules or the fixture) and the blind split (blind/: 96 opinion in 8 kinds and 75
neutral in 5 kinds, written by a helper who had read neither the rules nor any other fixture file),
with recall per kind and precision. Reads no ../shared data.

    python bench/opinion_added.py [--split held-out|dev|all|fresh|blind] [--semantic] [--no-write] [--show]
"""
from __future__ import annotations

import argparse
import time

from common import REPO, cmdline, table, write_result

from redline import Article, Comparer

FIXTURES = REPO / "tests" / "fixtures" / "opinion"
SOURCE = ("The county council met on Tuesday to discuss the future of the library service.\n\n"
          "Officers presented a report on visitor numbers, opening hours and the cost of running the "
          "seven branches.\n\nThe report said three branches needed repairs to their roofs and heating.\n\n"
          "Councillors will vote on the proposals at a meeting next month.")
TARGET_RECALL, TARGET_PRECISION = 0.90, 0.85


SPLITS = ("held-out", "dev", "all", "fresh", "blind")


def load(split: str) -> list[tuple[str, str, str]]:
    """(group, kind, sentence) for the split: "dev", "held-out", "all" (dev and held-out), "fresh"
    (the fresh_*.txt files, written by a reviewer who had not read the rules) or "blind" (blind/)."""
    if split == "blind":
        return load_blind()
    out = []
    for group in ("opinion", "neutral"):
        kind, n = "", 0
        name = f"fresh_{group}" if split == "fresh" else group
        for line in (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith("# kind:"):
                kind, n = line.split(":", 1)[1].strip(), 0
                continue
            if not line.strip():
                continue
            n += 1
            half = "dev" if n % 2 else "held-out"
            if split in ("all", "fresh", half):
                out.append((group, kind, line.strip()))
    return out


def load_blind() -> list[tuple[str, str, str]]:
    """blind/<group>_<kind>.txt, one sentence a line, the kind taken from the file name."""
    out = []
    for group in ("opinion", "neutral"):
        for path in sorted((FIXTURES / "blind").glob(f"{group}_*.txt")):
            kind = path.stem.split("_", 1)[1]
            out += [(group, kind, line.strip()) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
    return out


def flagged(comparer: Comparer, sentence: str) -> bool:
    derived = SOURCE + "\n\n" + sentence
    c = comparer.compare(sources=[Article("source", SOURCE)], derived=Article("rewrite", derived))
    start = len(SOURCE) + 2
    return any(f.kind == "opinion_added" and any(e.article == "rewrite" and e.start >= start for e in f.derived)
               for f in c.findings)


def split_figure(comparer: Comparer, split: str) -> dict:
    """A blind split's counts (fresh or blind): the honest figures, as the rules were built while
    reading both halves of the main fixture (see its README)."""
    items = load(split)
    calls = [flagged(comparer, s) for _, _, s in items]
    kinds = per_kind(items, calls)
    found = sum(hit for (g, _, _), hit in zip(items, calls) if g == "opinion")
    false = sum(hit for (g, _, _), hit in zip(items, calls) if g == "neutral")
    n_op = sum(g == "opinion" for g, _, _ in items)
    return {"sentences": len(items), "opinion": n_op, "neutral": len(items) - n_op, "opinion_found": found,
            "neutral_flagged": false, "correct": found + (len(items) - n_op - false),
            "recall": round(found / max(n_op, 1), 4), "precision": round(found / max(found + false, 1), 4),
            "recall_per_kind": rates(kinds, "opinion"), "neutral_flagged_per_kind": rates(kinds, "neutral"),
            "called_wrongly": [s for (g, _, s), hit in zip(items, calls) if hit != (g == "opinion")]}


def per_kind(items: list[tuple[str, str, str]], calls: list[bool]) -> dict[str, list[bool]]:
    kinds: dict[str, list[bool]] = {}
    for (group, kind, _), hit in zip(items, calls):
        kinds.setdefault(f"{group}:{kind}", []).append(hit)
    return kinds


def rates(kinds: dict[str, list[bool]], group: str) -> dict[str, float]:
    return {k.split(":")[1]: round(sum(v) / len(v), 4) for k, v in kinds.items() if k.startswith(group)}


def kind_rows(kinds: dict[str, list[bool]]) -> list[tuple]:
    return [(k.split(":")[1], "recall" if k.startswith("opinion") else "flagged (false)", sum(v) / len(v), len(v))
            for k, v in kinds.items()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=SPLITS, default="held-out")
    ap.add_argument("--semantic", action="store_true")
    ap.add_argument("--show", action="store_true", help="print the sentences called wrongly")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    comparer = Comparer(semantic=args.semantic, explain=True)
    items = load(args.split)
    t0 = time.perf_counter()
    calls = [flagged(comparer, s) for _, _, s in items]
    seconds = time.perf_counter() - t0
    kinds = per_kind(items, calls)
    tp = sum(hit for (g, _, _), hit in zip(items, calls) if g == "opinion")
    fp = sum(hit for (g, _, _), hit in zip(items, calls) if g == "neutral")
    n_op = sum(g == "opinion" for g, _, _ in items)
    precision, recall = tp / max(tp + fp, 1), tp / max(n_op, 1)
    rows = kind_rows(kinds)
    rows += [("all opinion", "recall", recall, n_op), ("all", "precision", precision, tp + fp)]
    mode = "lexical+semantic" if args.semantic else "lexical"
    print(table(rows, ("kind", "measure", "value", "sentences")))
    print(f"split {args.split}; mode {mode}; targets: recall >= {TARGET_RECALL} per kind, precision >= "
          f"{TARGET_PRECISION}; {seconds:.1f} s")
    fresh, blind = split_figure(comparer, "fresh"), split_figure(comparer, "blind")
    print_blind(blind)
    print(f"fresh split (tests/fixtures/opinion/fresh_*.txt, written without reading the rules): "
          f"{fresh['correct']} of {fresh['sentences']} called right; opinion found {fresh['opinion_found']} of "
          f"{fresh['opinion']}, neutral flagged {fresh['neutral_flagged']} of {fresh['neutral']}")
    if args.show:
        for name, figure in (("fresh", fresh), ("blind", blind)):
            for s in figure["called_wrongly"]:
                print(f"  {name}, called wrongly: {s}")
    if args.show:
        for (group, kind, s), hit in zip(items, calls):
            if hit != (group == "opinion"):
                print(f"  {'missed' if group == 'opinion' else 'false '} {kind:20s} {s}")
    if not args.no_write:
        name = f"opinion_added_{'semantic' if args.semantic else 'lexical'}"
        name += "" if args.split == "held-out" else f"_{args.split}"
        print(write_result(name, {
            "command": cmdline(), "mode": mode, "split": args.split,
            "recall_per_kind": rates(kinds, "opinion"), "neutral_flagged_per_kind": rates(kinds, "neutral"),
            "recall": round(recall, 4), "precision": round(precision, 4), "fresh": fresh, "blind": blind,
            "min_kind_recall": round(min(
                sum(v) / len(v) for k, v in kinds.items() if k.startswith("opinion")), 4),
            "targets": {"recall_per_kind": TARGET_RECALL, "precision": TARGET_PRECISION}}))


def print_blind(blind: dict) -> None:
    rows = [(k, "recall", v) for k, v in blind["recall_per_kind"].items()]
    rows += [(k, "flagged (false)", v) for k, v in blind["neutral_flagged_per_kind"].items()]
    rows += [("all opinion", "recall", blind["recall"]), ("all", "precision", blind["precision"])]
    print("blind split (tests/fixtures/opinion/blind/, written without reading the rules or any other fixture):")
    print(table(rows, ("kind", "measure", "value")))


if __name__ == "__main__":
    main()
