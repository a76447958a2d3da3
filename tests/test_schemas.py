"""The JSON contract: every output kind has a shipped schema, built from docs/json.md's tables, and
real outputs of every command (batch lines and error lines too) validate against it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from redline.schemas import KINDS, SCHEMA_VERSION, schema, validate
from redline.schemas.build import build

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
LICENSE = ROOT / "tests" / "fixtures" / "license"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def redline(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": str(cwd or ROOT)}
    return subprocess.run([sys.executable, "-c", "from redline.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def json_of(*args, cwd=None):
    proc = redline(*args, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_shipped_schemas_are_the_ones_the_doc_builds():
    built = build(ROOT / "docs" / "json.md")
    assert set(built) == set(KINDS)
    for kind in KINDS:
        assert schema(kind) == built[kind], f"{kind}: run python -m redline.schemas.build docs/json.md"


@pytest.mark.parametrize("kind", KINDS)
def test_every_schema_is_a_valid_schema_with_the_version_key(kind):
    jsonschema.Draft202012Validator.check_schema(schema(kind))
    roots = [schema(kind)] if kind != "batch-line" else [
        schema(kind)["$defs"][r["$ref"].rsplit("/", 1)[1]] for r in schema(kind)["anyOf"]]
    for root in roots:
        assert root["properties"]["redline"] == {"const": SCHEMA_VERSION} and "redline" in root["required"]


def test_schema_command_lists_and_prints():
    proc = redline("schema")
    assert proc.returncode == 0 and proc.stdout.split() == list(KINDS)
    assert json_of("schema", "trace") == schema("trace")
    bad = redline("schema", "nope")
    assert bad.returncode == 2 and bad.stderr.startswith("redline: error: nope: no such output kind")


def test_a_drift_fails_validation():
    data = json_of("compare", EX / "wire.txt", EX / "rewrite.txt", "--no-semantic", "-f", "json")
    validate(data, "comparison")
    for broken in ({**data, "surprise": 1}, {k: v for k, v in data.items() if k != "reuse"},
                   {**data, "redline": 2}, {**data, "counts": {**data["counts"], "verbatim": "3"}}):
        with pytest.raises(jsonschema.ValidationError):
            validate(broken, "comparison")


@pytest.mark.parametrize("args", [
    ["compare", EX / "wire.txt", EX / "rewrite.txt"],
    ["compare", EX / "wire.txt", EX / "rewrite.txt", "--policy", "cc-by-nd"],
    ["compare", "-s", ARTICLES / "source.txt", "-s", ARTICLES / "update.txt", ARTICLES / "derived_two.txt"],
    ["compare", LICENSE / "sources" / "clinic.html", LICENSE / "copies" / "clinic-ok.html", "--policy", "auto"],
], ids=["examples", "policy", "two-sources", "html-policy"])
def test_comparisons_validate(args):
    data = json_of(*args, "--no-semantic", "-f", "json")
    validate(data, "comparison")
    assert ("license" in data) == ("--policy" in args)  # the doc's rule: present only with a policy


@pytest.mark.parametrize("source, copy", [(EX / "wire.txt", EX / "rewrite.txt"),
                                          (LICENSE / "sources" / "clinic.html", LICENSE / "copies" / "clinic-no-credit.html"),
                                          (LICENSE / "sources" / "river.txt", LICENSE / "copies" / "river-verbatim.txt")])
def test_license_and_framing_validate(source, copy):
    validate(json_of("license", source, copy, "-f", "json"), "license")
    validate(json_of("framing", copy, "--no-semantic", "-f", "json"), "framing")


def test_corpus_outputs_validate(tmp_path):
    db = tmp_path / "c.db"
    validate(json_of("corpus", "add", EX, ARTICLES, "--db", db, "-f", "json"), "corpus-add")
    validate(json_of("corpus", "stats", "--db", db, "-f", "json"), "corpus-stats")
    validate(json_of("trace", EX / "rewrite.txt", "--db", db, "-f", "json"), "trace")
    clusters = json_of("clusters", "--db", db, "-f", "json")
    validate(clusters, "clusters")
    assert clusters["clusters"]
    validate(json_of("lineage", clusters["clusters"][0]["cluster"], "--db", db, "-f", "json"), "lineage")


def test_batch_and_error_lines_validate(tmp_path):
    (tmp_path / "wire.txt").write_bytes((EX / "wire.txt").read_bytes())
    (tmp_path / "rewrite.txt").write_bytes((EX / "rewrite.txt").read_bytes())
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "ok", "sources": ["wire.txt"], "derived": "rewrite.txt"}) + "\n"
                     + json.dumps({"id": "gone", "sources": ["nope.txt"], "derived": "rewrite.txt"}) + "\n{bad\n")
    sentences = tmp_path / "s.jsonl"
    sentences.write_text('{"id": "s1", "text": "Critics say the reckless plan is a disaster."}\n{"id": "s2"}\n')
    db = tmp_path / "c.db"
    assert redline("corpus", "add", tmp_path / "wire.txt", "--db", db).returncode == 0
    ids = tmp_path / "ids.txt"
    ids.write_text(f"rewrite.txt\nmissing.txt\n{tmp_path / 'wire.txt'}\n")
    runs = [("compare", "--batch", pairs, "--no-semantic"), ("framing", "--batch", sentences, "--no-semantic"),
            ("trace", "--batch", ids, "--db", db)]
    for args in runs:
        proc = redline(*args, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        lines = [json.loads(x) for x in proc.stdout.splitlines()]
        assert any("error" in x for x in lines) and any("error" not in x for x in lines)
        for line in lines:
            validate(line, "batch-line")
            if "error" in line:
                validate(line, "error")
