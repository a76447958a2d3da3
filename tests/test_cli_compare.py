"""``redline compare`` end to end: every flag, and every bad input gives one line on stderr and exit 2."""
import functools
import gzip
import http.server
import importlib
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from redline import embed as semantic_mod
from redline.cli import main
from redline.ingest import decode as decoding

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
FIXTURES = ARTICLES.parent
SOURCE, DERIVED = str(ARTICLES / "source.txt"), str(ARTICLES / "derived.txt")
UPDATE, DERIVED_TWO = str(ARTICLES / "update.txt"), str(ARTICLES / "derived_two.txt")


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    """Without --no-semantic the CLI would load the embedding model; simulate it missing instead."""
    def missing():
        raise ModuleNotFoundError("No module named 'sentence_transformers'")
    monkeypatch.setattr(semantic_mod, "_load_model", missing)
    monkeypatch.setattr(importlib.import_module("redline.pipeline"), "default_embedder", semantic_mod.Embedder)


@pytest.fixture
def run(monkeypatch, capsys):
    def _run(*args):
        monkeypatch.setattr(sys, "argv", ["redline", "compare", *map(str, args)])
        with pytest.raises(SystemExit) as exc:
            main()
        out = capsys.readouterr()
        code = exc.value.code
        return (0 if code is None else code), out.out, out.err
    return _run


def assert_one_line_error(code, out, err, name):
    assert code == 2, err
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("redline: error: ") and str(name) in lines[0]


# --- flags -----------------------------------------------------------------------------------------

def test_two_articles_text_report(run):
    code, out, err = run(DERIVED, SOURCE, "--no-semantic")
    assert code == 0, err
    assert "Verdict:" in out and f"source: {SOURCE}" in out and f"derived: {DERIVED}" in out
    assert "Dropped from the source" in out
    assert "Traceback" not in err


def test_format_json_infers_direction(run):
    code, out, err = run(DERIVED, SOURCE, "--format", "json", "--no-semantic")
    assert code == 0, err
    data = json.loads(out)
    assert data["direction"]["source"] == SOURCE and data["direction"]["inferred"] is True
    assert data["derived"]["id"] == DERIVED and data["semantic"] is False
    assert data["derivation"] in ("wholly", "partially", "none") and 0 <= data["reuse"] <= 1


def test_format_text_is_the_default(run):
    assert run(SOURCE, DERIVED, "--no-semantic")[1] == run(SOURCE, DERIVED, "--no-semantic", "--format", "text")[1]


def test_forced_source(run):
    code, out, _ = run("--source", DERIVED, SOURCE, "-f", "json", "--no-semantic")
    data = json.loads(out)
    assert code == 0 and data["direction"]["source"] == DERIVED and data["direction"]["inferred"] is False
    assert data["derived"]["id"] == SOURCE


def test_two_sources(run):
    code, out, _ = run("--source", SOURCE, "-s", UPDATE, DERIVED_TWO, "--format", "json", "--no-semantic")
    data = json.loads(out)
    assert code == 0
    assert [s["id"] for s in data["source"]] == [SOURCE, UPDATE]
    used = {ref["article"] for m in data["derived_sentences"] for ref in m["sources"]}
    assert used == {SOURCE, UPDATE}


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_output_file(run, tmp_path, fmt):
    target = tmp_path / f"result.{fmt}"
    code, out, _ = run(SOURCE, DERIVED, "--format", fmt, "--output", target, "--no-semantic")
    assert code == 0 and out == ""
    written = target.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(written)["direction"]["source"] == SOURCE
    else:
        assert "Verdict:" in written and "\x1b[" not in written


def test_html_report_is_written(run, tmp_path):
    target = tmp_path / "report.html"
    code, out, err = run(SOURCE, DERIVED, "--html", target, "--no-semantic")
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "</html>" in page.lower()
    assert "Verdict:" in out  # the terminal summary still goes to stdout


def test_no_semantic_has_no_note_and_default_notes_a_missing_model_once(run):
    code, out, err = run(SOURCE, DERIVED, "--format", "json", "--no-semantic")
    assert code == 0 and json.loads(out)["notes"] == [] and "note" not in err
    code, out, err = run(SOURCE, DERIVED, "--format", "json")
    assert code == 0
    assert len(json.loads(out)["notes"]) == 1
    assert err.count("semantic similarity is off") == 1 and "Traceback" not in err
    code, out, err = run(SOURCE, DERIVED)
    assert code == 0 and out.count("semantic similarity is off") == 1 and "semantic similarity" not in err


def write_batch(tmp_path):
    for name in ("source.txt", "derived.txt", "update.txt", "derived_two.txt"):
        shutil.copy(ARTICLES / name, tmp_path / name)
    jobs = [
        {"id": "one", "sources": ["source.txt"], "derived": "derived.txt"},
        {"id": "bad", "sources": ["source.txt"], "derived": "missing.txt"},
        "this line is not JSON",
        {"id": "two", "sources": ["source.txt", str(tmp_path / "update.txt")], "derived": "derived_two.txt"},
        {"id": "inline", "source": {"id": "s", "text": "The bridge will close on Monday for repairs."},
         "derived": {"id": "d", "text": "The bridge will close on Monday for repairs, officials said."}},
        {"id": "nosrc", "derived": "derived.txt"},
    ]
    lines = [j if isinstance(j, str) else json.dumps(j) for j in jobs]
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]) + "\n")
    return path


def check_batch_results(text):
    results = [json.loads(line) for line in text.splitlines()]
    assert [r.get("id") for r in results] == ["one", "bad", None, "two", "inline", "nosrc"]
    ok = {r["id"]: r for r in results if "error" not in r}
    assert set(ok) == {"one", "two", "inline"}
    assert ok["one"]["derivation"] in ("wholly", "partially")
    assert len(ok["two"]["source"]) == 2
    assert ok["inline"]["derived_sentences"][0]["label"] != "added"
    errors = [r["error"] for r in results if "error" in r]
    assert "missing.txt" in errors[0] and "no such file" in errors[0]
    assert "pairs.jsonl:3" in errors[1] and "malformed JSON" in errors[1]
    assert "sources" in errors[2]
    assert all("\n" not in e for e in errors)


def test_batch_reports_failed_lines_and_goes_on(run, tmp_path):
    code, out, err = run("--batch", write_batch(tmp_path), "--no-semantic")
    check_batch_results(out)
    assert code == 1  # documented: any failed line makes the exit status 1 (bad arguments are 2)
    assert "3 of 6 batch lines failed" in err and "Traceback" not in err


def test_batch_to_output_file(run, tmp_path):
    target = tmp_path / "results.jsonl"
    code, out, err = run("--batch", write_batch(tmp_path), "-o", target, "--no-semantic")
    assert code == 1 and out == ""
    check_batch_results(target.read_text(encoding="utf-8"))


def test_batch_all_good_exits_zero_and_notes_missing_model_once(run, tmp_path):
    path = tmp_path / "pairs.jsonl"
    job = json.dumps({"id": "x", "sources": [SOURCE], "derived": DERIVED})
    path.write_text("\n".join([job] * 3))
    code, out, err = run("--batch", path, "--allow-paths-outside")  # the fixtures are outside tmp_path
    assert code == 0 and len(out.splitlines()) == 3
    assert err.count("semantic similarity is off") == 1


def test_batch_reads_a_source_named_on_many_lines_once(run, tmp_path, monkeypatch):
    import redline.ingest as ingest
    loads = []
    real = ingest.load_article
    monkeypatch.setattr(ingest, "load_article", lambda path, *a, **kw: loads.append(str(path)) or real(path, *a, **kw))
    path = tmp_path / "pairs.jsonl"
    jobs = [{"id": f"x{k}", "sources": [SOURCE], "derived": d} for k, d in enumerate((DERIVED, DERIVED_TWO, DERIVED))]
    path.write_text("\n".join(json.dumps(j) for j in jobs))
    code, out, err = run("--batch", path, "--no-semantic", "--allow-paths-outside")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and loads.count(SOURCE) == 1 and loads.count(DERIVED) == 1
    assert {k: v for k, v in results[0].items() if k != "id"} == {k: v for k, v in results[2].items() if k != "id"}


def test_url_and_warc_inputs(run, tmp_path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ARTICLES))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/source.txt"
        code, out, err = run(url, DERIVED, "-f", "json", "--no-semantic", "--allow-private")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert code == 0, err
    data = json.loads(out)
    assert data["direction"]["source"] == url and data["source"]["outlet"] == "Northgate Press"

    warc = tmp_path / "page.warc.gz"
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = (FIXTURES / "html" / "article.html").read_bytes()
        writer.write_record(writer.create_warc_record("https://eastbay-courier.example/ferry", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    code, out, err = run("--source", warc, FIXTURES / "json" / "article.json", "-f", "json", "--no-semantic")
    assert code == 0, err
    data = json.loads(out)
    assert data["source"]["id"] == "https://eastbay-courier.example/ferry" and data["derived"]["id"] == "eastbay-001"
    assert data["counts"]["added"] == 0 and data["counts"]["kept"] == 2


# --- bad input -------------------------------------------------------------------------------------

def bad_file(tmp_path, kind):
    """A bad input of the given kind; returns its path."""
    path = tmp_path / {"empty": "empty.txt", "binary": "photo.jpg", "undecodable": "legacy.txt",
                       "nohtml": "app.html", "json": "broken.json", "warc": "broken.warc.gz",
                       "blank": "blank.txt", "header_only": "header.txt"}[kind]
    data = {
        "empty": b"",
        "blank": b"\n\n   \n",
        "binary": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8,
        "undecodable": bytes((i * 37 + 11) % 128 + 128 for i in range(4000)),
        "nohtml": (FIXTURES / "html" / "empty_page.html").read_bytes(),
        "json": b'{"id": "x", "text": "unterminated',
        "warc": gzip.compress(b"not a web archive\n" * 10),
        "header_only": b"Title: Nothing below\nDate: 2026-01-01\n\n",
    }[kind]
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", ["empty", "blank", "binary", "undecodable", "nohtml", "json", "warc",
                                  "header_only"])
@pytest.mark.parametrize("position", ["first", "second", "source"])
def test_bad_file_is_one_line_exit_2(run, tmp_path, kind, position):
    bad = bad_file(tmp_path, kind)
    args = {"first": (bad, SOURCE), "second": (SOURCE, bad), "source": ("--source", bad, DERIVED)}[position]
    assert_one_line_error(*run(*args, "--no-semantic"), bad)


@pytest.mark.parametrize("make", [
    lambda tmp: tmp / "missing.txt",
    lambda tmp: tmp,
])
def test_missing_file_and_directory(run, tmp_path, make):
    bad = make(tmp_path)
    assert_one_line_error(*run(SOURCE, bad, "--no-semantic"), bad)


def test_huge_file(run, tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text("A sentence of invented news. " * 200)
    monkeypatch.setattr(decoding, "MAX_BYTES", 4096)
    code, out, err = run(SOURCE, big, "--no-semantic")
    assert_one_line_error(code, out, err, big)
    assert "too large" in err


def test_unreachable_url(run):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/story"
    code, out, err = run(SOURCE, url, "--no-semantic", "--allow-private")
    assert_one_line_error(code, out, err, url)
    assert "cannot be reached" in err


@pytest.mark.parametrize("args, problem", [
    ((SOURCE,), "give two articles"),
    ((SOURCE, DERIVED, UPDATE), "give two articles"),
    (("--source", SOURCE, DERIVED, UPDATE), "exactly one derived"),
    (("--source", SOURCE), "exactly one derived"),
    (("--batch", SOURCE, DERIVED), "--batch takes no article"),
])
def test_bad_arguments(run, args, problem):
    code, out, err = run(*args, "--no-semantic")
    assert_one_line_error(code, out, err, "compare")
    assert problem in err


def test_missing_batch_file(run, tmp_path):
    assert_one_line_error(*run("--batch", tmp_path / "none.jsonl", "--no-semantic"), tmp_path / "none.jsonl")


def test_unwritable_output(run, tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    assert_one_line_error(*run(SOURCE, DERIVED, "-f", "json", "-o", target, "--no-semantic"), target)


def test_unknown_format_is_a_usage_error(run):
    code, out, err = run(SOURCE, DERIVED, "--format", "xml")
    assert code == 2 and "Traceback" not in out + err


# --- the installed console script ------------------------------------------------------------------

def redline_exe():
    exe = shutil.which("redline")
    return [exe] if exe else [sys.executable, "-c", "from redline.cli import main; main()"]


def test_console_script_end_to_end(tmp_path):
    proc = subprocess.run([*redline_exe(), "compare", SOURCE, DERIVED, "--format", "json", "--no-semantic"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["direction"]["source"] == SOURCE
    bad = bad_file(tmp_path, "binary")
    proc = subprocess.run([*redline_exe(), "compare", SOURCE, str(bad), "--no-semantic"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == f"redline: error: {bad}: looks like a binary file, not text"
