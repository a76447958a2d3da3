"""The labelled fixture set (tests/fixtures/license/manifest.json): every case's statuses and verdict."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from redline.license import check_comparison, load_policy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "license"
CASES = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))["cases"]


def test_fixture_set_is_large_and_varied():
    assert len(CASES) >= 30
    kinds = {Path(c["copy"]).suffix for c in CASES}
    assert kinds == {".txt", ".html"}
    assert {c["verdict"] for c in CASES} == {"compliant", "breach", "undetermined"}
    statuses = {s for c in CASES for s in c["expect"].values()}
    assert statuses == {"met", "unmet", "partial", "unknown"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case, comparer):
    policy = case["policy"]
    if policy and policy.endswith(".toml"):
        policy = str(FIXTURES / policy)
    comparison = comparer.compare(sources=[str(FIXTURES / case["source"])], derived=str(FIXTURES / case["copy"]))
    lic = check_comparison(comparison, load_policy(policy) if policy else None).license
    got = {r["name"]: r["status"] for r in lic["requirements"]}
    assert got == case["expect"], lic["summary"]
    assert lic["verdict"] == case["verdict"]
    if case["breaks"]:
        assert lic["verdict"] != "compliant"
    copy = comparison.derived
    for r in lic["requirements"]:
        for ev in r["evidence"]:
            if ev.get("in") == "text" and ev["article"] == copy.id:
                assert copy.text[ev["start"]:ev["end"]] == ev["text"]
            elif ev.get("in") == "html" and ev["article"] == copy.id:
                assert copy.html[ev["start"]:ev["end"]] == ev["text"]
            elif "sentence" in ev and ev.get("start") is not None:
                article = copy if ev["article"] == copy.id else comparison.source
                assert article.text[ev["start"]:ev["end"]] == ev["text"]
