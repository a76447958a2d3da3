"""CPU of one lexical compare as the web server's compare worker makes it: ``workers.compare`` with
the worker's ``Comparer`` (semantic off, explain on) and its garbage-collector settings, on pairs no
other compare in the run has (bench/web_load.py's ``distinct_pairs``; text-keyed caches would make a
repeated pair look cheap). CPU per compare from ``time.process_time``; ``--profile`` adds cProfile's
top functions by their own time.

    python bench/compare_cpu.py [--pairs 40] [--warm 4] [--profile 25] [--no-write]
    cp bench/compare_cpu.py ../base/bench/ && python ../base/bench/compare_cpu.py --no-write  # a baseline
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time

from common import REPO, cmdline, table, write_result
from web_load import distinct_pairs


def compare_once(src, drv) -> float:
    from redline.web import workers
    t0 = time.process_time()
    workers.compare([src], drv, False)
    return 1000 * (time.process_time() - t0)


def top_functions(prof: cProfile.Profile, count: int) -> list[tuple]:
    stats = pstats.Stats(prof)
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:count]  # type: ignore[attr-defined]
    return [(f"{fn[0].split('/src/')[-1]}:{fn[1]} {fn[2]}", calls[1], round(1000 * calls[2], 1),
             round(1000 * calls[3], 1)) for fn, calls in rows]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--warm", type=int, default=4)
    ap.add_argument("--profile", type=int, default=0, help="print this many functions of cProfile's output")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    from redline.web import workers
    pairs = distinct_pairs(args.pairs + args.warm)
    workers.start(False)
    for src, drv in pairs[args.pairs:]:
        compare_once(src, drv)
    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    ms = [compare_once(src, drv) for src, drv in pairs[:args.pairs]]
    if prof:
        prof.disable()
        print(table(top_functions(prof, args.profile), ("function", "calls", "own ms", "with callees ms")))
    result = {"command": cmdline(), "repo": str(REPO), "pairs": args.pairs, "profiled": bool(prof),
              "cpu_ms_median": round(statistics.median(ms), 2), "cpu_ms_mean": round(statistics.mean(ms), 2),
              "cpu_ms_min": round(min(ms), 2), "cpu_ms_max": round(max(ms), 2)}
    print(table([(args.pairs, result["cpu_ms_median"], result["cpu_ms_mean"], result["cpu_ms_min"],
                  result["cpu_ms_max"])], ("pairs", "median ms", "mean ms", "min ms", "max ms")))
    if not args.no_write and not prof:
        print(f"wrote {write_result('compare_cpu', result).relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
