"""``redline framing`` end to end: formats, --html, --batch, --lexicon, and bad input."""
from __future__ import annotations

import json
import sys

import pytest
from conftest import EXAMPLES

from redline import embed as semantic_mod
from redline.cli import main

REWRITE = str(EXAMPLES / "rewrite.txt")


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    def missing():
        raise ModuleNotFoundError("No module named 'sentence_transformers'")
    monkeypatch.setattr(semantic_mod, "_load_model", missing)
    monkeypatch.setattr(semantic_mod, "_default", None)


@pytest.fixture
def run(monkeypatch, capsys):
    def _run(*args):
        monkeypatch.setattr(sys, "argv", ["redline", "framing", *map(str, args)])
        with pytest.raises(SystemExit) as exc:
            main()
        out = capsys.readouterr()
        return (exc.value.code or 0), out.out, out.err
    return _run


def one_line_error(code, err, name):
    assert code == 2 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("redline: error: ") and name in lines[0]


def test_json(run):
    code, out, _ = run(REWRITE, "--format", "json", "--no-semantic")
    data = json.loads(out)
    assert code == 0 and data["article"]["id"] == REWRITE and not data["semantic"]
    with open(REWRITE, encoding="utf-8") as f:
        text = f.read()
    body = text[text.index("\n\n") + 2:]
    for s in data["sentences"]:
        assert {"biased", "bias_score", "subjective", "subjectivity", "loaded"} <= set(s)
        for sp in s["loaded"]:
            assert body[sp["start"]:sp["end"]] == sp["text"]
    assert data["title"]["loaded"] and data["summary"]["biased"] >= 6
    assert data["quotes"][0]["speaker"] == "one agent"


def test_text_and_missing_model_note(run):
    code, out, _ = run(REWRITE)
    assert code == 0 and "redline framing" in out and "rioting thugs" in out
    assert "semantic" in out  # the note that the model is not installed


def test_html_escapes_article_text(run, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Title: <b>Head</b>\n\nThe mob <script>alert(1)</script> rioted. Officials said so.\n",
                   encoding="utf-8")
    page = tmp_path / "out.html"
    code, _, _ = run(art, "--html", page, "--no-semantic", "--format", "json")
    html = page.read_text(encoding="utf-8")
    assert code == 0 and "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>Head</b>" not in html and "mob" in html


def test_batch_lines_and_errors(run, tmp_path):
    batch = tmp_path / "s.jsonl"
    batch.write_text('{"id": "a", "text": "The mob rioted again, critics say."}\n\n'
                     '{"id": "b", "text": "Police said 3 people were arrested."}\n'
                     'not json\n{"id": "c"}\n', encoding="utf-8")
    code, out, err = run("--batch", batch, "--no-semantic")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "2 of 4" in err
    assert [r["id"] for r in rows] == ["a", "b", f"{batch}:4", f"{batch}:5"]
    assert rows[0]["biased"] and rows[0]["loaded"][0]["text"] == "mob rioted" and not rows[1]["biased"]
    assert "malformed JSON" in rows[2]["error"] and "text" in rows[3]["error"]


def test_batch_to_output_file(run, tmp_path):
    batch = tmp_path / "s.jsonl"
    batch.write_text('{"id": 1, "text": "A massive, shameful failure."}\n', encoding="utf-8")
    out_file = tmp_path / "out.jsonl"
    code, out, _ = run("--batch", batch, "-o", out_file, "--no-semantic")
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text(encoding="utf-8"))["id"] == 1


def test_lexicon_extends(run, tmp_path):
    lex = tmp_path / "mine.tsv"
    lex.write_text("loaded\tbanana republic\t0.9\ta country\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("The country is a banana republic, the minister said.\n", encoding="utf-8")
    _, out, _ = run(art, "--format", "json", "--no-semantic")
    assert not json.loads(out)["sentences"][0]["loaded"]
    _, out, _ = run(art, "--format", "json", "--no-semantic", "--lexicon", lex)
    assert json.loads(out)["sentences"][0]["loaded"][0]["text"] == "banana republic"


@pytest.mark.parametrize("setup, name", [
    (lambda p: None, "missing.txt"),
    (lambda p: (p / "empty.txt").write_text(""), "empty.txt"),
    (lambda p: (p / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8),
     "photo.jpg"),
])
def test_bad_article(run, tmp_path, setup, name):
    setup(tmp_path)
    code, _, err = run(tmp_path / name, "--no-semantic")
    one_line_error(code, err, name)


def test_bad_lexicon_and_bad_usage(run, tmp_path):
    lex = tmp_path / "bad.tsv"
    lex.write_text("colour\tred\n", encoding="utf-8")
    code, _, err = run(REWRITE, "--lexicon", lex, "--no-semantic")
    one_line_error(code, err, "bad.tsv:1")
    code, _, err = run("--no-semantic")
    one_line_error(code, err, "framing")
    code, _, err = run(REWRITE, "--batch", lex, "--no-semantic")
    one_line_error(code, err, "framing")
