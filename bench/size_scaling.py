"""Compare time and peak memory as articles grow: 0.25, 1, 2, 5 and 20 MB of text.

A synthetic source of the given size (news-like sentences drawn with a seeded RNG from the word
lists below: no copied text) and a rewrite derived from it (sentences copied, edited, dropped,
added, paragraphs moved) are compared by ``redline compare`` in a fresh process per size, under a
timeout, and its wall time, peak RSS and outcome (ok / refused by policy / timeout / error) are
recorded. A baseline process (read both files, split sentences with a regex, count shared word
3-grams: a linear pass in plain Python) runs on the same files right after each, so that speed
on a noisy machine can be read as a ratio. The growth exponent is the slope of log time against
log size over the sizes that ran to the end.

    python bench/size_scaling.py [--sizes 0.25 1 2 5 20] [--semantic] [--timeout 600] [--no-write]
"""
from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, cmdline, table, write_result

MB = 1_000_000  # characters (the texts are ASCII, so bytes too)

FIRST = ("Maria James Ahmed Li Sofia Daniel Grace Omar Elena Peter Nadia Samuel Ruth Victor Amara Tomas "
         "Helen Kofi Irene Marco Leila Oscar Priya Hugo Ingrid Felix Zara Boris Clara Ivan").split()
LAST = ("Okafor Lindqvist Moreau Tanaka Haddad Novak Brennan Castillo Petrov Achebe Sorensen Kowalski "
        "Delgado Whitaker Nakamura Osei Fischer Romano Mbeki Larsen Quinn Vasquez Horvat Ferreira").split()
ROLES = ("spokesperson chairman minister director mayor chief executive governor treasurer analyst "
         "commissioner inspector professor superintendent coordinator ambassador").split()
ORGS = ("Harbour Authority|National Grid Board|City Council|Ministry of Transport|Regional Health Trust|"
        "Chamber of Commerce|Water Commission|Federal Reserve Office|Teachers Union|Port Trust|"
        "Energy Regulator|Coastal Guard|Farmers Cooperative|Rail Operators Group|Housing Agency").split("|")
PLACES = ("Northbridge Easton Marlow Kestrel Bay Ashford Linwood Port Averly Greyhaven Dunmore Caldera "
          "Riverside Westfield Holloway Brackley Fenmoor Stonegate Larkhill Millbrook Oakridge").split()
NOUNS = ("budget contract bridge hospital school pipeline tariff runway reservoir inquiry strike "
         "election ferry vaccine subsidy harvest factory tunnel stadium reactor pension railway "
         "warehouse shipment lawsuit merger audit embargo ceasefire levy").split()
PLURALS = ("jobs homes workers patients passengers tonnes flights students households vehicles "
           "acres permits claims beds routes containers shares").split()
VERBS_PAST = ("approved rejected delayed announced suspended expanded cancelled reviewed defended "
              "criticised postponed confirmed funded blocked unveiled revised").split()
VERBS_INF = ("cut add protect replace review fund close expand delay rebuild inspect raise").split()
ADJ = ("controversial long-awaited emergency regional unexpected costly temporary landmark "
       "disputed ambitious modest urgent").split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
TEMPLATES = (
    "{name}, {role} of the {org}, said on {day} that the {adj} {noun} would {vinf} {num} {plural} in {place}.",
    "The {org} {vpast} the {noun} after {num} {plural} were affected across {place}, officials said.",
    '"We will not {vinf} the {noun} without a full debate," {name} told reporters in {place} on {day}.',
    "Critics in {place} said the {adj} {noun} had cost {num} million pounds since {month}.",
    "According to the {org}, {num} {plural} in {place} could be lost if the {noun} is not {vpast}.",
    "{name} {vpast} the plan, warning that the {noun} would {vinf} {plural} in {place} by {month}.",
    "Figures released by the {org} on {day} showed {num} {plural} waiting for the {noun} in {place}.",
    "The {adj} {noun} in {place} was first proposed in {month} by {name}, the {role}.",
    "Officials in {place} {vpast} a second {noun} on {day}, saying {num} {plural} depended on it.",
    "{name}, who chairs the {org}, said talks over the {noun} would resume in {month}.",
)
ADDED = (
    "Local residents interviewed by this newspaper in {place} were divided over the {noun}.",
    "{name}, a shopkeeper in {place}, said the {adj} {noun} had already changed the town.",
    "The {org} did not respond to several requests for comment on {day}.",
)


def sentence(rng: random.Random, templates=TEMPLATES) -> str:
    return rng.choice(templates).format(
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", role=rng.choice(ROLES), org=rng.choice(ORGS),
        place=rng.choice(PLACES), noun=rng.choice(NOUNS), plural=rng.choice(PLURALS),
        vpast=rng.choice(VERBS_PAST), vinf=rng.choice(VERBS_INF), adj=rng.choice(ADJ),
        day=rng.choice(DAYS), month=rng.choice(MONTHS), num=rng.randint(2, 98_000))


def build_source(chars: int, seed: int = 0) -> list[list[str]]:
    """Paragraphs of 1-4 sentences while the text (as ``write_text`` writes it) stays within
    ``chars`` characters."""
    rng = random.Random(seed)
    paras, size = [], -1  # no separator before the first paragraph; a newline after the last
    while True:
        para = [sentence(rng) for _ in range(rng.randint(1, 4))]
        size += len(" ".join(para)) + 2
        if size > chars:
            return paras
        paras.append(para)


def edit(rng: random.Random, text: str) -> str:
    """A light rewrite: a few words swapped for others of the same kind, or a clause cut."""
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(words))
        pool = next((p for p in (NOUNS, PLACES, VERBS_PAST, ADJ, PLURALS) if words[k].strip(".,\"") in p), None)
        if pool:
            words[k] = words[k].replace(words[k].strip(".,\""), rng.choice(pool))
        elif words[k].isdigit():
            words[k] = str(int(words[k]) + rng.randint(1, 50))
    out = " ".join(words)
    if "," in out and rng.random() < 0.3:
        head, _, tail = out.partition(",")
        out = head + "." if len(head.split()) > 4 else out
    return out


def derive(paras: list[list[str]], seed: int = 1) -> list[list[str]]:
    """Copy 45% of sentences, edit 30%, drop 15%, rewrite 10% freely; add new sentences; move
    about one paragraph in ten elsewhere nearby."""
    rng = random.Random(seed)
    out = []
    for para in paras:
        new = []
        for s in para:
            r = rng.random()
            if r < 0.45:
                new.append(s)
            elif r < 0.75:
                new.append(edit(rng, s))
            elif r < 0.85:
                new.append(sentence(rng))
            if rng.random() < 0.08:
                new.append(sentence(rng, ADDED))
        if new:
            out.append(new)
    for i in range(0, len(out) - 5, 10):
        j = i + rng.randint(1, 5)
        out[i], out[j] = out[j], out[i]
    return out


def write_text(paras: list[list[str]], path: Path) -> int:
    text = "\n\n".join(" ".join(p) for p in paras) + "\n"
    path.write_text(text, encoding="ascii")
    return len(text)


BASELINE = r"""
import re, sys
grams = []
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    words = [w.lower() for s in re.split(r"(?<=[.!?])\s+", text) for w in re.findall(r"\w+", s)]
    grams.append(set(zip(words, words[1:], words[2:])))
print(len(grams[0] & grams[1]))
"""

COMPARE = "import sys; from redline.cli import main; sys.argv = ['redline'] + sys.argv[1:]; main()"

# Runs one command under a timeout and prints its wall time, exit status and peak RSS: this
# wrapper has a single child, so RUSAGE_CHILDREN is that child's alone.
MEASURE = r"""
import json, resource, subprocess, sys, time
timeout, cmd = float(sys.argv[1]), sys.argv[2:]
t0 = time.perf_counter()
try:
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    rc, err = p.returncode, p.stderr.strip().splitlines()[-1:]
except subprocess.TimeoutExpired:
    rc, err = None, ["timeout"]
secs = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": secs, "rc": rc, "peak_mib": peak, "stderr": err[0] if err else ""}))
"""


def measure(cmd: list[str], timeout: float) -> dict:
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", MEASURE, str(timeout), *cmd], capture_output=True,
                         text=True, env={**_inherit(), **env}, timeout=timeout + 60)
    return json.loads(out.stdout)


def _inherit() -> dict:
    import os
    return {k: v for k, v in os.environ.items() if k.startswith(("HOME", "LANG", "LC_", "REDLINE_", "HF_"))}


def outcome(run: dict) -> str:
    if run["rc"] is None:
        return "timeout"
    if run["rc"] == 0:
        return "ok"
    return "refused by policy" if "REDLINE_MAX_ARTICLE_CHARS" in run["stderr"] else "error"


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) on log(size)."""
    if len(points) < 2:
        return None
    xs, ys = [math.log(s) for s, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.25, 1, 2, 5, 20], help="MB of source text")
    ap.add_argument("--semantic", action="store_true", help="compare with embeddings (default: lexical)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per compare run")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rows, runs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            paras = build_source(int(size * MB))
            src, drv = Path(tmp, "wire.txt"), Path(tmp, "rewrite.txt")
            chars = (write_text(paras, src), write_text(derive(paras), drv))
            cmd = [sys.executable, "-c", COMPARE, "compare", str(src), str(drv), "--format", "json",
                   "-o", str(Path(tmp, "out.json")), "--semantic" if args.semantic else "--no-semantic"]
            ours = measure(cmd, args.timeout)
            base = measure([sys.executable, "-c", BASELINE, str(src), str(drv)], args.timeout)
            run = {"mb": size, "source_chars": chars[0], "derived_chars": chars[1], "outcome": outcome(ours),
                   "seconds": round(ours["seconds"], 3), "peak_mib": round(ours["peak_mib"], 1),
                   "message": ours["stderr"] if ours["rc"] else "",
                   "baseline_seconds": round(base["seconds"], 3), "baseline_peak_mib": round(base["peak_mib"], 1)}
            runs.append(run)
            rows.append((f"{size:g}", f"{chars[0] / MB:.2f}/{chars[1] / MB:.2f}", run["outcome"],
                         f"{run['seconds']:.2f}", f"{run['peak_mib']:.0f}", f"{run['baseline_seconds']:.2f}",
                         f"{run['seconds'] / max(run['baseline_seconds'], 1e-9):.1f}"))
            print(table(rows[-1:], ("MB", "source/derived MB", "outcome", "seconds", "peak MiB",
                                    "baseline s", "ratio")).splitlines()[-1], flush=True)
    ok = [(r["source_chars"] + r["derived_chars"], r) for r in runs if r["outcome"] == "ok"]
    slope = exponent([(n, r["seconds"]) for n, r in ok])
    base_slope = exponent([(n, r["baseline_seconds"]) for n, r in ok])
    mode = "semantic" if args.semantic else "lexical"
    print(f"\nredline compare ({mode}), one fresh process per size, timeout {args.timeout:g} s")
    print(table(rows, ("MB", "source/derived MB", "outcome", "seconds", "peak MiB", "baseline s", "ratio")))
    fmt = lambda v: "n/a" if v is None else f"{v:.2f}"  # noqa: E731
    print(f"growth exponent (log time vs log size, sizes that ran): redline {fmt(slope)}, "
          f"baseline {fmt(base_slope)}")
    if not args.no_write:
        path = REPO / "bench" / "results" / "size_scaling.json"
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        modes = old.get("modes", {})
        modes[mode] = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "command": cmdline(),
                       "timeout": args.timeout, "exponent": slope, "baseline_exponent": base_slope,
                       "runs": runs}
        write_result("size_scaling", {"modes": modes})
        print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
