"""Property over every page fixture pair (tests/fixtures/pages/pairs): no line of page chrome, as the
gold lists it, is ever an added or dropped sentence or the evidence of a finding."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from redline.pipeline import Comparer

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
PAIRS = sorted((PAGES / "pairs").glob("*.json"))


def gold_chrome_spans(text: str, gold_path: Path) -> list[tuple[int, int, str]]:
    """Where each gold chrome line sits in the article text (every occurrence of it as a whole line)."""
    wanted = {" ".join(c["text"].split()) for c in json.loads(gold_path.read_text(encoding="utf-8"))["chrome"]}
    spans, pos = [], 0
    for raw in text.split("\n"):
        line = raw.strip()
        if line and " ".join(line.split()) in wanted:
            start = pos + raw.index(line)
            spans.append((start, start + len(line), line))
        pos += len(raw) + 1
    return spans


@pytest.fixture(scope="module")
def comparer():
    return Comparer(semantic=False)


@pytest.mark.parametrize("pair_path", PAIRS, ids=[p.stem for p in PAIRS])
def test_no_chrome_line_is_aligned_or_a_finding(pair_path, comparer):
    pair = json.loads(pair_path.read_text(encoding="utf-8"))
    src, cpy = PAGES / pair["source"], PAGES / pair["copy"]
    comp = comparer.compare(sources=[str(src)], derived=str(cpy), policy=pair["policy"])
    arts = {a.id: a for a in (*comp.sources, comp.derived)}
    golds = {str(src): src.with_suffix(".gold.json"), str(cpy): cpy.with_suffix(".gold.json")}
    spans = {aid: gold_chrome_spans(a.text, golds[aid]) for aid, a in arts.items()}
    data = comp.to_dict()
    touched = []

    def check(aid, start, end, what):
        touched.extend(f"{what}: {line}" for a, b, line in spans.get(aid, []) if start < b and a < end)
    for m in data["derived_sentences"]:
        if m["label"] == "added":
            check(comp.derived.id, m["start"], m["end"], "added")
    for s in data["source_sentences"]:
        if s["status"] == "dropped":
            check(s["article"], s["start"], s["end"], "dropped")
    for f in data["findings"]:
        for side in ("derived", "source"):
            for e in f.get(side) or []:
                check(e.get("article"), e.get("start", 0), e.get("end", 0), f"finding {f.get('kind', '')}")
    assert not touched, touched
