"""CI gate: run the benchmarks bench/floors.json names (METER, derivation and sentence-matching
transfer, framing lexicon-only, added-sentence opinion, licence, pages), the modes the floors pin,
and fail if a figure drops below its floor (a benchmark that exits non-zero fails the gate too:
bench/license.py and bench/pages.py do on any `compliant` verdict for a breaking copy,
bench/pages.py also on a chrome line in the alignment). The floors pin the grouped and transfer
figures of bench/protocol.py, and each shipped model file's `drift_ok` (the file still scores the
figure it records). Floors sit a little under measured figures and only ever go up. A few
minutes on 2 cores.

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


def _entry(bench: str, entry: dict) -> tuple[str, list[str], str, dict]:
    if "checks" in entry:
        return entry["script"], list(entry.get("args", [])), entry.get("result", bench), entry["checks"]
    return f"{bench}.py", [], bench, entry


def main() -> int:
    floors = json.loads((HERE / "floors.json").read_text(encoding="utf-8"))
    failed = []
    for bench, entry in floors["benchmarks"].items():
        script, args, name, checks = _entry(bench, entry)
        proc = subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE.parent)
        if proc.returncode != 0:
            failed.append(f"{script} exited {proc.returncode}")
            continue
        result = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
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
