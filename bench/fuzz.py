"""Long seeded fuzz run of issue 11's property over every reader, the API and the commands.

    python bench/fuzz.py --n 100000 --seed 0

Input i is made from random.Random(f"{seed}:{i}") by one generator family (tests/fuzz/fuzz_inputs.py)
and goes to one target (tests/fuzz/fuzz_harness.py): most to the readers (cheap), some to the API and
the commands in-process, a few hundred through the batch commands and `corpus add` with good items
around the bad one, a few through odd paths and gzip bombs. Each input runs under a wall-clock
deadline. Prints tried / accepted / clean error / other exception / over deadline / invalid result /
good items lost per target and per format, the first minimal repros of each failure class (written to
bench/results/fuzz_failures/), and writes bench/results/fuzz.json.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

import fuzz_harness as fh  # noqa: E402
import fuzz_inputs as fi  # noqa: E402

COLUMNS = ("tried", fh.ACCEPTED, fh.CLEAN, fh.OTHER, fh.HANG, fh.INVALID, fh.LOST)
# Share of inputs per target group; the rest of each group is spread evenly over its targets.
ROUTES = ((0.9135, fh.READERS), (0.02, fh.API), (0.06, fh.COMMANDS), (0.004, fh.BATCHES))
PATH_SHARE = 0.002         # odd paths (FIFO, device, loop, directory, ...) through the readers
BOMB_SHARE = 0.0005        # .warc.gz gzip bombs, 16-200 MB of zeros
MAX_FILES = 50             # repro files kept in all
PER_CLASS = 3              # smallest repros kept per failure class
MEMORY_CAP = 6 << 30       # address-space limit for this process: a runaway allocation fails, not the machine


def pick(rng: random.Random):
    """(target name, target, case) for one input."""
    r = rng.random()
    if r < BOMB_SHARE:
        mb = rng.choice((16, 64, 200))
        case = fi.Case("bomb", ".warc.gz", fi.warc_bomb(mb << 20, html=rng.random() < 0.5), f"gzip bomb {mb} MB")
        name = rng.choice(("load_articles", "iter_warc"))
        return name, fh.READERS[name], case
    if r < BOMB_SHARE + PATH_SHARE:
        return "paths", t_path, fi.Case("path", "", rng.choice(PATHS).encode("utf-8", "surrogateescape"), "odd path")
    r = rng.random()
    for share, group in ROUTES:  # noqa: B007 - the group the loop stops on is used below
        if r < share:
            break
        r -= share
    name = rng.choice(sorted(group))
    fmt = rng.choice(sorted(fi.GENERATORS))
    return name, group[name], fi.GENERATORS[fmt](rng)


PATHS = ("", ".", "/", "/dev/null", "/dev/zero", "/dev/urandom", "/proc/self/status", "@FIFO", "@LOOP", "@DIR",
         "@DANGLING", "@NONUTF8", "x" * 5000, "a\x00b", "~", "-", "http://[bad", "file:///etc/hostname")


def t_path(case, workdir):
    """One odd path through a random reader. Device files are only given to readers that refuse them
    before reading (the bench must not fill memory): /dev/zero and /dev/urandom go through a size check."""
    from redline import ingest
    raw = case.data.decode("utf-8", "surrogateescape")
    path = _materialise(raw, workdir)
    reader = random.Random(raw).choice(("read_text", "load_articles", "load_article"))
    if raw in ("/dev/zero", "/dev/urandom"):
        return _device(reader, path)
    return fh.call(getattr(ingest, reader), path)


def _materialise(raw: str, workdir: Path) -> str:
    if raw == "@FIFO":
        os.mkfifo(workdir / "fifo")
        return str(workdir / "fifo")
    if raw == "@LOOP":
        (workdir / "loop").symlink_to(workdir / "loop")
        return str(workdir / "loop")
    if raw == "@DIR":
        return str(workdir)
    if raw == "@DANGLING":
        (workdir / "dangling").symlink_to(workdir / "nowhere")
        return str(workdir / "dangling")
    if raw == "@NONUTF8":
        p = os.fsencode(str(workdir)) + b"/caf\xe9.txt"
        with open(p, "wb") as f:
            f.write(fi.text_file(fi.good_article(random.Random(0))).encode())
        return os.fsdecode(p)
    return raw


def _device(reader: str, path: str) -> fh.Outcome:
    """A device read in a child process under a 1 GB memory limit: refused cleanly, or a failure."""
    import subprocess
    code = ("import resource, sys\nresource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from redline.errors import RedlineError\nfrom redline import ingest\n"
            f"try:\n    ingest.{reader}({path!r}); print('accepted')\n"
            "except RedlineError as e:\n    print('clean', e)\n"
            "except BaseException as e:\n    print('other', type(e).__name__)\n")
    try:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=15,
                           env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    except subprocess.TimeoutExpired:
        return fh.Outcome(fh.HANG, f"{reader}({path}) over 15 s")
    word = (r.stdout.split() or ["other"])[0]
    if word == "clean":
        return fh.Outcome(fh.CLEAN)
    if word == "accepted":
        return fh.Outcome(fh.ACCEPTED)
    detail = (r.stdout.split() + ["killed"])[1] if r.stdout else f"exit {r.returncode}"
    return fh.Outcome(fh.OTHER, f"{detail} in ingest.{reader}({path}) under a 1 GB limit")


def deadline_for(name: str) -> float:
    return 5.0 if name in fh.READERS or name == "paths" else 20.0


def failure_class(name: str, out: fh.Outcome) -> str:
    detail = re.sub(r"\d+", "N", out.detail)[:90] if out.kind != fh.OTHER else out.detail
    return f"{name} | {out.kind} | {detail}"


def run(n: int, seed: int, results: Path, failures_dir: Path) -> dict:
    fh.no_color_env()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > MEMORY_CAP:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, hard))
    import logging
    logging.disable(logging.CRITICAL)  # trafilatura and warcio log every broken page
    root = Path(tempfile.mkdtemp(prefix="redline-fuzz-"))
    by_target: dict[str, Counter] = defaultdict(Counter)
    by_format: dict[str, Counter] = defaultdict(Counter)
    cross: dict[str, Counter] = defaultdict(Counter)
    classes: Counter = Counter()
    repros: dict[str, list] = defaultdict(list)
    seconds: dict[str, float] = defaultdict(float)
    peak_rss = 0
    start = time.perf_counter()
    try:
        for i in range(n):
            rng = random.Random(f"{seed}:{i}")
            name, target, case = pick(rng)
            workdir = fh.fresh_dir(root, i)
            t0 = time.perf_counter()
            out = fh.run_guarded(partial(target, case, workdir), deadline_for(name))
            seconds[name] += time.perf_counter() - t0
            kinds = [out.kind] + ([fh.LOST] if out.lost and out.kind != fh.LOST else [])
            for table, key in ((by_target, name), (by_format, case.fmt), (cross, f"{name} / {case.fmt}")):
                table[key]["tried"] += 1
                for k in kinds:
                    table[key][k] += 1
            if out.kind not in (fh.ACCEPTED, fh.CLEAN) or out.lost:
                cls = failure_class(name, out)
                classes[cls] += 1
                repros[cls].append((len(case.data), i, case))
                repros[cls] = sorted(repros[cls], key=lambda t: t[:2])[:PER_CLASS]
            if case.fmt == "bomb":
                peak_rss = max(peak_rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
            if n >= 20 and (i + 1) % (n // 20) == 0:
                print(f"  {i + 1}/{n} inputs, {time.perf_counter() - start:.0f} s, {sum(classes.values())} failures",
                      file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    files = save_repros(classes, repros, failures_dir, seed)
    return {"command": f"python bench/fuzz.py --n {n} --seed {seed}", "n": n, "seed": seed,
            "seconds": round(time.perf_counter() - start, 1), "peak_rss_mb_after_bombs": peak_rss,
            "columns": list(COLUMNS),
            "by_target": {k: dict(v) for k, v in sorted(by_target.items())},
            "by_format": {k: dict(v) for k, v in sorted(by_format.items())},
            "by_target_and_format": {k: dict(v) for k, v in sorted(cross.items())},
            "seconds_by_target": {k: round(v, 1) for k, v in sorted(seconds.items())},
            "failure_classes": [{"class": c, "count": k, "repros": files.get(c, [])} for c, k in classes.most_common()]}


def save_repros(classes: Counter, repros: dict, folder: Path, seed: int) -> dict[str, list]:
    """Every class's smallest inputs (index and seed, to replay); as files, one per class in turn,
    most frequent first, at most PER_CLASS for a cause shared by several targets and MAX_FILES in all."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    saved = {cls: [{"input": i, "seed": f"{seed}:{i}", "bytes": size, "note": case.note, "file": None}
                   for size, i, case in repros[cls]] for cls in classes}
    per_cause: Counter = Counter()
    budget = MAX_FILES
    for rank in range(PER_CLASS):
        for cls, _ in classes.most_common():
            target, cause = cls.split(" | ", 1)
            if budget <= 0 or rank >= len(repros[cls]) or per_cause[cause] >= PER_CLASS:
                continue
            size, i, case = repros[cls][rank]
            if case.fmt == "bomb":
                continue
            slug = re.sub(r"[^A-Za-z0-9]+", "-", cause)[:60].strip("-")
            path = folder / f"{target}__{slug}__{i}{case.suffix or '.bin'}"
            path.write_bytes(case.data)
            saved[cls][rank]["file"] = os.path.relpath(path, ROOT)
            per_cause[cause] += 1
            budget -= 1
    return saved


def replay(i: int, seed: int) -> None:
    fh.no_color_env()
    name, target, case = pick(random.Random(f"{seed}:{i}"))
    with tempfile.TemporaryDirectory() as tmp:
        out = fh.run_guarded(lambda: target(case, fh.fresh_dir(Path(tmp), i)), deadline_for(name))
    print(f"input {i} (seed {seed}): target {name}, {case.note}, {len(case.data)} bytes{case.suffix}")
    print(f"  {out.kind}: {out.detail}  lost={out.lost}  {out.extra}")
    print(f"  data: {case.data[:300]!r}")


def table(title: str, rows: dict[str, dict]) -> str:
    head = f"{title:<26}" + "".join(f"{c:>16}" for c in COLUMNS)
    lines = [head, "-" * len(head)]
    total = Counter()
    for key, row in rows.items():
        total.update(row)
        lines.append(f"{key:<26}" + "".join(f"{row.get(c, 0):>16}" for c in COLUMNS))
    lines.append(f"{'all':<26}" + "".join(f"{total.get(c, 0):>16}" for c in COLUMNS))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="inputs to try")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "fuzz.json")
    ap.add_argument("--failures", type=Path, default=ROOT / "bench" / "results" / "fuzz_failures")
    ap.add_argument("--replay", type=int, metavar="I", help="rerun input I of this seed alone and print what happened")
    args = ap.parse_args()
    if args.replay is not None:
        replay(args.replay, args.seed)
        return
    data = run(args.n, args.seed, args.out, args.failures)
    print(table("target", data["by_target"]))
    print()
    print(table("format", data["by_format"]))
    print("\n'good items lost' counts inputs after which good items around the bad one were missing "
          "(also when the run ended in another exception).")
    print(f"\n{len(data['failure_classes'])} failure classes "
          f"(first repros under {os.path.relpath(args.failures, ROOT)}):")
    for fc in data["failure_classes"]:
        first = fc["repros"][0] if fc["repros"] else {}
        print(f"  {fc['count']:>6}  {fc['class'][:150]}\n"
              f"          e.g. --replay {first.get('input')} ({first.get('note')}, "
              f"{first.get('bytes')} bytes) {first.get('file') or ''}")
    print(f"\n{data['n']} inputs in {data['seconds']:.0f} s; "
          f"peak RSS after the gzip bombs {data['peak_rss_mb_after_bombs']} MB")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
