"""Republication-terms checks against the labelled fixture set in tests/fixtures/license/.

Per requirement: status accuracy, and precision/recall of flagging a breach (unmet or partial).
Per case: verdict accuracy (overall and per set: `dev` cases were used while writing the checks,
`late` and `holdout` ones were written afterwards), and the count of `compliant` verdicts on copies that break a
requirement (target 0). Writes bench/results/license.json.

    python bench/license.py [--semantic]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from common import REPO, cmdline, prf, table, update_result

FIXTURES = REPO / "tests" / "fixtures" / "license"
BREACH = ("unmet", "partial")


def run_case(case: dict, comparer) -> dict:
    from redline.license import check_comparison, load_policy
    policy = case.get("policy")
    if policy and policy.endswith(".toml"):
        policy = str(FIXTURES / policy)
    comparison = comparer.compare(sources=[str(FIXTURES / case["source"])], derived=str(FIXTURES / case["copy"]))
    lic = check_comparison(comparison, load_policy(policy) if policy else None).license
    return {"verdict": lic["verdict"], "statuses": {r["name"]: r["status"] for r in lic["requirements"]}}


def evaluate(cases: list[dict], results: list[dict]) -> dict:
    per_req: dict[str, dict[str, list]] = defaultdict(lambda: {"gold": [], "pred": []})
    extra = []
    for case, res in zip(cases, results):
        for name in sorted(set(case["expect"]) | set(res["statuses"])):
            gold, pred = case["expect"].get(name, "absent"), res["statuses"].get(name, "absent")
            per_req[name]["gold"].append(gold)
            per_req[name]["pred"].append(pred)
            if gold != pred:
                extra.append(f"{case['id']}: {name} expected {gold}, got {pred}")
    reqs = {}
    for name, d in sorted(per_req.items()):
        gold = ["breach" if g in BREACH else "ok" for g in d["gold"]]
        pred = ["breach" if p in BREACH else "ok" for p in d["pred"]]
        p, r, f = prf(gold, pred, "breach")
        reqs[name] = {"n": len(gold), "status_accuracy": _acc(d["gold"], d["pred"]),
                      "breach_precision": p, "breach_recall": r, "breach_f1": f,
                      "breaches": gold.count("breach")}
    verdict_ok = [c["verdict"] == r["verdict"] for c, r in zip(cases, results)]
    false_compliant = [c["id"] for c, r in zip(cases, results) if c["breaks"] and r["verdict"] == "compliant"]
    by_set = defaultdict(list)
    for c, ok in zip(cases, verdict_ok):
        by_set[c.get("set", "dev")].append(ok)
    return {"cases": len(cases), "verdict_accuracy": sum(verdict_ok) / len(cases),
            "verdict_accuracy_by_set": {k: {"cases": len(v), "accuracy": sum(v) / len(v)}
                                        for k, v in sorted(by_set.items())},
            "false_compliant": false_compliant, "requirements": reqs, "mismatches": extra,
            "verdict_errors": [f"{c['id']}: expected {c['verdict']}, got {r['verdict']}"
                               for c, r in zip(cases, results) if c["verdict"] != r["verdict"]]}


def _acc(gold: list, pred: list) -> float:
    return sum(1 for g, p in zip(gold, pred) if g == p) / max(len(gold), 1)


def main() -> None:
    import json

    from redline.pipeline import Comparer
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--semantic", action="store_true", help="use sentence embeddings in the comparison")
    args = ap.parse_args()
    cases = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))["cases"]
    comparer = Comparer(semantic=bool(args.semantic))
    start = time.perf_counter()
    results = [run_case(c, comparer) for c in cases]
    seconds = time.perf_counter() - start
    out = evaluate(cases, results)
    rows = [(name, r["n"], r["breaches"], r["status_accuracy"], r["breach_precision"], r["breach_recall"])
            for name, r in out["requirements"].items()]
    print(table(rows, ("requirement", "cases", "breaches", "status acc", "breach P", "breach R")))
    print(f"\nverdict accuracy {out['verdict_accuracy']:.3f} over {out['cases']} cases "
          f"(target >= 0.95); compliant verdicts on breaking copies: {len(out['false_compliant'])} (target 0)")
    for name, s in out["verdict_accuracy_by_set"].items():
        print(f"  {name}: verdict accuracy {s['accuracy']:.3f} over {s['cases']} cases")
    for line in out["verdict_errors"] + out["mismatches"]:
        print("  " + line)
    mode = "lexical+semantic" if args.semantic else "lexical"
    path = update_result("license", mode, {"command": cmdline(), "seconds": round(seconds, 3), **out})
    print(f"wrote {path} ({mode})")
    if out["false_compliant"]:
        sys.exit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
