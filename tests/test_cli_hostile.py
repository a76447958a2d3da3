"""Batch commands with hostile lines: every bad line gets its own "error", the good ones around it
still get results, and files written are whole (issue: one bad JSON string lost good data)."""
import json
import sys
from pathlib import Path

import pytest

from redline.cli import main

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
WIRE = (ARTICLES / "source.txt").read_text()
COPY = (ARTICLES / "derived.txt").read_text()
SURROGATE_LINE = '{"id": "bad\\ud800", "source": {"id": "s", "text": "%s \\ud800"}, "derived": {"id": "d", "text": "%s"}}'
DEEP_LINE = '{"id": "deep", "x": ' + "[" * 1000 + "]" * 1000 + "}"


@pytest.fixture
def cli(monkeypatch, capsys):
    def _run(*args):
        monkeypatch.setattr(sys, "argv", ["redline", *map(str, args)])
        with pytest.raises(SystemExit) as exc:
            main()
        out = capsys.readouterr()
        return exc.value.code or 0, out.out, out.err
    return _run


def good_job(k: int) -> str:
    return json.dumps({"id": f"good{k}", "source": {"id": "s", "text": WIRE}, "derived": {"id": "d", "text": COPY}})


def test_compare_batch_keeps_good_lines_around_bad_strings(cli, tmp_path):
    text = lambda s: json.dumps(s)[1:-1]  # noqa: E731
    lines = [good_job(0), SURROGATE_LINE % (text(WIRE), text(COPY)), DEEP_LINE, good_job(1)]
    batch = tmp_path / "pairs.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    out_path = tmp_path / "out.jsonl"
    code, out, err = cli("compare", "--batch", batch, "--no-semantic", "-o", out_path)
    rows = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in rows] == ["good0", "bad\ufffd", None, "good1"]
    assert "error" not in rows[0] and "error" not in rows[3]
    assert "error" not in rows[1]  # repaired, not refused: the invalid character is replaced and noted
    assert any("replaced" in n for n in rows[1]["notes"])
    assert "nested too deeply" in rows[2]["error"]
    assert code == 1 and "Traceback" not in err


def test_html_report_is_written_whole_for_invalid_strings(cli, tmp_path):
    src, drv = tmp_path / "s.json", tmp_path / "d.json"
    src.write_text(json.dumps({"id": "s", "title": "Wire \ud800", "text": WIRE}))
    drv.write_text(json.dumps({"id": "d", "title": "Copy", "text": COPY + " \udfff"}))
    report = tmp_path / "r.html"
    code, out, err = cli("compare", src, drv, "--no-semantic", "--html", report)
    assert code == 0, err
    assert report.stat().st_size > 1000
    report.read_text(encoding="utf-8")


def test_failed_write_leaves_no_partial_file(cli, tmp_path):
    target = tmp_path / "missing-dir" / "r.html"
    code, out, err = cli("compare", ARTICLES / "source.txt", ARTICLES / "derived.txt", "--no-semantic",
                         "--html", target)
    assert code == 2 and err.startswith("redline: error: ") and "cannot write" in err
    assert not target.parent.exists() or not list(target.parent.iterdir())


def test_framing_batch_keeps_good_lines(cli, tmp_path):
    batch = tmp_path / "s.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "a", "text": "The mayor said the plan was a disgrace."}),
        '{"id": "b\\ud800", "text": "Officials \\udfff said the bridge would reopen."}',
        DEEP_LINE,
        json.dumps({"id": "c", "text": "The council met on Tuesday."}),
    ]) + "\n")
    code, out, err = cli("framing", "--batch", batch, "--no-semantic")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows[:2]] == ["a", "b\ufffd"] and rows[3]["id"] == "c"
    assert "error" in rows[2] and all("error" not in rows[k] for k in (0, 1, 3))
    assert code == 1 and "Traceback" not in err
