"""CI gate: run the METER and Clough benchmarks (lexical alignment, the mode the floors pin) and
fail if a figure drops below its floor in bench/floors.json. Floors sit a little under measured
figures and only ever go up. Takes well under a minute on 2 cores.

    python bench/gate.py
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def lookup(data: dict, dotted: str) -> float:
    for key in dotted.split("."):
        data = data[key]
    return float(data)


def main() -> int:
    floors = json.loads((HERE / "floors.json").read_text(encoding="utf-8"))
    failed = []
    for bench, checks in floors["benchmarks"].items():
        proc = subprocess.run([sys.executable, str(HERE / f"{bench}.py")], cwd=HERE.parent)
        if proc.returncode != 0:
            failed.append(f"{bench}.py exited {proc.returncode}")
            continue
        result = json.loads((RESULTS / f"{bench}.json").read_text(encoding="utf-8"))
        for name, floor in checks.items():
            got = lookup(result, name)
            ok = got >= floor
            print(f"gate: {bench} {name} = {got:.4f} (floor {floor}) {'ok' if ok else 'BELOW FLOOR'}")
            if not ok:
                failed.append(f"{bench} {name} {got:.4f} < {floor}")
    if failed:
        print("gate: FAILED: " + "; ".join(failed), file=sys.stderr)
        return 1
    print("gate: all figures at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
