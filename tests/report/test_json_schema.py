"""The JSON of `redline compare` has exactly the keys docs/json.md documents."""
from __future__ import annotations

import json
import re

import pytest
from conftest import EXAMPLES, ROOT
from typer.testing import CliRunner

from redline.cli import app
from redline.model import Evidence, Finding
from redline.report.json import dumps
from redline.text.normalise import tokens

DOC = ROOT / "docs" / "json.md"


def documented() -> dict[str, dict[str, bool]]:
    """{section heading: {key: optional}} from the key tables of docs/json.md."""
    sections: dict[str, dict[str, bool]] = {}
    heading = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            heading = line[4:].strip()
            sections[heading] = {}
            continue
        m = re.match(r"\|\s*`([^`]+)`\s*\|([^|]*)\|", line)
        if heading and m:
            sections[heading][m.group(1)] = "(optional)" in m.group(2)
    return sections


DOCS = documented()


def check(section: str, obj: dict, extra_ok: bool = False) -> None:
    keys = DOCS[section]
    required = {k for k, optional in keys.items() if not optional}
    assert required <= set(obj), f"{section}: missing {required - set(obj)}"
    if not extra_ok:
        assert set(obj) <= set(keys), f"{section}: undocumented {set(obj) - set(keys)}"


@pytest.fixture(scope="module")
def data(examples_comparison):
    return json.loads(dumps(examples_comparison))


def test_doc_has_the_tables_the_tests_read():
    for section in ("Top level", "Article", "Direction", "Reason", "Counts", "DerivedSentence",
                    "SourceRef", "SharedSpan", "SpanSource", "SourceSentence", "Finding", "Evidence", "Framing",
                    "License", "Policy", "Requirement", "Batch input line", "Batch output line"):
        assert DOCS.get(section), section


def test_top_level_and_nested_objects_match_the_doc(data):
    check("Top level", data)
    assert data["redline"] == 1
    for article in (data["derived"], *data["sources"]):
        check("Article", article)
    check("Direction", data["direction"])
    for reason in data["direction"]["reasons"]:
        check("Reason", reason)
    check("Counts", data["counts"])
    assert set(data["counts"]) == set(DOCS["Counts"])
    if "framing" in data:
        check("Framing", data["framing"])


def test_sentence_objects_match_the_doc(data):
    assert data["derived_sentences"] and data["source_sentences"]
    for s in data["derived_sentences"]:
        check("DerivedSentence", s)
        for ref in s["sources"]:
            check("SourceRef", ref)
        for span in s["spans"]:
            check("SharedSpan", span)
            check("SpanSource", span["source"])
    for s in data["source_sentences"]:
        check("SourceSentence", s)
    assert any(s["spans"] for s in data["derived_sentences"])


def test_sentences_come_in_text_order_and_slice_back(examples_comparison, data):
    texts = {a.id: a.text for a in (*examples_comparison.sources, examples_comparison.derived)}
    derived = texts[data["derived"]["id"]]
    starts = [s["start"] for s in data["derived_sentences"]]
    assert starts == sorted(starts) and [s["index"] for s in data["derived_sentences"]] == list(range(len(starts)))
    for s in data["derived_sentences"]:
        assert derived[s["start"]:s["end"]] == s["text"]
        for span in s["spans"]:
            assert derived[span["start"]:span["end"]] == span["text"]
            src = span["source"]
            same_words = [t.norm for t in tokens(texts[src["article"]][src["start"]:src["end"]])]
            assert same_words == [t.norm for t in tokens(span["text"])]
    for s in data["source_sentences"]:
        assert texts[s["article"]][s["start"]:s["end"]] == s["text"]


def test_findings_and_evidence_match_the_doc():
    ev = Evidence("a", 0, 0, 4, "This")
    finding = Finding("opinion_added", "high", "An added opinion.", derived=(ev,), source=(ev,), score=0.9)
    check("Finding", finding.to_dict())
    check("Evidence", ev.to_dict())
    with_data = Finding("loaded_language", "low", "x", data={"source_wording": "protesters"}).to_dict()
    check("Finding", with_data, extra_ok=True)


def test_licence_tables_name_the_keys_of_the_licence_check():
    assert set(DOCS["License"]) == {"policy", "requirements", "verdict", "summary"}
    assert {"name", "origin", "evidence"} <= set(DOCS["Policy"])
    assert {"name", "status", "evidence"} <= set(DOCS["Requirement"])
    text = DOC.read_text(encoding="utf-8")
    for word in ("`met`", "`unmet`", "`partial`", "`unknown`", "`compliant`", "`breach`", "`undetermined`"):
        assert word in text


def test_cli_json_and_batch_lines_match_the_doc(tmp_path):
    runner = CliRunner()
    wire, rewrite = str(EXAMPLES / "wire.txt"), str(EXAMPLES / "rewrite.txt")
    one = runner.invoke(app, ["compare", wire, rewrite, "--no-semantic", "--format", "json"])
    assert one.exit_code == 0, one.output
    check("Top level", json.loads(one.stdout))

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join([json.dumps({"id": "ok", "sources": [wire], "derived": rewrite}),
                                "",
                                json.dumps({"id": "missing", "sources": [str(tmp_path / "nope.txt")],
                                            "derived": rewrite}),
                                "{not json"]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["compare", "--batch", str(pairs), "--no-semantic", "--allow-paths-outside", "-o", str(out)])
    assert result.exit_code == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["ok", "missing", None]
    assert set(lines[0]) == {"id"} | set(json.loads(one.stdout))
    check("Top level", {k: v for k, v in lines[0].items() if k != "id"})
    for failed in lines[1:]:
        check("Batch output line", failed)
        assert "id" in failed
    assert "nope.txt" in lines[1]["error"]
